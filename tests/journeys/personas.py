"""Personas: who the simulated citizen is, what it knows, how it talks, and what the filed order must hold.

A persona file is YAML: a list of personas (or `{personas: [...]}`). See README.md for the fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SETS = {"held_out": HERE / "personas", "tuning": HERE / "tuning"}
CONTRACTS = ROOT / "contracts"

STATUSES = ("likely", "possible", "unlikely")
PERSONA_KEYS = {
    "id",
    "description",
    "group",
    "first_message",
    "facts",
    "style",
    "say",
    "replies",
    "extras",
    "place",
    "name",
    "phone",
    "restate",
    "expect",
}
EXPECT_KEYS = {
    "category",
    "locality",
    "filed",
    "urgency",
    "facts",
    "programs",
    "must_not",
    "max_household_questions",
    "free_topics",
    "handover",
    "emergency",
    "end_within",
}


def program_ids() -> list[str]:
    schema = json.loads((CONTRACTS / "eligibility-result.schema.json").read_text(encoding="utf-8"))
    return schema["properties"]["programs"]["items"]["properties"]["id"]["enum"]


@dataclass
class Expect:
    category: list[str]
    locality: list[str] | None = None  # acceptable codes; None: not checked
    filed: bool | None = True
    urgency: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    programs: dict[str, list[str]] = field(default_factory=dict)
    must_not: dict[str, list[str]] = field(default_factory=dict)
    max_household_questions: int | None = None
    free_topics: list[str] = field(default_factory=list)
    handover: bool | None = None
    emergency: bool | None = None
    end_within: int = 16


@dataclass
class Persona:
    id: str
    description: str
    first_message: str
    facts: dict[str, Any]
    expect: Expect
    group: str = ""
    style: dict[str, Any] = field(default_factory=dict)
    say: dict[str, Any] = field(default_factory=dict)
    replies: list[dict[str, str]] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    place: str | None = None
    name: str | None = None
    phone: str | None = None
    restate: str | None = None
    source: str = ""


def _as_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _statuses(raw: dict[str, Any], where: str) -> dict[str, list[str]]:
    known = set(program_ids())
    out: dict[str, list[str]] = {}
    for program, statuses in (raw or {}).items():
        if program not in known:
            raise ValueError(f"{where}: unknown program id {program!r}")
        values = _as_list(statuses) or []
        bad = [s for s in values if s not in STATUSES]
        if bad:
            raise ValueError(f"{where}: unknown status {bad} for {program}")
        out[program] = values
    return out


def parse_persona(raw: dict[str, Any], source: str) -> Persona:
    where = f"{source}:{raw.get('id', '?')}"
    unknown = set(raw) - PERSONA_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "description", "first_message", "facts", "expect"):
        if not raw.get(key):
            raise ValueError(f"{where}: missing {key}")
    e = raw["expect"]
    unknown = set(e) - EXPECT_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown expect keys {sorted(unknown)}")
    locality = e.get("locality")
    expect = Expect(
        category=_as_list(e.get("category")) or [],
        locality=_as_list(locality),
        filed=e.get("filed", True),
        urgency=e.get("urgency"),
        facts=dict(e.get("facts") or {}),
        programs=_statuses(e.get("programs"), where),
        must_not=_statuses(e.get("must_not"), where),
        max_household_questions=e.get("max_household_questions"),
        free_topics=list(e.get("free_topics") or []),
        handover=e.get("handover"),
        emergency=e.get("emergency"),
        end_within=int(e.get("end_within", 16)),
    )
    if not expect.category:
        raise ValueError(f"{where}: expect.category is required")
    return Persona(
        id=str(raw["id"]),
        description=str(raw["description"]).strip(),
        first_message=str(raw["first_message"]).strip(),
        facts=raw["facts"],
        expect=expect,
        group=str(raw.get("group", "")),
        style=dict(raw.get("style") or {}),
        say={str(k): v for k, v in (raw.get("say") or {}).items()},
        replies=list(raw.get("replies") or []),
        extras=[str(x) for x in raw.get("extras") or []],
        place=raw.get("place"),
        name=raw.get("name"),
        phone=str(raw["phone"]) if raw.get("phone") else None,
        restate=raw.get("restate"),
        source=source,
    )


def load_file(path: Path) -> list[Persona]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get("personas", []) if isinstance(data, dict) else data
    return [parse_persona(item, path.name) for item in items or []]


def load_set(name: str) -> list[Persona]:
    """All personas of a set ("held_out" or "tuning"), in file then file-order."""
    folder = SETS[name]
    personas = [p for path in sorted(folder.glob("*.yaml")) for p in load_file(path)]
    ids = [p.id for p in personas]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate persona ids in {name}: {sorted(duplicates)}")
    return personas
