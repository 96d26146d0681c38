"""Field paths of household.schema.json: 'area', 'expenses_12m.education', 'members[0].age'.

A field given as null counts as unknown, except ``members[i].disability`` where null means
"no 残疾人证" (a known fact).
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

MEMBER_PATH = re.compile(r"^members\[(\d+)\]\.(\w+)$")
_PART = re.compile(r"([a-z_0-9]+)(?:\[(\d+)\])?")


@functools.lru_cache(maxsize=8192)
def parse_path(path: str) -> tuple[int | None, tuple[str, ...]]:
    """'members[2].age' -> (2, ('age',)); 'expenses_12m.education' -> (None, (...))."""
    match = MEMBER_PATH.match(path)
    if match:
        return int(match.group(1)), (match.group(2),)
    return None, tuple(path.split("."))


def split_path(path: str) -> list[str | int]:
    """'members[1].disability' -> ['members', 1, 'disability']; ValueError for a bad path."""
    parts: list[str | int] = []
    for chunk in path.split("."):
        match = _PART.fullmatch(chunk)
        if not match:
            raise ValueError(f"bad field path: {path!r}")
        parts.append(match.group(1))
        if match.group(2) is not None:
            parts.append(int(match.group(2)))
    return parts


def field_name(path: str) -> str:
    """The last named component: 'members[1].age' -> 'age', 'expenses_12m.education' -> 'education'."""
    return str([part for part in split_path(path) if isinstance(part, str)][-1])


def member_index(path: str) -> int | None:
    """The member a path is about: 'members[1].age' -> 1; None for a household field."""
    match = MEMBER_PATH.match(path)
    return int(match.group(1)) if match else None


def get_path(household: dict[str, Any], path: str) -> tuple[bool, Any]:
    """(present, value) of a field path."""
    index, parts = parse_path(path)
    if index is not None:
        field = parts[0]
        members = household.get("members") or []
        if index >= len(members) or not isinstance(members[index], dict):
            return False, None
        if field not in members[index]:
            return False, None
        value = members[index][field]
        return (value is not None or field == "disability"), value
    node: Any = household
    for part in parts:
        if not isinstance(node, dict) or node.get(part) is None:
            return False, None
        node = node[part]
    return True, node


def is_known(household: dict[str, Any], path: str) -> bool:
    return get_path(household, path)[0]


def set_path(household: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``household`` with the field at ``path`` set to ``value``."""
    changed = copy.deepcopy(household)
    set_in_place(changed, path, value)
    return changed


def set_in_place(household: dict[str, Any], path: str, value: Any) -> None:
    """Set the field at ``path`` in ``household`` itself, creating members and objects on the way."""
    parts = split_path(path)
    node: Any = household
    for position, part in enumerate(parts[:-1]):
        following = parts[position + 1]
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            if not isinstance(node.get(part), (dict, list)):
                node[part] = [] if isinstance(following, int) else {}
            node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append({})
        node[last] = value
    else:
        node[last] = value
