"""Departments and routing rules in memory: every work order needs them (routing, the on-duty
officer who answers first, department names in each answer) and they change a few times a year.

A snapshot is read in one go and kept REFERENCE_CACHE_SECONDS; any change made through
`api.departments.service` drops it in this worker at once (other workers re-read it within that
time).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session, object_session

from api.core.config import get_settings
from api.departments.models import Department, RoutingRule


@dataclass(frozen=True)
class DepartmentInfo:
    code: str
    name: str
    locality: str
    on_duty_username: str | None
    active: bool
    kind: str = ""


@dataclass(frozen=True)
class RuleInfo:
    category: str
    department_code: str
    intake: bool


@dataclass
class Snapshot:
    departments: dict[str, DepartmentInfo] = field(default_factory=dict)
    rules: dict[str, list[RuleInfo]] = field(default_factory=dict)  # locality -> its rules
    names: dict[str, str] = field(default_factory=dict)
    loaded_at: float = 0.0


_lock = threading.Lock()
_snapshot: Snapshot | None = None
_generation = 0


def invalidate() -> None:
    """Forget the snapshot (after a change to departments or routing)."""
    global _snapshot, _generation
    with _lock:
        _snapshot = None
        _generation += 1


def _load(session: Session | Connection) -> Snapshot:
    snap = Snapshot(loaded_at=time.monotonic())
    for code, name, locality, on_duty, active, kind in session.execute(
        select(
            Department.code,
            Department.name,
            Department.locality,
            Department.on_duty_username,
            Department.active,
            Department.kind,
        )
    ):
        snap.departments[code] = DepartmentInfo(
            code, name, locality, on_duty, bool(active), kind or ""
        )
        snap.names[code] = name
    for locality, category, code, intake in session.execute(
        select(
            RoutingRule.locality,
            RoutingRule.category,
            RoutingRule.department_code,
            RoutingRule.intake,
        ).order_by(RoutingRule.id)
    ):
        snap.rules.setdefault(locality, []).append(RuleInfo(category, code, bool(intake)))
    return snap


def fresh() -> Snapshot | None:
    """The current snapshot if it need not be read again, else None."""
    snap = _snapshot
    if (
        snap is not None
        and time.monotonic() - snap.loaded_at < get_settings().reference_cache_seconds
    ):
        return snap
    return None


def reference(session: Session | Connection) -> Snapshot:
    """The current snapshot, read with `session` when missing or older than the setting."""
    global _snapshot
    snap = _snapshot
    ttl = get_settings().reference_cache_seconds
    if snap is not None and time.monotonic() - snap.loaded_at < ttl:
        return snap
    generation = _generation
    snap = _load(session)
    with _lock:
        if generation == _generation:  # no change while it was being read
            _snapshot = snap
    return snap


# Any change to a department or a routing rule through the ORM drops the snapshot once committed.
def _changed(_mapper, _connection, target) -> None:
    session = object_session(target)
    if session is not None:
        session.info["reference_changed"] = True


for _model in (Department, RoutingRule):
    for _event in ("after_insert", "after_update", "after_delete"):
        event.listen(_model, _event, _changed)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop("reference_changed", False):
        invalidate()
