"""基本生活救助: 低保, 特困, 低保边缘, 刚性支出困难, 临时救助."""

from __future__ import annotations

from typing import Any

from policies.facts import Facts, money_sum, yuan
from policies.outcome import LIKELY, Finding, Path, decide, status_tri
from policies.programs.support import (
    Done,
    assets_condition,
    in_groups,
    require_residence,
    rest,
)
from policies.tri import Tri, tri_all, tri_any

DIBAO_CLAUSES = [
    ("relief_measures", "第九条（最低生活保障对象）"),
    ("huining_2022", "二、（一）二是 1（低保认定）"),
    ("huining_2022", "二、（一）一是 2（不计入收入的项目、刚性支出扣减）"),
    ("huining_2022", "二、（一）二是 2、3（低保渐退、参照“单人户”纳入）"),
    ("huining_2022", "二、（一）一是 3（城市低保残疾人本人低保金上浮20%）"),
    (
        "anhui_jianghuai_plan",
        "二、（一）（渐退期、就业成本扣减）；二、（五）（重残重病参照“单人户”）",
    ),
    ("shaanxi_2021", "二、（二）；十项措施 1、2"),
    ("jixi_2021", "三、（一）1；三、（五）18（持居住证人员在居住地申办）"),
    ("wuwei_2023", "三、（一）（参照单人户：低保边缘家庭重残重病人员、成年无业重度残疾人）"),
    ("wuwei_2023", "三、（二）就业救助方面（就业成本扣减、渐退期）"),
]
SINGLE_DOCS = ("huining_2022", "anhui_jianghuai_plan", "shaanxi_2021", "jixi_2021", "wuwei_2023")
TAPER_DOCS = ("huining_2022", "anhui_jianghuai_plan", "jixi_2021", "wuwei_2023")
JOBLESS = ("unemployed", "none")


def _income_condition(
    f: Facts, path: Path, multiple: float, what: str, ratio_provisional: bool = False
) -> Path:
    comparison = f.income_compare(multiple, ratio_provisional)
    versus = f.versus_standard(multiple)
    return path.require(
        comparison.value,
        f"{versus}，低于{what}",
        f"{versus}，不低于{what}",
        f"{versus}；{f.undecided_text(comparison, what)}",
        f.income_missing(),
    )


def _dibao_amount(f: Facts) -> dict[str, Any] | None:
    if f.income.per_capita is None or f.area is None:
        return None
    standard = f.standard(f.area)
    gap = max(0.0, standard - f.income.per_capita) * f.size
    formula = (
        f"（{f.standard_label(f.area)} {yuan(standard)} − 人均收入 {yuan(f.income.per_capita)}）"
        f"× {f.size} 人"
    )
    uplift = f.params.get("dibao_disabled_uplift")
    disabled = [i for i in range(f.size) if f.disability(i)]
    if uplift and disabled and f.param_local("dibao_disabled_uplift") is True:
        gap += standard * float(uplift) * len(disabled)
        formula += f" + 残疾人 {len(disabled)} 人 × 标准 × {float(uplift):.0%}"
    provisional = f.standard_provisional(f.area) or f.income.provisional
    mark = "（标准或扣减为暂定值）" if provisional else ""
    return {
        "monthly": round(gap, 2),
        "formula": f"{formula}，按差额补助估算{mark}，以审核为准",
        "provisional": provisional,
    }


def _single_amount(f: Facts, members: list[int], why: str) -> dict[str, Any] | None:
    """参照单人户: the standard less the person's own income, for each person included."""
    if f.area is None or not members:
        return None
    standard = f.standard(f.area)
    parts, total = [], 0.0
    for i in members:
        own = f.members[i].get("monthly_income")
        if own is None and f.size == 1:
            own = f.income.total
        if own is None:
            return None
        total += max(0.0, standard - float(own))
        parts.append(f"{i + 1}号成员 {yuan(standard)} − 本人收入 {yuan(float(own))} 元")
    return {
        "monthly": round(total, 2),
        "formula": f"参照单人户（{why}）：{f.standard_label(f.area)}减本人收入，"
        + "；".join(parts)
        + "，标准为暂定值，以审核为准",
        "provisional": True,
    }


