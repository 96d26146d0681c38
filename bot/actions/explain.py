"""Short Chinese explanations of an estimate (eligibility-result.schema.json)."""

from __future__ import annotations

from typing import Any

from household.paths import field_name

FACT_LABELS: dict[str, str] = {
    "locality": "所在县区",
    "members": "家庭人口",
    "household_monthly_income": "家庭月收入",
    "monthly_income": "收入",
    "assets_within_local_limits": "家庭财产是否在规定以内",
    "area": "城镇还是农村",
    "residency": "户籍",
    "age": "年龄",
    "disability": "残疾证等级",
    "serious_illness": "是否患重大疾病",
    "able_to_work": "劳动能力",
    "employment": "就业情况",
    "school_stage": "上学阶段",
    "self_care": "生活自理能力",
    "has_capable_supporter": "有没有有能力的赡养人",
    "parents": "父母情况",
    "housing": "住房情况",
    "events": "突发事件",
    "medical_out_of_pocket": "自付医疗费",
    "education": "教育支出",
    "disability_and_care": "残疾康复护理支出",
    "last_year_total_income": "上年家庭总收入",
    "excluded_income": "不计入的收入",
    "current_benefits": "已在享受的救助",
    "homeless": "是否生活无着",
    "union_worker_hardship": "是否职工",
    "pregnant_or_nursing": "是否孕期哺乳期",
}

MAX_LIKELY = 3
MAX_POSSIBLE = 3


def fact_label(path: str) -> str:
    if path in FACT_LABELS:
        return FACT_LABELS[path]
    try:
        last = field_name(path)
    except ValueError:
        return path
    return FACT_LABELS.get(str(last), str(last))


def _amount(program: dict[str, Any]) -> str:
    amount = program.get("estimated_amount") or {}
    if not isinstance(amount, dict):
        return ""
    if amount.get("monthly"):
        return f"，约每月 {round(float(amount['monthly']))} 元"
    if amount.get("once"):
        return f"，约一次性 {round(float(amount['once']))} 元"
    return ""


def _programs(result: dict[str, Any], status: str) -> list[dict[str, Any]]:
    return [p for p in result.get("programs") or [] if p.get("status") == status]


def summarize_estimate(result: dict[str, Any]) -> str:
    """Likely programs with their main reason, possible ones with what decides, where to go."""
    likely = _programs(result, "likely")
    possible = _programs(result, "possible")
    lines = ["根据您说的情况，初步估算如下（仅供参考，最终以部门审核为准）："]
    if likely:
        lines.append("【较可能符合】")
        for program in likely[:MAX_LIKELY]:
            reason = (program.get("reasons") or [""])[0]
            lines.append(f"· {program.get('name')}：{reason}{_amount(program)}")
    if possible:
        lines.append("【可能符合，还要看】")
        for program in possible[:MAX_POSSIBLE]:
            missing = [fact_label(p) for p in program.get("missing_facts") or []]
            decides = "、".join(dict.fromkeys(missing)) if missing else "部门核实"
            lines.append(f"· {program.get('name')}：要看{decides}")
    if not likely and not possible:
        lines.append(
            "按目前的信息，暂时没有看到明显符合的救助项目。可以提交工单，请工作人员再核实。"
        )
    first = (likely or possible or [None])[0]
    if first:
        department = first.get("department") or "当地民政部门"
        steps = first.get("next_steps") or []
        lines.append(f"办理：向{department}或所在乡镇（街道）申请。" + (steps[0] if steps else ""))
        bring = [s for s in steps[1:] if "带" in s or "材料" in s or "证" in s]
        if bring:
            lines.append(bring[0])
    lines.append("想知道具体原因，可以问我“为什么”。")
    return "\n".join(lines)


def explain_details(result: dict[str, Any]) -> str:
    """The longer answer to “为什么”: all reasons, the documents they rest on, what to bring."""
    shown = _programs(result, "likely") + _programs(result, "possible")
    if not shown:
        shown = _programs(result, "unlikely")[:2]
    lines = []
    income = result.get("per_capita_monthly_income")
    if income is not None:
        lines.append(f"按您说的，家庭人均月收入约 {round(float(income))} 元。")
    for program in shown[: MAX_LIKELY + MAX_POSSIBLE]:
        lines.append(f"【{program.get('name')}】")
        lines.extend(f"· {reason}" for reason in program.get("reasons") or [])
        citations = [
            f"{c.get('document')}{('（' + c['clause'] + '）') if c.get('clause') else ''}"
            for c in program.get("citations") or []
            if c.get("document")
        ]
        if citations:
            lines.append("依据：" + "；".join(citations[:2]))
        if program.get("department"):
            lines.append(f"负责部门：{program['department']}")
        for step in (program.get("next_steps") or [])[:3]:
            lines.append(f"· {step}")
    return "\n".join(lines) if lines else "目前信息还不够，暂时说不出具体原因。"


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
        parts.append(f"可能符合：{possible}")
    return "；".join(parts) or "暂无明显符合的项目"
