"""Each vocabulary is defined once: the contract, the NLU domain, the API and the household agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from household import needs, vocabulary

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "contracts" / "household.schema.json").read_text(encoding="utf-8"))
MEMBER = SCHEMA["properties"]["members"]["items"]["properties"]


def test_member_enums_are_the_schemas() -> None:
    for field, values in vocabulary.MEMBER_ENUMS.items():
        assert list(values) == MEMBER[field]["enum"], field
    assert list(vocabulary.DISABILITY_TYPES) == MEMBER["disability"]["properties"]["type"]["enum"]


def test_household_enums_are_the_schemas() -> None:
    props = SCHEMA["properties"]
    for field, values in vocabulary.HOUSEHOLD_ENUMS.items():
        assert list(values) == props[field]["enum"], field
    events = props["events"]["items"]["properties"]["type"]["enum"]
    assert list(vocabulary.EVENT_TYPES) == events
    assert list(vocabulary.EXPENSE_FIELDS) == list(props["expenses_12m"]["properties"])


def test_every_field_kind_is_a_schema_field() -> None:
    props = SCHEMA["properties"]
    for field in (*vocabulary.MEMBER_BOOLS, *vocabulary.MEMBER_MONEY):
        assert field in MEMBER, field
    for field in (*vocabulary.HOUSEHOLD_BOOLS, *vocabulary.HOUSEHOLD_MONEY):
        assert field in props, field


def test_contract_intents_are_the_needs_and_the_domain_knows_them() -> None:
    contract = (ROOT / "contracts" / "intents.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| (\w+) \|", contract, flags=re.MULTILINE)
    needs_in_contract = [name for name in table if name != "intent"]
    assert sorted(needs_in_contract) == sorted(needs.CATEGORIES)
    conversation = re.search(r"## Conversation intents\s+(.+?)\n\n", contract, flags=re.DOTALL)
    assert conversation is not None
    listed = re.sub(r"\([^)]*\)", "", conversation.group(1)).replace(".", "")
    assert list(needs.CONVERSATION_INTENTS) == [w.strip() for w in listed.split(",")]
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    assert set(needs.CONTRACT_INTENTS) <= set(domain["intents"])


def test_api_categories_are_the_needs() -> None:
    pytest = __import__("pytest")
    schemas = pytest.importorskip("api.tickets.schemas")
    assert [c.value for c in schemas.Category] == list(needs.CATEGORIES)


def test_every_category_has_a_time_limit_kind() -> None:
    pytest = __import__("pytest")
    limits = pytest.importorskip("api.calendar.time_limits")
    for category in needs.CATEGORIES:
        assert limits.kind_for_category(category) in {"help", "complaint", "consult", "general"}