def _regular(f: Facts) -> Path:
    path = require_residence(f, Path(""))
    _income_condition(f, path, 1, "低保标准")
    path.require(*assets_condition(f))
    path.amount = _dibao_amount(f)
    uplift = f.params.get("dibao_disabled_uplift")
    disabled = any(f.disability(i) for i in range(f.size))
    if uplift and disabled and f.param_local("dibao_disabled_uplift") is True:
        path.notes.append(f"城市低保家庭中残疾人本人低保金按标准上浮 {float(uplift):.0%}")
    return path


def _single_edge_family(f: Facts) -> Path:
    """参照单人户: 重残、重病 members of a 低保边缘 family."""
    members_special, special_members = f.any_member(
        lambda i: tri_any([f.severe_disability(i), f.members[i].get("serious_illness")])
    )
    # 重病 by out-of-pocket costs above last year's household income is the 会宁 plan's
    # definition: a household fact (it names no member); elsewhere only 「参照」.
    costly = f.medical_above_last_year_income()
    costly_term: Tri = costly
    if costly is True and f.local("huining_2022") is not True:
        costly_term = None
    special = tri_any([members_special, costly_term])
    if special_members:
        who = "、".join(f"{i + 1}号成员" for i in special_members)
        special_yes = f"{who}属重度残疾（一、二级或三级智力、精神残疾）或重病患者"
    else:
        special_yes = "家庭成员就医自负费用超过上年度家庭总收入，属重病患者"
    special_unknown = "家庭中是否有重度残疾人或重病患者尚不清楚"
    if costly is True and costly_term is None:
        special_unknown = (
            "就医自负费用超过上年度家庭总收入（会宁县方案的重病口径，本地仅供参照），"
            "是否认定为重病患者需核实"
        )
    special_missing = [
        p
        for i in range(f.size)
        for p in (f"members[{i}].disability", f"members[{i}].serious_illness")
        if f.severe_disability(i) is None or f.members[i].get("serious_illness") is None
    ]
    upper = float(f.params.get("low_income_upper_ratio"))
    ratio_provisional = f.params.provisional("low_income_upper_ratio") or (
        f.param_local("low_income_upper_ratio") is not True
    )
    path = require_residence(f, Path("参照“单人户”纳入（低保边缘家庭重残重病人员）"))
    path.require(
        special,
        special_yes,
        "家庭中没有重度残疾人或重病患者",
        special_unknown,
        [*special_missing, "last_year_total_income", "expenses_12m.medical_out_of_pocket"],
    )
    _income_condition(f, path, upper, "低保边缘家庭收入上限", ratio_provisional)
    path.require(*assets_condition(f))
    rest(f, path, SINGLE_DOCS)
    if special is True:
        path.amount = _single_amount(f, special_members, "低保边缘家庭重残重病人员")
    return path


def _single_adult_disabled(f: Facts) -> Path:
    """武政办发〔2023〕78号 三（一）: 参照单人户纳入最低生活保障范围的成年无业重度残疾人."""

    def candidate(i: int) -> Tri:
        employment = f.members[i].get("employment")
        jobless = None if employment is None else employment in JOBLESS
        return tri_all([f.adult(i), jobless, f.severe_disability(i)])

    def own_below(i: int) -> Tri:
        bounds = _own_income_range(f, i)
        return None if bounds is None else f.below(bounds[0], bounds[1], 1).value

    candidates = [candidate(i) for i in range(f.size)]
    values = [
        False if candidates[i] is False else tri_all([candidates[i], own_below(i)])
        for i in range(f.size)
    ]
    chosen = [i for i, v in enumerate(values) if v is True]
    missing = [
        p
        for i in range(f.size)
        if values[i] is None
        for p in (
            [f"members[{i}].monthly_income"]
            if candidates[i] is True
            else [f"members[{i}].age", f"members[{i}].employment", f"members[{i}].disability"]
        )
    ]
    who = "、".join(f"{i + 1}号成员" for i in chosen)
    path = require_residence(f, Path("参照“单人户”纳入（成年无业重度残疾人）"))
    path.require(
        tri_any(values),
        f"{who}为成年无业重度残疾人，本人收入低于低保标准",
        "家中没有本人收入低于低保标准的成年无业重度残疾人",
        "家中是否有成年无业重度残疾人（本人收入低于低保标准）尚不清楚",
        missing,
    )
    path.require(*assets_condition(f, "单人户", exclude=False))
    rest(f, path, ("wuwei_2023",))
    if chosen:
        path.amount = _single_amount(f, chosen, "成年无业重度残疾人")
    return path


