"""Field paths of household.schema.json: 'area', 'expenses_12m.education', 'members[0].age'."""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

MEMBER_PATH = re.compile(r"^members\[(\d+)\]\.(\w+)$")


def is_known(household: dict[str, Any], path: str) -> bool:
    return get_path(household, path)[0]


@functools.lru_cache(maxsize=8192)
def parse_path(path: str) -> tuple[int | None, tuple[str, ...]]:
    """'members[2].age' -> (2, ('age',)); 'expenses_12m.education' -> (None, (...))."""
    match = MEMBER_PATH.match(path)
    if match:
        return int(match.group(1)), (match.group(2),)
    return None, tuple(path.split("."))


def get_path(household: dict[str, Any], path: str) -> tuple[bool, Any]:
    """(present, value) of a field path; a field given as null counts as absent, except
    ``members[i].disability`` where null means "no 残疾人证"."""
    index, parts = parse_path(path)
    if index is not None:
        field = parts[0]
        members = household["members"]
        if index >= len(members) or field not in members[index]:
            return False, None
        value = members[index][field]
        return (value is not None or field == "disability"), value
    node: Any = household
    for part in parts:
        if not isinstance(node, dict) or node.get(part) is None:
            return False, None
        node = node[part]
    return True, node


def set_path(household: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``household`` with the field at ``path`` set to ``value``."""
    changed = copy.deepcopy(household)
    match = MEMBER_PATH.match(path)
    if match:
        changed["members"][int(match.group(1))][match.group(2)] = value
        return changed
    parts = path.split(".")
    node = changed
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return changed
