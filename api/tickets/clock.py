"""The ticket service's view of the working-day calendar (api/calendar)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from api.core.config import get_settings

log = logging.getLogger(__name__)

# Deadlines that are obligations (a miss is a breach) vs windows (a right that expires).
OBLIGATION_STEPS = frozenset({"dispatch", "accept", "close", "callback", "temporary_decision"})
WINDOW_STEPS = frozenset({"return"})


@dataclass(frozen=True)
class DueTime:
    at: datetime
    provisional: bool
    rule: str


# Used only if the calendar cannot answer (it should always): a week, marked provisional.
FALLBACK_DAYS = 7


def due(step: str, *, category: str, urgency: str, start: datetime) -> DueTime:
    from api.calendar.time_limits import due_at

    try:
        result = due_at(step, category=category, urgency=urgency, start=start)
    except ValueError:
        log.exception("calendar could not compute %s deadline; using a provisional fallback", step)
        return DueTime(
            at=start + timedelta(days=FALLBACK_DAYS),
            provisional=True,
            rule=f"工作日历无法计算，暂按{FALLBACK_DAYS}个自然日（待人工核定）",
        )
    return DueTime(at=result.at, provisional=bool(result.provisional), rule=str(result.rule))


def _extension_limit(category: str, urgency: str):
    from api.calendar.time_limits import load_time_limits

    limits = load_time_limits()
    return limits.limit("extension_max", urgency, limits.kind_for_category(category))


def extension_cap(*, category: str, urgency: str) -> int:
    """The most working days an approved extension (延期) may add: the 延期上限 of time_limits."""
    return int(_extension_limit(category, urgency).working_days or 0)


def extend(days: int, *, category: str, urgency: str, start: datetime) -> DueTime:
    """``start`` (the current deadline) moved by ``days`` working days, capped at 延期上限."""
    from api.calendar.workdays import add_working_days

    limit = _extension_limit(category, urgency)
    cap = int(limit.working_days or 0)
    granted = min(days, cap)
    at, provisional = add_working_days(start, granted)
    rule = f"延期{granted}个工作日（上限{cap}个工作日：{limit.source}）"
    return DueTime(at=at, provisional=bool(provisional or limit.provisional), rule=rule)


def kind_of(category: str) -> str:
    from api.calendar.time_limits import kind_for_category

    return kind_for_category(category)


def shift_for_pause(due_at: datetime, paused_from: datetime, paused_to: datetime) -> datetime:
    from api.calendar.workdays import extend_for_pause

    return extend_for_pause(due_at, paused_from, paused_to)


def warn_at(start: datetime, due_at: datetime) -> datetime:
    """When to warn: the calendar's warning point if it offers one, else a fixed lead time."""
    try:
        from api.calendar.workdays import warning_at
    except ImportError:
        warning_at = None
    if warning_at is not None:
        try:
            return warning_at(start, due_at)
        except Exception:  # noqa: BLE001 - a warning time is never worth failing a request
            pass
    return due_at - timedelta(minutes=get_settings().warn_before_minutes)