def _recipients(f: Facts) -> Path:
    """Already on 低保: kept while income is below the standard, or tapered off after it rises."""
    ceiling = f.params.get("dibao_taper_income_ceiling_ratio")
    months = f.params.get("dibao_taper_max_months")
    requires_work = f.params.get("dibao_taper_requires_work")
    below = f.income_compare(1)
    working: Tri = True
    if requires_work:
        working, _ = f.any_member(
            lambda i: (
                None
                if f.members[i].get("employment") is None
                else f.members[i]["employment"] in ("employed", "flexible")
            )
        )
    under_ceiling: Tri = True if not ceiling else f.income_below(float(ceiling))
    taper: Tri = tri_all([working, under_ceiling])
    basis = f.basis(TAPER_DOCS)
    if basis is not True and taper is not False:
        taper = None
    combined = tri_any([below.value, taper])
    rule = []
    if ceiling:
        rule.append(f"人均收入低于低保标准的 {float(ceiling):g} 倍")
    if requires_work:
        rule.append("因重新就业或创业增收")
    rule_text = "、".join(rule) or "收入超过低保标准"
    if below.value is True:
        yes = "人均收入仍低于低保标准，继续保障"
    else:
        yes = f"人均收入已超过低保标准，{rule_text}，可给予 1-{months} 个月渐退期，期满后退出低保"
    if basis is True:
        unknown = f"是否仍低于低保标准、或符合渐退条件（{rule_text}）尚不确定"
    else:
        unknown = (
            f"人均收入可能已超过低保标准；本地是否实行渐退待核实（{f.borrowed_text(TAPER_DOCS)}）"
        )
    path = Path("已享受低保")
    path.require(
        f.receives("dibao"),
        "目前正在享受低保",
        "目前未享受低保，不适用渐退",
        "目前是否正在享受低保尚不清楚",
        ["current_benefits"],
    ).require(
        combined,
        yes,
        f"人均收入已超过低保标准，且不符合渐退条件（{rule_text}），将退出低保",
        unknown,
        [*f.income_missing(), *(f"members[{i}].employment" for i in range(f.size))],
    )
    return path


def dibao(f: Facts, done: Done) -> Finding:
    regular = _regular(f)
    # Whether the whole family (not one member as a 单人户) is likely 低保: the lower tiers step
    # aside for it.
    f.memo["dibao_family"] = regular.status
    paths = [regular, _single_edge_family(f), _single_adult_disabled(f), _recipients(f)]
    context = list(f.income.reasons)
    if any(
        m.get("pregnant_or_nursing") or m.get("self_care") in ("partial_loss", "total_loss")
        for m in f.members
    ):
        context.append(
            "家中有孕妇、哺乳期妇女或失能半失能成员，核算收入时还可按比例扣减必要的营养费、"
            "护理费（由民政部门核定，未计入上述估算）"
        )
    return decide(paths, DIBAO_CLAUSES, context)


TEKUN_CLAUSES = [
    ("relief_measures", "第十四条（特困人员供养）"),
    ("tekun_rules", "第五条（无劳动能力）、第六条（无生活来源：收入低于低保标准且财产符合规定）"),
    ("shaanxi_2021", "二、（一）"),
    ("huining_2022", "二、（一）一是 2（纳入特困的残疾等级）、3（供养标准不低于低保1.3倍）"),
    ("huining_2022", "二、（二）一是（照料护理）"),
    ("jixi_2021", "三、（一）2"),
    ("wuwei_2023", "一（按《甘肃省特困人员认定办法》第二章认定）；三、（一）"),
]
CARE_TIERS = {
    "full": "全自理",
    "partial_loss": "半失能（部分丧失自理能力）",
    "total_loss": "全失能",
}
RELATION_NAMES = {
    "self": "本人",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
}


