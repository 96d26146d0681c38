"""Rasa 3.6 NLU component: normalised entity values for Chinese messages.

Runs after DIETClassifier, RegexEntityExtractor and EntitySynonymMapper. It

* sets each entity's ``value`` to the normalised fact (三口人 → 3, 两千五 → 2500.0,
  七十多岁 → 70, 二级 → 2, 农村 → "rural", 肢体 → "physical" ...), keeping the original
  words in ``text`` and marking approximate amounts (一千出头) with ``approximate: true``;
* adds ``code`` (GB/T 2260) to a resolved ``place``, or ``candidates`` when ambiguous;
* drops the RegexEntityExtractor duplicate of a span DIET already labelled (DIET knows
  whether 2000元 is a monthly income or another amount) and phones inside ID numbers;
* adds facts the model missed but that patterns state plainly (三口人, 七十多岁, 二级, a
  known county name, money after 每月/收入), so that a message carrying several facts yields
  all of them whatever its intent. These carry ``extractor: ChineseEntityNormalizer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.actions.log_masking import install_log_masking
from household import words
from zhtext import numbers
from zhtext.money_role import money_role
from zhtext.places import find_place_mentions, resolve_place

# The Rasa server loads this component, so its logs (messages, parsed entities) are masked too:
# phone and ID numbers never reach a log line unmasked.
install_log_masking()

_NUMERIC: dict[str, Callable[[str], float | int | None]] = {
    "household_size": numbers.parse_count,
    "monthly_income": numbers.parse_money,
    "amount": numbers.parse_money,
    "age": numbers.parse_age,
    "disability_grade": numbers.parse_grade,
}
_ENUMS: dict[str, tuple[Callable[[str], str | None], frozenset[str]]] = {
    "area": (words.normalise_area, frozenset({"urban", "rural"})),
    "relation": (
        words.normalise_relation,
        frozenset(
            {"self", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other"}
        ),
    ),
    "disability_type": (
        words.normalise_disability_type,
        frozenset(
            {"physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"}
        ),
    ),
    "school_stage": (
        words.normalise_school_stage,
        frozenset(
            {
                "preschool",
                "primary",
                "junior_high",
                "senior_high",
                "vocational",
                "college",
                "postgraduate",
            }
        ),
    ),
    "event_type": (
        words.normalise_event_type,
        frozenset(
            {
                "fire",
                "traffic_accident",
                "sudden_major_illness",
                "natural_disaster",
                "public_emergency",
                "job_loss",
                "death_in_family",
                "other",
            }
        ),
    ),
}
_NUM = r"[0-9０-９一二两俩三仨四五六七八九十叁肆伍陆柒捌玖拾]"
# Plain statements of a fact, used only where no extractor found an entity on that span.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("household_size", re.compile(rf"(?<![0-9.]){_NUM}{{1,2}}口(?:人)?")),
    ("age", re.compile(rf"(?<![0-9.]){_NUM}{{1,3}}(?:多)?(?:周)?岁")),
    ("disability_grade", re.compile(r"(?<![0-9.])[1-4一二三四壹贰叁肆]级")),
]
_EXTRACTOR = "ChineseEntityNormalizer"


def _overlaps(entity: dict[str, Any], start: int, end: int) -> bool:
    return entity["start"] < end and start < entity["end"]


_EXACT_PATTERNS = {"phone", "id_number", "ticket_number"}
_VALID_SHAPE = {
    "phone": re.compile(r"^(?:\+?86)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"),
    "id_number": re.compile(r"^(?:\d{17}[\dXx]|\d{15})$"),
    "ticket_number": re.compile(r"^12345-\d{8}-\d{6}$"),
}


def _is_regex(entity: dict[str, Any]) -> bool:
    return entity.get("extractor") == "RegexEntityExtractor"


def _same_span(first: dict[str, Any], second: dict[str, Any]) -> bool:
    return (first["start"], first["end"], first.get("entity")) == (
        second["start"],
        second["end"],
        second.get("entity"),
    )


def _regex_hit_is_redundant(
    entity: dict[str, Any], entities: list[dict[str, Any]], exact: list[dict[str, Any]]
) -> bool:
    """A regex hit the model found with the same span and label, a regex amount the model
    labelled too, or a regex phone inside an ID number."""
    start, end = entity["start"], entity["end"]
    if any(not _is_regex(other) and _same_span(other, entity) for other in entities):
        return True
    if entity.get("entity") == "amount":
        return any(not _is_regex(other) and _overlaps(other, start, end) for other in entities)
    if entity.get("entity") == "phone":
        return any(
            other.get("entity") == "id_number" and _overlaps(other, start, end)
            for other in exact
            if other is not entity
        )
    return False


def _drop_duplicates(entities: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Resolve overlaps between the model and the regexes.

    Phone, ID and ticket numbers have an exact shape: the regex span wins over anything the
    model put on the same characters, and a model "phone" that is no phone number (尾号4521) is
    dropped. For money, the model knows the role (monthly income or other amount): its label wins.
    """
    exact = [e for e in entities if _is_regex(e) and e.get("entity") in _EXACT_PATTERNS]
    kept: list[dict[str, Any]] = []
    for entity in entities:
        name = entity.get("entity")
        start, end = entity["start"], entity["end"]
        if not _is_regex(entity):
            if any(
                _overlaps(other, start, end) and not _same_span(other, entity) for other in exact
            ):
                continue
            shape = _VALID_SHAPE.get(str(name))
            if shape is not None and not shape.match(text[start:end].replace(" ", "")):
                continue
        elif _regex_hit_is_redundant(entity, entities, exact):
            continue
        kept.append(entity)
    return kept


