"""Jinja2 environment of the pages: Chinese labels and Asia/Shanghai times."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from api.core.timeutil import SHANGHAI, utcnow
from api.tickets.handoff import summary
from api.tickets.lifecycle import ACTION_NAMES, STATUS_NAMES
from api.web.household_form import LABELS as HH_LABELS
from household.needs import CATEGORY_ZH
from policies.parameters import NATIONAL, locality_files
from zhtext.masking import mask_phone
from zhtext.places import full_name, place_by_code

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

CATEGORY_NAMES = CATEGORY_ZH
URGENCY_NAMES = {"urgent": "紧急", "normal": "一般"}
CHANNEL_NAMES = {"chat": "网上咨询", "phone": "12345来电", "web": "网页", "import": "批量导入"}
STEP_NAMES = {
    "dispatch": "派单",
    "accept": "签收",
    "return": "退单期限",
    "close": "办结",
    "callback": "回访",
    "temporary_decision": "临时救助审批",
}
SATISFACTION_NAMES = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
PROGRAM_STATUS_NAMES = {"likely": "可能符合", "possible": "需进一步核实", "unlikely": "不太符合"}


class PlaceNames(Mapping[str, str]):
    """Chinese names of GB/T 2260 codes (zhtext.places); iterating gives the localities that
    have their own assistance parameters (the filter lists of the pages)."""

    def __getitem__(self, code: str) -> str:
        place = place_by_code(code)
        if place is None:
            raise KeyError(code)
        return place.name

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(code for code in locality_files() if code != NATIONAL))

    def __len__(self) -> int:
        return sum(1 for _ in self)


LOCALITY_NAMES = PlaceNames()


def local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(SHANGHAI).strftime(fmt)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def age(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago: '35分钟', '3小时20分', '2天5小时'."""
    if value is None:
        return ""
    minutes = max(0, int(((now or utcnow()) - value).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}分钟"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}小时{rest}分" if rest else f"{hours}小时"
    days, hours = divmod(hours, 24)
    return f"{days}天{hours}小时" if hours else f"{days}天"


def yuan(value: float | int | None) -> str:
    """60000.0 -> '60,000元', 800.5 -> '800.5元' (money as people write it)."""
    if value is None:
        return ""
    number = float(value)
    return f"{int(number):,}元" if number.is_integer() else f"{number:,.2f}元"


def num(value: float | int | None) -> str:
    """A number for a form field: 60000.0 -> '60000', 800.5 -> '800.5', None -> ''."""
    if value is None or value == "":
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def place_name(code: str | None) -> str:
    """The full name of a GB/T 2260 code (甘肃省白银市会宁县), the code itself if unknown."""
    if not code:
        return ""
    place = place_by_code(code)
    return full_name(code) if place is not None else code


def duration(minutes: float | None) -> str:
    if minutes is None:
        return "—"
    if minutes < 60:
        return f"{minutes:.0f} 分钟"
    if minutes < 60 * 48:
        return f"{minutes / 60:.1f} 小时"
    return f"{minutes / 1440:.1f} 天"


env = templates.env
env.filters["local_time"] = local_time
env.filters["percent"] = percent
env.filters["duration"] = duration
env.filters["age"] = age
env.filters["yuan"] = yuan
env.filters["num"] = num
env.filters["preview"] = summary
env.filters["mask_phone"] = mask_phone
env.filters["place_name"] = place_name
env.globals.update(
    STATUS_NAMES=STATUS_NAMES,
    ACTION_NAMES=ACTION_NAMES,
    CATEGORY_NAMES=CATEGORY_NAMES,
    URGENCY_NAMES=URGENCY_NAMES,
    CHANNEL_NAMES=CHANNEL_NAMES,
    STEP_NAMES=STEP_NAMES,
    SATISFACTION_NAMES=SATISFACTION_NAMES,
    PROGRAM_STATUS_NAMES=PROGRAM_STATUS_NAMES,
    LOCALITY_NAMES=LOCALITY_NAMES,
    place_name=place_name,
    HH_LABELS=HH_LABELS,
)