def _own_income_range(f: Facts, i: int) -> tuple[float, float] | None:
    """The member's own counted income, or bounds from the household's (never more than it)."""
    own = f.members[i].get("monthly_income")
    if own is not None:
        return float(own), float(own)
    total = f.income.total
    if total is None:
        return None
    if f.size == 1:
        return total, total
    return 0.0, total


def _tekun_member(f: Facts, i: int) -> Path:
    member = f.members[i]
    age = member.get("age")
    elder = f.params.get("elder_age")
    category: Tri
    if age is not None and (age >= elder or age < 18) or f.disability(i) is True:
        category = True
    elif age is None or f.disability(i) is None:
        category = None
    else:
        category = False
    path = require_residence(f, Path(f"{i + 1}号成员"))
    path.require(
        category,
        f"属{elder}周岁以上老年人、残疾人或未满18周岁未成年人",
        "不属于老年人、残疾人或未成年人",
        "是否属老年人、残疾人或未成年人尚不清楚（年龄或残疾情况未知）",
        [f"members[{i}].age", f"members[{i}].disability"],
    ).require(
        f.lacks_work_ability(i),
        "无劳动能力",
        "有劳动能力",
        "是否有劳动能力尚不清楚",
        [f"members[{i}].able_to_work", f"members[{i}].disability"],
    )
    bounds = _own_income_range(f, i)
    comparison = None if bounds is None else f.below(bounds[0], bounds[1], 1)
    own = member.get("monthly_income")
    own_text = "本人收入" if own is None else f"本人收入 {yuan(float(own))} 元/月"
    standard = f.memo.get("standard_texts")
    if standard is None:
        standard = f.memo["standard_texts"] = "、".join(f.standard_text(a) for a in f.areas())
    path.require(
        None if comparison is None else comparison.value,
        f"{own_text}，低于{standard}，属无生活来源",
        f"{own_text}，不低于{standard}，不属无生活来源",
        "本人收入尚不清楚，是否无生活来源尚不确定"
        if comparison is None
        else f"{own_text}；{f.undecided_text(comparison, '低保标准')}",
        [f"members[{i}].monthly_income"],
    )
    path.require(*assets_condition(f, "特困人员", exclude=False))
    supporter, capable = f.has_supporter(i)
    who = "、".join(
        f"{RELATION_NAMES.get(str(f.members[j].get('relation')), '家庭成员')}（{j + 1}号成员）"
        for j in capable
    )
    path.require(
        None if supporter is None else not supporter,
        "无法定赡养、抚养、扶养义务人或义务人无履行能力",
        f"与有劳动能力的{who}共同生活，有能履行义务的法定赡养、抚养、扶养人"
        if capable
        else "有具备履行能力的法定赡养、抚养、扶养义务人",
        "是否有能履行义务的赡养、抚养、扶养人尚不清楚",
        [f"members[{i}].has_capable_supporter"],
    )
    care = member.get("self_care")
    if care:
        path.notes.append(f"照料护理标准按生活自理能力分档：{CARE_TIERS[care]}档")
    return path


def tekun(f: Facts, done: Done) -> Finding:
    paths = [_tekun_member(f, i) for i in range(f.size)]
    ratio = float(f.params.get("tekun_basic_ratio"))
    local_ratio = f.param_local("tekun_basic_ratio") is True
    for path in paths:
        if f.area is None:
            continue
        standard = f.standard(f.area)
        mark = "（暂定值）" if f.standard_provisional(f.area) else ""
        if local_ratio:
            path.amount = {
                "monthly": round(standard * ratio, 2),
                "formula": f"基本生活标准不低于{f.standard_label(f.area)} {yuan(standard)} 元"
                f"{mark} × {ratio:g}",
                "provisional": True,
            }
            path.notes.append(f"基本生活标准不低于 {yuan(standard * ratio)} 元/月{mark}")
        else:
            path.notes.append(
                f"基本生活标准由当地确定（参照会宁县方案为不低于低保标准的 {ratio:g} 倍，"
                "本地标准待核实）"
            )
    return decide(paths, TEKUN_CLAUSES)


