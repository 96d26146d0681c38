"""Shared helpers for the programs that build on the basic ones."""

from __future__ import annotations

from policies.facts import Facts, Tri
from policies.outcome import Finding, best_status, status_tri

Done = dict[str, Finding]

PROGRAM_LABELS = {
    "dibao": "低保",
    "tekun": "特困供养",
    "low_income": "低保边缘（低收入）家庭",
    "rigid_expenditure": "刚性支出困难家庭",
    "orphan_child": "孤儿或事实无人抚养儿童",
}


def in_groups(f: Facts, done: Done, groups: tuple[str, ...]) -> tuple[Tri, str, list[str]]:
    """Does the household belong to one of ``groups`` (already receiving or likely eligible)?

    Returns (tri, a Chinese phrase naming the group(s), missing facts of the undecided groups).
    Memoised per household: several programs ask about the same groups.
    """
    cache = f.memo.setdefault("in_groups", {})
    if groups not in cache:
        cache[groups] = _in_groups(f, done, groups)
    tri, phrase, missing = cache[groups]
    return tri, phrase, list(missing)


def _in_groups(f: Facts, done: Done, groups: tuple[str, ...]) -> tuple[Tri, str, list[str]]:
    receiving = [g for g in groups if f.receives(g)]
    if receiving:
        names = "、".join(PROGRAM_LABELS[g] for g in receiving)
        return True, f"已享受{names}", []
    status = best_status([done[g].status for g in groups])
    matching = [g for g in groups if done[g].status == status]
    names = "、".join(PROGRAM_LABELS[g] for g in matching)
    missing = [m for g in matching for m in done[g].missing]
    if f.benefits is None:
        missing.append("current_benefits")
    phrase = {
        "likely": f"可能符合{names}条件",
        "possible": f"是否属于{names}尚待确认",
        "unlikely": "不属于" + "、".join(PROGRAM_LABELS[g] for g in groups),
    }[status]
    income_tested = any(g in ("dibao", "tekun", "low_income") for g in matching)
    if income_tested and f.any_provisional_standard():
        phrase += "（所依据的本地低保标准为暂定值）"
    return status_tri(status), phrase, missing
