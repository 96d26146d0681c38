"""The small path language of `expect.facts`: where a fact sits in the filed household, and the check.

Paths: dot-separated fields; `[N]` an index; `[*]` every element; `[?field=value]` the elements that
match (operators = != < > <= >=, `a|b` alternatives, `null`; several conditions joined by `&`); a
final `.#` counts the selected elements. Examples:

    members[?relation=self].disability          the asking person's 残疾证
    members[?relation=child|grandchild].age     every child's age
    members[?age<18].parents                    every minor's parents
    members.#                                   how many people
    events[*].type                              the types of every event
    $monthly_income_total                       household_monthly_income if told, else the sum of
                                                the members' monthly_income, else
                                                last_year_total_income / 12

Expectations: a scalar (equal; numbers compare as numbers); `null` (absent or null: e.g. no
certificate); `{in: [...]}`; `{range: [lo, hi]}` (inclusive); `{not: v}`; `{present: true}`;
`{contains: v}`. Through a filter or `[*]`, a positive check holds when some selected value passes
it, a negative one (`null`, `not`) when every selected value does.
"""

from __future__ import annotations

import re
from typing import Any

_SEGMENT = re.compile(r"([^.\[\]]+)?((?:\[[^\]]*\])*)")
_CONDITION = re.compile(r"^\s*([\w.]+)\s*(!=|<=|>=|=|<|>)\s*(.*?)\s*$")
MISSING = object()


def _split(path: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def _scalar(text: str) -> Any:
    if text == "null":
        return None
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


def _matches(item: Any, condition: str) -> bool:
    match = _CONDITION.match(condition)
    if not match or not isinstance(item, dict):
        return False
    name, op, raw = match.groups()
    value = item.get(name)
    options = [_scalar(v) for v in raw.split("|")]
    if op == "=":
        return value in options
    if op == "!=":
        return value not in options
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    bound = options[0]
    return {"<": value < bound, ">": value > bound, "<=": value <= bound, ">=": value >= bound}[op]


def monthly_income_total(household: Any) -> Any:
    """The household's counted income per month, however the assistant recorded it."""
    if not isinstance(household, dict):
        return MISSING
    if household.get("household_monthly_income") is not None:
        return household["household_monthly_income"]
    incomes = [
        m["monthly_income"]
        for m in household.get("members") or []
        if isinstance(m, dict) and m.get("monthly_income") is not None
    ]
    if incomes:
        return sum(incomes)
    if household.get("last_year_total_income") is not None:
        return household["last_year_total_income"] / 12
    return MISSING


VIRTUAL = {"$monthly_income_total": monthly_income_total}


def select(document: Any, path: str) -> tuple[list[Any], bool]:
    """The values at `path` and whether the path selects many (a filter or `[*]`)."""
    if path in VIRTUAL:
        return [VIRTUAL[path](document)], False
    values: list[Any] = [document]
    many = False
    for part in _split(path):
        if part == "#":
            if many:
                return [len([v for v in values if v is not MISSING])], False
            value = values[0] if values else MISSING
            return [len(value) if isinstance(value, list) else 0], False
        match = _SEGMENT.fullmatch(part)
        if not match:
            raise ValueError(f"bad path segment {part!r} in {path!r}")
        name, brackets = match.group(1), match.group(2)
        if name:
            values = [v.get(name, MISSING) if isinstance(v, dict) else MISSING for v in values]
        for bracket in re.findall(r"\[([^\]]*)\]", brackets):
            out: list[Any] = []
            for v in values:
                if not isinstance(v, list):
                    continue
                if bracket == "*":
                    out.extend(v)
                    many = True
                elif bracket.startswith("?"):
                    out.extend(i for i in v if all(_matches(i, c) for c in bracket[1:].split("&")))
                    many = True
                else:
                    index = int(bracket)
                    out.append(v[index] if -len(v) <= index < len(v) else MISSING)
            values = out
    return values, many


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, bool) or isinstance(b, bool):
            return a is b
        return abs(a - b) < 1e-6
    return a == b


def _passes(value: Any, expected: Any) -> bool:
    if expected is None:
        return value is MISSING or value is None
    if isinstance(expected, dict):
        ((op, arg),) = expected.items()
        if op == "in":
            return value is not MISSING and any(_equal(value, a) for a in arg)
        if op == "range":
            return (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and arg[0] <= value <= arg[1]
            )
        if op == "not":
            return value is MISSING or not _equal(value, arg)
        if op == "present":
            return (value is not MISSING and value is not None) == bool(arg)
        if op == "contains":
            if isinstance(value, list):
                return any(_equal(v, arg) for v in value)
            return _equal(value, arg)
        raise ValueError(f"unknown check {op!r}")
    return value is not MISSING and _equal(value, expected)


def _negative(expected: Any) -> bool:
    return (
        expected is None
        or (isinstance(expected, dict) and "not" in expected)
        or (isinstance(expected, dict) and expected.get("present") is False)
    )


def check(document: Any, path: str, expected: Any) -> tuple[bool, str]:
    """Whether the fact at `path` meets `expected`, and what was found (for the report)."""
    values, many = select(document, path)
    shown = [None if v is MISSING else v for v in values]
    found = shown if many else (shown[0] if shown else None)
    if not many:
        value = values[0] if values else MISSING
        return _passes(value, expected), repr(found)
    if _negative(expected):
        return all(_passes(v, expected) for v in values), repr(found)
    return any(_passes(v, expected) for v in values), repr(found)