LOW_INCOME_CLAUSES = [
    ("low_income_opinion_2023", "低保边缘家庭（不符合低保条件、人均收入低于低保标准1.5倍）"),
    ("huining_2022", "一、（三）（人均收入在低保标准1-1.5倍的低保边缘家庭）"),
    ("shaanxi_2021", "二、（三）"),
    ("anhui_jianghuai_plan", "二、（五）"),
    ("wuwei_2023", "一（按《甘肃省低收入人口认定及救助帮扶办法》第九条、第十条认定）"),
]


def low_income(f: Facts, done: Done) -> Finding:
    upper = float(f.params.get("low_income_upper_ratio"))
    ratio_provisional = f.params.provisional("low_income_upper_ratio") or (
        f.param_local("low_income_upper_ratio") is not True
    )
    path = require_residence(f, Path(""))
    family_dibao = f.memo.get("dibao_family") == LIKELY or f.receives("dibao") is True
    path.require(
        not family_dibao,
        "",
        "全家符合（或已享受）低保的，按低保救助（见低保项），不再单独认定为低保边缘家庭",
    )
    below = f.income_compare(1)
    if below.value is not False:
        path.notes.append(
            "人均收入可能低于低保标准：经核定低于低保标准的，按低保认定（见低保项）"
            if below.value is None
            else "人均收入低于低保标准，应先申请低保（见低保项）"
        )
    _income_condition(f, path, upper, "低保边缘家庭收入上限", ratio_provisional)
    path.require(*assets_condition(f))
    return decide([path], LOW_INCOME_CLAUSES, f.income.reasons)


RIGID_CLAUSES = [
    (
        "rigid_rules_2024",
        "认定条件：未纳入低保、特困、低保边缘；人均收入低于上年度当地居民人均可支配收入；"
        "财产符合规定；申请前12个月刚性支出总额占家庭总收入比例超出当地规定",
    ),
    ("low_income_opinion_2023", "刚性支出困难家庭"),
    ("wuwei_2023", "一（按《甘肃省低收入人口认定及救助帮扶办法》第十一条至第十三条认定）"),
    ("anhui_jianghuai_plan", "二、（三）、（五）"),
]


def _between(value: float, low: float, high: float) -> Tri:
    """value < [low, high]: True; value >= high: False; else unknown."""
    if value < low:
        return True
    if value >= high:
        return False
    return None


def _rigid_spending(f: Facts) -> tuple[Tri, float, bool, list[str]]:
    """(因病、因残、因学等支出 > 0, the known sum, all three known, missing paths)."""
    known = {
        k: f.expenses[k]
        for k in ("medical_out_of_pocket", "education", "disability_and_care")
        if f.expenses.get(k) is not None
    }
    missing = [
        f"expenses_12m.{k}"
        for k in ("medical_out_of_pocket", "education", "disability_and_care")
        if k not in known
    ]
    total = money_sum(known.values())
    if total > 0:
        return True, total, not missing, missing
    return (False if not missing else None), total, not missing, missing


