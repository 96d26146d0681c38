"""What the citizen reads of an estimate (eligibility-result.schema.json), on a phone screen.

The estimate is a few short bubbles: the programs that are likely, one plain line each (reason,
amount marked 暂定 where it rests on a provisional figure), then the few worth checking, then where
to apply. 「为什么 + 项目」 answers for that one program in a few lines. Lines are joined with a
Markdown line break, which the web chat keeps.
"""

from __future__ import annotations

import re
from typing import Any

from household.paths import field_name
from household.words import program_named, program_nickname

BR = "  \n"  # a line break that survives Markdown rendering in the web chat

FACT_LABELS: dict[str, str] = {
    "locality": "所在县区",
    "members": "家里几口人",
    "household_monthly_income": "家里每月收入",
    "monthly_income": "收入",
    "assets_within_local_limits": "家里的存款、房、车",
    "area": "城里还是农村",
    "residency": "户口",
    "age": "年龄",
    "disability": "残疾证",
    "serious_illness": "有没有重病",
    "able_to_work": "能不能干活",
    "employment": "工作情况",
    "school_stage": "上学情况",
    "self_care": "生活能否自理",
    "has_capable_supporter": "有没有人能养活",
    "parents": "孩子父母的情况",
    "housing": "住房情况",
    "events": "有没有突发的事",
    "medical_out_of_pocket": "看病自己花的钱",
    "education": "上学花的钱",
    "disability_and_care": "康复护理花的钱",
    "last_year_total_income": "去年全家收入",
    "excluded_income": "养老金等",
    "current_benefits": "已经在领的救助",
    "homeless": "有没有地方住",
    "union_worker_hardship": "有没有人在单位干满一年",
    "pregnant_or_nursing": "是否怀孕哺乳",
    "sex": "性别",
}

MAX_LIKELY = 4
MAX_POSSIBLE = 3
MAX_REASON_CHARS = 42
# Words of the rules that a citizen would not use, and what to say instead.
_PLAIN = (
    ("（暂定值）", "（暂定）"),
    ("暂定值", "暂定"),
    ("（含暂定扣减）", ""),
    ("含暂定扣减", ""),
    ("尚不清楚", "还不清楚"),
    ("尚待确认", "还要核实"),
    ("尚不确定", "还说不准"),
    ("人均收入", "每人每月收入"),
    ("家庭成员", "家里人"),
)
_BRACKET_PREFIX = re.compile(r"^【[^】]*】")
_MEMBER_NUMBER = re.compile(r"(\d+)号成员")


def plain(text: str) -> str:
    """A reason as a citizen would say it: no 【…】 labels, no 暂定值 / 含暂定扣减 jargon."""
    text = _BRACKET_PREFIX.sub("", text.strip())
    text = _MEMBER_NUMBER.sub(
        lambda m: "本人" if m.group(1) == "1" else f"第{m.group(1)}位家人", text
    )
    for jargon, spoken in _PLAIN:
        text = text.replace(jargon, spoken)
    return text


