"""Jinja2 environment of the pages: Chinese labels and Asia/Shanghai times."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from api.core.timeutil import SHANGHAI
from api.tickets.lifecycle import ACTION_NAMES, STATUS_NAMES

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

CATEGORY_NAMES: dict[str, str] = {
    "request_dibao": "申请低保",
    "request_tekun": "申请特困供养",
    "request_temporary": "临时救助",
    "request_medical": "医疗救助",
    "request_education": "教育救助",
    "request_housing": "住房救助",
    "request_employment": "就业救助",
    "request_disability": "残疾人帮扶",
    "request_child_welfare": "儿童福利",
    "request_disaster": "受灾救助",
    "request_vagrant": "流浪乞讨救助",
    "ask_eligibility": "政策咨询",
    "complain_handling": "投诉办理",
    "report_fraud": "举报骗保",
    "query_ticket_status": "查询进度",
    "out_of_scope": "其他事项",
}
URGENCY_NAMES = {"urgent": "紧急", "normal": "一般"}
CHANNEL_NAMES = {"chat": "网上咨询", "phone": "12345来电", "web": "网页", "import": "批量导入"}
STEP_NAMES = {
    "accept": "签收",
    "return": "退单期限",
    "close": "办结",
    "callback": "回访",
    "temporary_decision": "临时救助审批",
}
SATISFACTION_NAMES = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
PROGRAM_STATUS_NAMES = {"likely": "可能符合", "possible": "需进一步核实", "unlikely": "不太符合"}
LOCALITY_NAMES = {
    "620422": "会宁县",
    "620400": "白银市",
    "620600": "武威市",
    "620000": "甘肃省",
    "341824": "绩溪县",
    "341800": "宣城市",
    "340000": "安徽省",
    "610000": "陕西省",
}


def local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(SHANGHAI).strftime(fmt)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


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
)