def rigid_expenditure(f: Facts, done: Done) -> Finding:
    m = f.margin
    receiving = [g for g in ("dibao", "tekun", "low_income") if f.receives(g)]
    better = f.memo.get("dibao_family") == LIKELY or done["low_income"].status == LIKELY
    tier: Tri = not (receiving or better)
    path = Path("")
    path.require(
        tier,
        "未纳入低保、特困供养，也不属低保边缘家庭",
        "已享受或符合低保（低保边缘）条件的，按相应类别救助，不再认定为刚性支出困难家庭",
    )
    spent, spending, all_known, spending_missing = _rigid_spending(f)
    path.require(
        spent,
        f"近12个月因病、因残、因学等刚性支出 {yuan(spending)} 元",
        "近12个月没有因病、因残、因学等刚性支出",
        "近12个月医疗、教育、残疾康复等支出尚不清楚",
        spending_missing,
    )
    last_year = f.h.get("last_year_total_income")
    basis = "上年度家庭总收入"
    annual: float | None = None if last_year is None else float(last_year)
    if annual is None and f.income.total is not None:
        annual, basis = f.income.total * 12, "按当前月收入折算的家庭年收入"
    share: Tri = None
    share_text = "刚性支出占家庭年收入的比例尚不清楚"
    share_no = share_text
    income_missing = ["last_year_total_income", *f.income_missing()]
    if annual is not None and spent is not None:
        standards = [f.standard(a) for a in f.areas()]
        living_low = f.size * 12 * min(standards) * (1 - m)
        living_high = f.size * 12 * max(standards) * (1 + m)
        living = f.size * 12 * min(standards)
        low_ratio, high_ratio = f.params.get("rigid_share_band")
        if annual <= 0:
            share = True if spending > 0 else None
        else:
            share_low = (spending + living_low) / annual
            share_high = (spending + living_high) / annual
            if share_low > float(high_ratio) * (1 + m):
                share = True
            elif all_known and share_high < float(low_ratio) * (1 - m):
                share = False
        nominal = (spending + living) / annual if annual > 0 else float("inf")
        share_text = (
            f"刚性支出 {yuan(spending)} 元连同基本生活支出（按低保标准约 {yuan(living)} 元/年，暂定）"
            f"占{basis} {yuan(annual)} 元的 {nominal:.0%}"
        )
        band = (
            f"当地规定比例暂按 {float(low_ratio):.0%}-{float(high_ratio):.0%} 估计"
            "（参照甘肃省征求意见稿，待核实）"
        )
        share_no = f"{share_text}，低于{band}"
        share_text_unknown = f"{share_text}；{band}，是否超出当地规定比例需核实"
    else:
        share_text_unknown = share_text
    path.require(
        share,
        f"{share_text}，超出当地规定比例（暂按最高90%估计）",
        share_no,
        share_text_unknown,
        [*income_missing, *spending_missing],
    )
    # 人均收入低于上年度当地居民人均可支配收入.
    per_person = None if annual is None else annual / f.size
    thresholds = [float(f.params.get(f"resident_disposable_income_{a}_annual")) for a in f.areas()]
    provisional = any(
        f.params.provisional(f"resident_disposable_income_{a}_annual") for a in f.areas()
    )
    widen = m if provisional else 0.0
    t_low, t_high = min(thresholds) * (1 - widen), max(thresholds) * (1 + widen)
    under: Tri = None if per_person is None else _between(per_person, t_low, t_high)
    figure = "、".join(yuan(t) for t in dict.fromkeys(thresholds))
    mark = "（暂定值）" if provisional else ""
    path.require(
        under,
        f"家庭人均年收入 {yuan(per_person or 0)} 元，低于上年度当地居民人均可支配收入 {figure} 元{mark}",
        f"家庭人均年收入 {yuan(per_person or 0)} 元，不低于上年度当地居民人均可支配收入 {figure} 元{mark}",
        "家庭人均年收入尚不清楚"
        if per_person is None
        else f"家庭人均年收入 {yuan(per_person)} 元，与上年度当地居民人均可支配收入 {figure} 元{mark}"
        "接近，需以当地公布的数字核定",
        income_missing,
    )
    path.require(*assets_condition(f, "刚性支出困难家庭", exclude=False))
    return decide([path], RIGID_CLAUSES)