def short(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """The reason cut at a clause boundary within ``limit`` characters."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "，；。")
    return text[:cut] if cut > 8 else text[: limit - 1] + "…"


def fact_label(path: str) -> str:
    if path in FACT_LABELS:
        return FACT_LABELS[path]
    try:
        last = field_name(path)
    except ValueError:
        return path
    return FACT_LABELS.get(str(last), str(last))


def amount_text(program: dict[str, Any]) -> str:
    """「约每月 790 元（暂定）」 / 「约一次性 2,370 元（暂定，最多）」, or ""."""
    amount = program.get("estimated_amount") or {}
    if not isinstance(amount, dict):
        return ""
    if amount.get("label"):  # the rules' own words, 暂定 marked where it is
        return plain(str(amount["label"]))
    provisional = amount.get("provisional") or "暂定" in str(amount.get("formula") or "")
    mark = "（暂定）" if provisional else ""
    if amount.get("monthly"):
        return f"约每月 {round(float(amount['monthly']))} 元{mark}"
    if amount.get("once_min") is not None and amount.get("once_max"):
        low, high = round(float(amount["once_min"])), round(float(amount["once_max"]))
        return f"约一次性 {low}–{high} 元{mark}"
    if amount.get("once"):
        return f"约一次性 {round(float(amount['once']))} 元{mark}"
    return ""


def _programs(result: dict[str, Any], status: str) -> list[dict[str, Any]]:
    return [p for p in result.get("programs") or [] if p.get("status") == status]


def _first_for(programs: list[dict[str, Any]], program_id: str | None) -> list[dict[str, Any]]:
    """The program the citizen asked about first, the others in the estimate's order."""
    return sorted(programs, key=lambda p: p.get("id") != program_id)


def _decides(program: dict[str, Any]) -> str:
    labels = dict.fromkeys(fact_label(p) for p in program.get("missing_facts") or [])
    return "、".join(list(labels)[:3]) if labels else "工作人员核实"


def summarize_estimate(result: dict[str, Any], asked_for: str | None = None) -> list[str]:
    """The estimate as a few short bubbles (``asked_for``: the program id the request named)."""
    likely = _first_for(_programs(result, "likely"), asked_for)
    possible = _first_for(_programs(result, "possible"), asked_for)
    bubbles: list[str] = []
    lines = ["初步估算（仅供参考，以部门审核为准）："]
    if likely:
        lines.append("【较可能符合】")
        for program in likely[:MAX_LIKELY]:
            reason = short((program.get("reasons") or [""])[0])
            amount = amount_text(program)
            lines.append(f"· {program.get('name')}：{reason}" + (f"，{amount}" if amount else ""))
    else:
        lines.append("按您说的情况，暂时没有哪一项能说“较可能符合”。")
    bubbles.append(BR.join(lines))
    if possible:
        lines = ["【还要核实】"]
        for program in possible[:MAX_POSSIBLE]:
            lines.append(f"· {program.get('name')}：要看{_decides(program)}")
        more = len(possible) - MAX_POSSIBLE
        if more > 0:
            lines.append(f"另有 {more} 项也可能符合，工作人员会一并核实。")
        bubbles.append(BR.join(lines))
    first = (likely or possible or [None])[0]
    if first:
        department = first.get("department") or "当地民政部门"
        steps = [plain(s) for s in first.get("next_steps") or []]
        lines = [f"办理：向{department}或所在乡镇（街道）申请。"]
        bring = [step for step in steps if "带" in step or "材料" in step or "证" in step]
        if bring:
            lines.append(short(bring[0], 60))
        lines.append(
            "想知道哪一项的原因，可以问“为什么 + 项目”，比如“为什么" + _nickname(first) + "”。"
        )
        bubbles.append(BR.join(lines))
    return bubbles


def _nickname(program: dict[str, Any]) -> str:
    return program_nickname(str(program.get("id") or ""), str(program.get("name") or ""))


def explain_program(result: dict[str, Any], program_id: str) -> str:
    """The answer to 「为什么 + 项目」: status, reasons, the clause it rests on, who, what to do."""
    program = next((p for p in result.get("programs") or [] if p.get("id") == program_id), None)
    if program is None:
        return "这一项我还没有估算，工作人员会帮您核实。"
    status = {"likely": "较可能符合", "possible": "还要核实", "unlikely": "不太符合"}.get(
        str(program.get("status")), "还要核实"
    )
    lines = [f"【{program.get('name')}】{status}"]
    lines.extend(f"· {short(reason, 60)}" for reason in (program.get("reasons") or [])[:3])
    amount = amount_text(program)
    if amount:
        lines.append(f"· 金额：{amount}")
    if program.get("status") == "possible" and program.get("missing_facts"):
        lines.append(f"· 还要看：{_decides(program)}")
    citation = next(iter(program.get("citations") or []), None)
    if citation and citation.get("document"):
        clause = f"（{citation['clause']}）" if citation.get("clause") else ""
        lines.append(f"依据：{citation['document']}{clause}")
    if program.get("department"):
        lines.append(f"负责：{program['department']}")
    return BR.join(lines)


def explain_details(result: dict[str, Any], text: str = "") -> str:
    """「为什么」: the program the words name, or a short list to choose from."""
    named = program_named(text)
    if named:
        return explain_program(result, named)
    shown = _programs(result, "likely") + _programs(result, "possible")
    if not shown:
        shown = _programs(result, "unlikely")[:2]
    if len(shown) == 1:
        return explain_program(result, str(shown[0].get("id")))
    names = "、".join(f"“为什么{_nickname(p)}”" for p in shown[:4])
    return f"您想了解哪一项？可以问{names}。" if names else "目前信息还不够，暂时说不出具体原因。"


def why_buttons(result: dict[str, Any]) -> list[dict[str, str]]:
    """Quick replies 「为什么低保」… for the programs shown first."""
    shown = (_programs(result, "likely") + _programs(result, "possible"))[:3]
    return [{"title": f"为什么{_nickname(p)}", "payload": f"为什么{_nickname(p)}"} for p in shown]


def estimate_digest(result: dict[str, Any], limit: int | None = None) -> str:
    """One line: which programs are likely or possible (at most `limit` of each)."""
    likely_programs = _programs(result, "likely")
    possible_programs = _programs(result, "possible")
    likely = "、".join(p.get("name", "") for p in likely_programs[:limit])
    possible = "、".join(p.get("name", "") for p in possible_programs[:limit])
    if limit is not None and len(possible_programs) > limit:
        possible += f"等{len(possible_programs)}项"
    parts = []
    if likely:
        parts.append(f"较可能符合：{likely}")
    if possible:
        parts.append(f"还要核实：{possible}")
    return "；".join(parts) or "暂无明显符合的项目"
