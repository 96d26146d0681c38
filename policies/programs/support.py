"""Shared helpers for the programs that build on the basic ones."""

from __future__ import annotations

from policies.facts import Facts
from policies.outcome import Finding, Path, best_status, status_tri
from policies.tri import Tri

Done = dict[str, Finding]

PROGRAM_LABELS = {
    "dibao": "低保",
    "tekun": "特困供养",
    "low_income": "低保边缘家庭",
    "rigid_expenditure": "刚性支出困难家庭",
    "orphan_child": "孤儿或事实无人抚养儿童",
}


def in_groups(f: Facts, done: Done, groups: tuple[str, ...]) -> tuple[Tri, str, list[str]]:
    """Does the household belong to one of ``groups`` (already receiving or likely eligible)?

    Returns (tri, a Chinese phrase naming the group(s), missing facts of the undecided groups).
    Memoised per household: several programs ask about the same groups.
    """
    cache: dict[tuple[str, ...], tuple[Tri, str, list[str]]] = f.memo.setdefault("in_groups", {})
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
    if f.benefits is None and status != "likely":
        missing.append("current_benefits")
    phrase = {
        "likely": f"可能符合{names}条件",
        "possible": f"是否属于{names}尚待确认",
        "unlikely": "不属于" + "、".join(PROGRAM_LABELS[g] for g in groups),
    }[status]
    income_tested = any(g in ("dibao", "tekun", "low_income") for g in matching)
    if income_tested and f.any_provisional_standard() and status != "unlikely":
        phrase += "（所依据的低保标准为暂定值）"
    return status_tri(status), phrase, missing


def rest(f: Facts, path: Path, keys: tuple[str, ...]) -> Path:
    """Mark ``path`` as resting on the rules of ``keys``: borrowed ones cap it at possible."""
    value = f.basis(keys)
    if value is True:
        return path
    return path.rests_on(value, f.borrowed_text(keys), ["area"] if value is None else None)


def require_residence(f: Facts, path: Path) -> Path:
    """低保、特困 are applied for where the hukou is, or where one holds a 居住证; a temporary
    visitor (non_local) is referred home, so here it stays undecided rather than ruled out."""
    if f.h.get("residency") == "non_local":
        path.require(
            None,
            "",
            "",
            "临时外来人员一般需回户籍地申请（持居住证可在居住地申办）；在本地可先申请临时救助",
        )
    return path


def assets_condition(
    f: Facts, rules: str = "低保", exclude: bool = True
) -> tuple[Tri, str, str, str, list[str]]:
    """The property condition; ``exclude=False`` where our fact (the 低保 property rules) cannot
    rule out a program whose own property rules may be looser (特困, 刚性支出, 单人户)."""
    value = f.assets if exclude or f.assets is not False else None
    unknown = (
        "家庭财产（存款、房产、车辆等）是否符合本地规定尚不清楚"
        if f.assets is None
        else f"家庭财产超出低保规定，是否符合{rules}的财产规定需核实"
    )
    return (
        value,
        f"家庭财产符合本地{rules}财产规定" if f.assets else "家庭财产符合本地低保财产规定",
        "家庭财产超出本地低保财产规定",
        unknown,
        ["assets_within_local_limits"] if f.assets is None else [],
    )