TEMPORARY_CLAUSES = [
    ("relief_measures", "第四十七条（临时救助对象）"),
    ("huining_2022", "二、（一）三是 1（城市低保标准×人数×月数，一事一议）"),
    ("jixi_2021", "三、（三）10（急难型2-4倍、支出型2-10倍）"),
    ("anhui_jianghuai_plan", "二、（六）"),
    ("shaanxi_2021", "十项措施 4"),
    ("wuwei_2023", "三、（三）"),
]
EVENT_NAMES = {
    "fire": "火灾",
    "traffic_accident": "交通事故",
    "sudden_major_illness": "突患重大疾病",
    "natural_disaster": "自然灾害",
    "public_emergency": "突发公共事件",
    "job_loss": "失业",
    "death_in_family": "家庭成员死亡",
    "other": "其他突发事件",
}
MAJOR_EVENTS = ("fire", "traffic_accident", "sudden_major_illness")


def _temporary_amount(f: Facts, kind: str) -> dict[str, Any] | None:
    """A range where the local rules give a formula; none where only another place's would."""
    if f.param_local("temporary_method") is not True:
        return None
    method = f.params.get("temporary_method")
    if method == "persons_months":  # 会宁: 当地城市居民最低生活保障标准 × 人数 × 月数
        standard = f.standard("urban")
        months = int(f.params.get("temporary_max_months"))
        mark = "（暂定值）" if f.standard_provisional("urban") else ""
        return {
            "once_min": round(standard * f.size, 2),
            "once_max": round(standard * f.size * months, 2),
            "formula": f"{f.standard_label('urban')} {yuan(standard)} 元{mark} × {f.size} 人 × "
            f"困难持续月数（1-{months} 个月，以审批为准）",
            "provisional": True,
        }
    if method == "multiple_range":
        if f.area is None and f.standard("urban") != f.standard("rural"):
            return None
        area = f.area or "urban"
        standard = f.standard(area)
        low, high = f.params.get(f"temporary_{kind}_multiples")
        mark = "（暂定值）" if f.standard_provisional(area) else ""
        return {
            "once_min": round(standard * low, 2),
            "once_max": round(standard * high, 2),
            "formula": f"单次户均为{f.standard_label(area)} {yuan(standard)} 元{mark}的 "
            f"{low}-{high} 倍（原则上，以审批为准）",
            "provisional": True,
        }
    return None


def temporary(f: Facts, done: Done) -> Finding:
    context: list[str] = []
    if f.h.get("residency") in ("residence_permit", "non_local"):
        context.append("临时救助已取消户籍地、居住地申请限制，可在急难发生地申请")
    happened = None if f.events is None else bool(f.events)
    names = "、".join(dict.fromkeys(EVENT_NAMES[e["type"]] for e in f.events or []))
    emergency = Path("急难型")
    emergency.require(
        happened,
        f"遭遇{names}等突发事件",
        "未遭遇突发事件",
        "是否遭遇火灾、交通事故、重病等突发事件尚不清楚",
        ["events"],
    )
    emergency.amount = _temporary_amount(f, "emergency")
    if any(e["type"] in MAJOR_EVENTS for e in f.events or []):
        emergency.notes.append("因火灾、交通事故、突患重大疾病造成重大生活困难的，可“一事一议”")
    loss = money_sum(e.get("loss", 0) for e in f.events or [])
    if loss:
        emergency.notes.append(f"事件损失或额外支出约 {yuan(loss)} 元")
    # 支出型: a 刚性支出困难 family, or a 低保/特困/边缘 family whose necessary spending jumped.
    poor, _, poor_missing = in_groups(f, done, ("dibao", "tekun", "low_income"))
    spent, _, _, spending_missing = _rigid_spending(f)
    rigid = status_tri(done["rigid_expenditure"].status)
    spending = Path("支出型")
    spending.require(
        tri_any([rigid, tri_all([poor, spent])]),
        "因病、因残、因学等刚性支出过大导致基本生活困难",
        "没有超过家庭承受能力的刚性支出",
        "刚性支出是否超过家庭承受能力尚不清楚",
        [*done["rigid_expenditure"].missing, *poor_missing, *spending_missing],
    )
    spending.amount = _temporary_amount(f, "expenditure")
    for path in (emergency, spending):
        if path.amount:
            path.notes.append("救助金额为按暂定低保标准估算的区间，实际以审批为准")
    return decide([emergency, spending], TEMPORARY_CLAUSES, context)