def _missing_facts(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts stated plainly in ``text`` that no extractor reported."""
    added: list[dict[str, Any]] = []

    def free(start: int, end: int) -> bool:
        return not any(_overlaps(entity, start, end) for entity in entities + added)

    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                added.append(_new_entity(name, match.start(), match.end(), match.group(0)))
    for start, end, name in find_place_mentions(text):
        if free(start, end):
            added.append(_new_entity("place", start, end, name))
    return added


def _new_entity(name: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {
        "entity": name,
        "start": start,
        "end": end,
        "value": text,
        "confidence_entity": 1.0,
        "extractor": _EXTRACTOR,
    }


def normalise_entity(entity: dict[str, Any], message_text: str) -> dict[str, Any] | None:
    """The entity with its ``value`` normalised (a new dict; the input is not changed).

    None when a number or category entity holds no such value (a "disability grade" 三年级 or
    2000, a "relation" 大): such a span was mislabelled and is dropped. An unknown event
    becomes "other".
    """
    entity = dict(entity)
    name = entity.get("entity")
    start, end = entity.get("start"), entity.get("end")
    words = (
        message_text[start:end]
        if isinstance(start, int) and isinstance(end, int)
        else str(entity.get("value", ""))
    )
    entity["text"] = words
    if name in _NUMERIC:
        value = _NUMERIC[name](words)
        if value is None:
            return None
        entity["value"] = value
        if name in ("monthly_income", "amount") and numbers.is_approximate(words):
            entity["approximate"] = True
    elif name in _ENUMS:
        normalise, allowed = _ENUMS[name]
        current = entity.get("value")
        if current not in allowed:
            value = normalise(words) or (normalise(current) if isinstance(current, str) else None)
            if value is None and name != "event_type":
                return None
            entity["value"] = value or "other"
    elif name == "place":
        entity["value"] = words
        match = resolve_place(words)
        if match is not None and not match.ambiguous:
            entity["code"] = match.code
            entity["code_name"] = match.name
        elif match is not None:
            entity["candidates"] = [list(candidate) for candidate in match.candidates]
    return entity


# Entities that are one fact however many pieces the model labelled: a contiguous address
# (会宁县 + 郭城驿镇 + 红堡子村) or one sum of money (两千 + 五百元).
_JOINABLE = {"place", "amount", "monthly_income", "age", "household_size"}


# An administrative suffix the model labelled on its own (柴家门 unlabelled, 镇 labelled): the
# name between it and the place before it belongs to the same address.
_ADMIN_SUFFIX = frozenset("省市县区镇乡村")
_NAME_GAP = re.compile(r"^[\u4e00-\u9fff]{1,4}$")
_NOT_IN_NAMES = re.compile(r"[和与跟及或的在是住到从]")


def _continues_address(previous: dict[str, Any], entity: dict[str, Any], text: str) -> bool:
    if previous.get("entity") != "place" or entity.get("entity") != "place":
        return False
    if text[entity["start"] : entity["end"]] not in _ADMIN_SUFFIX:
        return False
    gap = text[previous["end"] : entity["start"]]
    return bool(_NAME_GAP.match(gap)) and not _NOT_IN_NAMES.search(gap)


def _join_adjacent(entities: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Join model entities of the same joinable kind that touch (no character between), and
    the pieces of one address the model broke around a name it did not know; drop a lone
    one-character "place" (a surname, 村 or 县 on its own is no place name)."""
    joined: list[dict[str, Any]] = []
    for entity in sorted(entities, key=lambda item: (item["start"], item["end"])):
        previous = joined[-1] if joined else None
        touching = previous is not None and (
            (previous["end"] == entity["start"] and previous.get("entity") == entity.get("entity"))
            or _continues_address(previous, entity, text)
        )
        if (
            previous is not None
            and touching
            and entity.get("entity") in _JOINABLE
            and not _is_regex(previous)
            and not _is_regex(entity)
        ):
            previous["end"] = entity["end"]
            previous["value"] = text[previous["start"] : previous["end"]]
            continue
        joined.append(entity)
    for entity in joined:
        # 一家五口 is one statement of the household size, however the model cut it.
        if entity.get("entity") == "household_size" and text[: entity["start"]].endswith("一家"):
            entity["start"] -= 2
            entity["value"] = text[entity["start"] : entity["end"]]
    return [
        entity
        for entity in joined
        if not (entity.get("entity") == "place" and entity["end"] - entity["start"] < 2)
    ]


def normalise_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deduplicate, join, complete and normalise the entities of one message."""
    entities = _drop_duplicates([dict(e) for e in entities if "start" in e and "end" in e], text)
    entities = _join_adjacent(entities, text)
    for entity in entities:
        if entity.get("entity") in ("monthly_income", "amount"):
            role = money_role(text, entity["start"], entity["end"])
            if role is not None:
                entity["entity"] = role
    entities = entities + _missing_facts(text, entities)
    entities.sort(key=lambda entity: entity["start"])
    normalised = (normalise_entity(entity, text) for entity in entities)
    return [entity for entity in normalised if entity is not None]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ChineseEntityNormalizer(GraphComponent):
    """Normalises Chinese numbers, money, ages, grades, categories and places in entities."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChineseEntityNormalizer:
        return cls()

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            entities = normalise_entities(text, list(message.get(ENTITIES, [])))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
