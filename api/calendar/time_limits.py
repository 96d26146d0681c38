"""12345 work-order time limits per step, urgency and kind, from a cited YAML settings file.

Settings: ``api/calendar/time_limits.yaml`` (schema documented there), replaced as a whole by the
file named in env ``TIME_LIMITS_FILE``. Working-day limits are counted by
``api.calendar.workdays.add_working_days`` (start day excluded, ends 24:00 of the Nth working day);
hour limits (紧急/急难) are wall-clock hours from ``start``.

``Due.at`` is returned in ``start``'s timezone and is exclusive: overdue when ``now >= at``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from api.calendar.workdays import add_working_days, require_aware

DEFAULT_TIME_LIMITS_FILE = Path(__file__).with_name("time_limits.yaml")
TIME_LIMITS_ENV = "TIME_LIMITS_FILE"

STEPS: dict[str, str] = {
    "dispatch": "派单",
    "accept": "签收",
    "return": "退单申请窗口",
    "close": "办结",
    "callback": "回访",
    "extension_max": "延期上限",
    "temporary_decision": "临时救助审批",
}
URGENCIES: dict[str, str] = {"urgent": "紧急", "normal": "一般"}
KINDS: dict[str, str] = {
    "help": "求助",
    "complaint": "投诉/举报",
    "consult": "咨询",
    "general": "一般",
}
MAX_HOURS = 24 * 30
MAX_WORKING_DAYS = 60
MAX_NAME_LENGTH = 64


class TimeLimitsError(ValueError):
    """The time-limits settings file is malformed."""


@dataclass(frozen=True)
class Stage:
    name: str
    working_days: int


@dataclass(frozen=True)
class Limit:
    source: str
    provisional: bool
    hours: float | None = None
    working_days: int | None = None
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True)
class Due:
    at: dt.datetime
    provisional: bool
    rule: str


@dataclass(frozen=True)
class TimeLimits:
    warning_fraction: float
    categories: dict[str, str]  # exact category -> kind
    category_prefixes: tuple[tuple[str, str], ...]  # (prefix, kind), from keys ending in "*"
    limits: dict[tuple[str, str, str], Limit]  # (step, urgency, kind) -> limit
    path: str

    def kind_for_category(self, category: str) -> str:
        _check_name(category, "category")
        if category in self.categories:
            return self.categories[category]
        for prefix, kind in self.category_prefixes:
            if category.startswith(prefix) and len(category) > len(prefix):
                return kind
        raise ValueError(f"未知的工单分类 category={category!r}")

    def limit(self, step: str, urgency: str, kind: str) -> Limit:
        return self.limits[(step, urgency, kind)]


def _check_name(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{field} 必须是字符串，收到 {type(value).__name__}")
    if not value or len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"{field} 不能为空且不超过 {MAX_NAME_LENGTH} 个字符")
    return value


def _parse_limit(raw: Any, where: str) -> Limit:
    if not isinstance(raw, dict):
        raise TimeLimitsError(f"{where}: 时限必须是映射")
    unknown = set(raw) - {"hours", "working_days", "source", "provisional", "stages", "note"}
    if unknown:
        raise TimeLimitsError(f"{where}: 未知字段 {sorted(unknown)}")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise TimeLimitsError(f"{where}: 缺少 source（时限依据）")
    provisional = raw.get("provisional")
    if not isinstance(provisional, bool):
        raise TimeLimitsError(f"{where}: provisional 必须是 true/false")
    hours, days = raw.get("hours"), raw.get("working_days")
    if (hours is None) == (days is None):
        raise TimeLimitsError(f"{where}: hours 与 working_days 必须且只能给出一个")
    if hours is not None and (
        isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= MAX_HOURS
    ):
        raise TimeLimitsError(f"{where}: hours 必须是 0 到 {MAX_HOURS} 之间的数")
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WORKING_DAYS
    ):
        raise TimeLimitsError(f"{where}: working_days 必须是 1 到 {MAX_WORKING_DAYS} 之间的整数")
    stages: list[Stage] = []
    for raw_stage in raw.get("stages") or []:
        if (
            not isinstance(raw_stage, dict)
            or not isinstance(raw_stage.get("name"), str)
            or isinstance(raw_stage.get("working_days"), bool)
            or not isinstance(raw_stage.get("working_days"), int)
            or raw_stage["working_days"] < 1
        ):
            raise TimeLimitsError(f"{where}: stages 条目需要 name 和正整数 working_days")
        stages.append(Stage(raw_stage["name"], raw_stage["working_days"]))
    if stages and (days is None or sum(s.working_days for s in stages) != days):
        raise TimeLimitsError(f"{where}: stages 的工作日之和必须等于 working_days")
    return Limit(
        source=source.strip(),
        provisional=provisional,
        hours=float(hours) if hours is not None else None,
        working_days=days,
        stages=tuple(stages),
    )


def parse_time_limits(data: Any, path: str = "<memory>") -> TimeLimits:
    """Validate a settings document; every step x urgency x kind must resolve to a limit."""
    if not isinstance(data, dict):
        raise TimeLimitsError(f"{path}: 时限配置必须是映射")
    fraction = data.get("warning_fraction", 0.8)
    if (
        isinstance(fraction, bool)
        or not isinstance(fraction, (int, float))
        or not 0 < fraction <= 1
    ):
        raise TimeLimitsError(f"{path}: warning_fraction 必须大于 0 且不超过 1")
    raw_categories = data.get("categories")
    if not isinstance(raw_categories, dict) or not raw_categories:
        raise TimeLimitsError(f"{path}: 缺少 categories 映射")
    categories: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for name, kind in raw_categories.items():
        if not isinstance(name, str) or not name or kind not in KINDS:
            raise TimeLimitsError(
                f"{path}: 分类 {name!r} 的类别 {kind!r} 无效，可选 {sorted(KINDS)}"
            )
        if name.endswith("*"):
            prefixes.append((name[:-1], kind))
        else:
            categories[name] = kind
    raw_limits = data.get("limits")
    if not isinstance(raw_limits, dict):
        raise TimeLimitsError(f"{path}: 缺少 limits 映射")
    unknown_steps = set(raw_limits) - set(STEPS)
    if unknown_steps:
        raise TimeLimitsError(f"{path}: 未知的环节 {sorted(map(str, unknown_steps))}")
    limits: dict[tuple[str, str, str], Limit] = {}
    for step in STEPS:
        by_urgency = raw_limits.get(step)
        if not isinstance(by_urgency, dict):
            raise TimeLimitsError(f"{path}: 缺少环节 {step} 的时限")
        for urgency in URGENCIES:
            where = f"{path}: limits.{step}.{urgency}"
            raw = by_urgency.get(urgency)
            if isinstance(raw, dict) and "source" in raw:
                shared = _parse_limit(raw, where)
                for kind in KINDS:
                    limits[(step, urgency, kind)] = shared
            elif isinstance(raw, dict):
                for kind in KINDS:
                    limits[(step, urgency, kind)] = _parse_limit(raw.get(kind), f"{where}.{kind}")
            else:
                raise TimeLimitsError(f"{where}: 缺少时限")
    # Longest prefix first so a more specific pattern wins.
    prefixes.sort(key=lambda item: len(item[0]), reverse=True)
    return TimeLimits(float(fraction), categories, tuple(prefixes), limits, path)


@lru_cache(maxsize=4)
def _load_file(path: str) -> TimeLimits:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        raise TimeLimitsError(f"无法读取时限配置文件 {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise TimeLimitsError(f"时限配置文件 {path} 不是有效的 YAML") from exc
    return parse_time_limits(data, path)


def load_time_limits(path: str | os.PathLike[str] | None = None) -> TimeLimits:
    """The settings in force: ``path``, else the setting ``TIME_LIMITS_FILE``, else the shipped
    file.

    Cached per path; see ``clear_time_limits_cache``.
    """
    from api.core.config import get_settings

    chosen = path or get_settings().time_limits_file or DEFAULT_TIME_LIMITS_FILE
    return _load_file(str(chosen))


def clear_time_limits_cache() -> None:
    """Forget loaded settings (after editing a file in place or changing TIME_LIMITS_FILE: the
    service's settings are read again too)."""
    from api.core.config import get_settings

    get_settings.cache_clear()
    _load_file.cache_clear()


def kind_for_category(category: str) -> str:
    """Kind of time limit for a ticket category (NLU intent name): help|complaint|consult|general."""
    return load_time_limits().kind_for_category(category)


def due_at(step: str, *, category: str, urgency: str, start: dt.datetime) -> Due:
    """Deadline of ``step`` for a ticket of ``category`` and ``urgency`` whose clock starts at ``start``.

    ``start`` is what the step counts from: 受理 (or a return) for dispatch; filing/dispatch for
    accept, return and close; the
    reply (答复/办结) for callback; the current deadline for extension_max; the application for
    temporary_decision. ``Due.at`` is in ``start``'s timezone; ``Due.rule`` cites the source.
    """
    _check_name(step, "step")
    _check_name(urgency, "urgency")
    if step not in STEPS:
        raise ValueError(f"未知的时限环节 step={step!r}，可选：{', '.join(STEPS)}")
    if urgency not in URGENCIES:
        raise ValueError(f"未知的紧急程度 urgency={urgency!r}，可选：{', '.join(URGENCIES)}")
    require_aware(start, "start")
    settings = load_time_limits()
    kind = settings.kind_for_category(category)
    limit = settings.limit(step, urgency, kind)
    if limit.hours is not None:
        # Wall-clock hours: add in UTC so a DST zone on input cannot shift the instant.
        at = (start.astimezone(dt.timezone.utc) + dt.timedelta(hours=limit.hours)).astimezone(
            start.tzinfo
        )
        return Due(at, limit.provisional, limit.source)
    at, calendar_provisional = add_working_days(start, limit.working_days or 0)
    return Due(at, limit.provisional or calendar_provisional, limit.source)


def limit_text(step: str, *, category: str, urgency: str) -> str:
    """The limit of a step as a citizen reads it: '3个工作日', '2小时' (counted from dispatch)."""
    settings = load_time_limits()
    limit = settings.limit(step, urgency, settings.kind_for_category(category))
    if limit.hours is not None:
        hours = limit.hours
        return f"{int(hours) if float(hours).is_integer() else hours}小时"
    return f"{limit.working_days or 0}个工作日"


def can_request_extension(requested_at: dt.datetime, due: dt.datetime) -> bool:
    """An extension (延期) must be asked for before the deadline is reached."""
    require_aware(requested_at, "requested_at")
    require_aware(due, "due")
    return requested_at < due


def warning_fraction() -> float:
    """The configured share of allowed time after which to warn (for ``workdays.warning_at``)."""
    return load_time_limits().warning_fraction
