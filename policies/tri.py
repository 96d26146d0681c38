"""Three-valued logic: True / False / None (unknown)."""

from __future__ import annotations

from collections.abc import Iterable

Tri = bool | None


def tri_any(values: Iterable[Tri]) -> Tri:
    items = list(values)
    if any(v is True for v in items):
        return True
    if any(v is None for v in items):
        return None
    return False


def tri_all(values: Iterable[Tri]) -> Tri:
    items = list(values)
    if any(v is False for v in items):
        return False
    if any(v is None for v in items):
        return None
    return True


def tri_not(value: Tri) -> Tri:
    return None if value is None else not value


def never_false(value: Tri) -> Tri:
    """A condition that can confirm but never rule out: False becomes unknown."""
    return None if value is False else value
