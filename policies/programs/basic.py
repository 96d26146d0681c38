"""基本生活救助: 低保, 特困, 低保边缘/低收入, 刚性支出困难, 临时救助."""

from __future__ import annotations

from policies.facts import Facts, money_sum, tri_any, tri_not, yuan
from policies.outcome import Finding, Path, decide, status_tri

Done = dict[str, Finding]

DIBAO_CLAUSES = [
    ("huining_2022", "二、（一）二是 1（低保认定）"),
    ("huining_2022", "二、（一）一是 2（不计入收入的项目、刚性支出扣减）"),
    ("huining_2022", "二、（一）二是 2、3（低保渐退、参照“单人户”纳入）"),
    ("huining_2022", "二、（一）一是 3（残疾人低保金上浮20%）"),
    ("anhui_jianghuai_plan", "二、（一）（渐退期、就业成本扣减）"),
    ("anhui_jianghuai_plan", "二、（五）（重残重病参照“单人户”纳入）"),
    ("shaanxi_2021", "二、（二）"),
    ("shaanxi_2021", "十项措施 1、2"),
    ("jixi_2021", "三、（一）1；三、（五）18（持居住证人员在居住地申办）"),
    ("anhui_jianghuai_plan", "二、（九）（持居住证人员在居住地申办）"),
    ("wuwei_2023", "三、（一）；三、（二）就业救助方面"),
]


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


def _assets(f: Facts) -> tuple:
    return (
        f.assets,
        "家庭财产符合本地低保财产规定",
        "家庭财产超出本地低保财产规定",
        "家庭财产（存款、房产、车辆等）是否符合本地规定尚不清楚",
        ["assets_within_local_limits"],
    )


def _dibao_amount(f: Facts) -> dict | None:
    if f.income.per_capita is None or f.area is None:
        return None
    standard = f.standard(f.area)
    gap = max(0.0, standard - f.income.per_capita) * f.size
    formula = f"（低保标准 {yuan(standard)} − 人均收入 {yuan(f.income.per_capita)}）× {f.size} 人"
    uplift = f.params.get("dibao_disabled_uplift")
    disabled = [i for i in range(f.size) if f.disability(i)]
    if uplift and disabled:
        gap += standard * uplift * len(disabled)
        formula += f" + 残疾人 {len(disabled)} 人 × 标准 × {uplift:.0%}"
    amount = {"monthly": round(gap, 2), "formula": formula + "，按差额补助估算，以审核为准"}
    if f.standard_provisional(f.area):
        amount["provisional"] = True
    return amount


def dibao(f: Facts, done: Done) -> Finding:
    income_missing = f.income_missing()
    regular = require_residence(f, Path(""))
    regular.require(
        f.income_below(1),
        f"{f.versus_standard()}，低于低保标准",
        f"{f.versus_standard()}，不低于低保标准",
        f"{f.versus_standard()}，能否低于低保标准尚不确定",
        income_missing,
    ).require(*_assets(f))
    regular.amount = _dibao_amount(f)
    if f.params.get("dibao_disabled_uplift") and any(f.disability(i) for i in range(f.size)):
        regular.notes.append(
            f"残疾人本人低保金按标准上浮 {f.params.get('dibao_disabled_uplift'):.0%}"
        )

    upper = float(f.params.get("low_income_upper_ratio"))
    members_special, special_members = f.any_member(
        lambda i: tri_any([f.severe_disability(i), f.members[i].get("serious_illness")])
    )
    # 重病 also covers out-of-pocket costs above last year's household income (a household fact:
    # it names no member, so it counts as one person).
    costly = f.medical_above_last_year_income()
    special = tri_any([members_special, costly])
    if special_members:
        who = "、".join(f"{i + 1}号成员" for i in special_members)
        special_yes = f"{who}属重度残疾（一、二级或三级智力、精神残疾）或重病患者"
    else:
        special_yes = "家庭成员就医自负费用超过上年度家庭总收入，属重病患者"
    special_missing = [
        p
        for i in range(f.size)
        for p in (f"members[{i}].disability", f"members[{i}].serious_illness")
        if f.severe_disability(i) is None or f.members[i].get("serious_illness") is None
    ]
    single = require_residence(f, Path("参照“单人户”纳入"))
    single.require(
        special,
        special_yes,
        "家庭中没有重度残疾人或重病患者",
        "家庭中是否有重度残疾人或重病患者尚不清楚",
        [*special_missing, "last_year_total_income", "expenses_12m.medical_out_of_pocket"],
    ).require(
        f.income_below(upper),
        f"{f.versus_standard(upper)}，属低保边缘（低收入）家庭",
        f"{f.versus_standard(upper)}，超过低保边缘家庭收入上限",
        "家庭收入是否在低保边缘范围内尚不确定",
        income_missing,
    ).require(*_assets(f))
    if special is True and f.area is not None:
        standard = f.standard(f.area)
        count = max(1, len(special_members))
        single.amount = {
            "monthly": round(standard * count, 2),
            "formula": f"参照单人户，{count} 人 × 低保标准 {yuan(standard)} 元（最高，扣除本人收入）",
        }

    ceiling = f.params.get("dibao_taper_income_ceiling_ratio")
    months = f.params.get("dibao_taper_max_months")
    taper = Path("低保渐退")
    taper.require(
        f.receives("dibao"),
        "目前正在享受低保",
        "目前未享受低保，不适用渐退",
        "目前是否正在享受低保尚不清楚",
        ["current_benefits"],
    ).require(
        tri_not(f.income_below(1)),
        "人均收入已超过低保标准",
        "人均收入仍低于低保标准，继续按低保保障",
        "人均收入是否已超过低保标准尚不确定",
        income_missing,
    )
    if ceiling:
        taper.require(
            f.income_below(float(ceiling)),
            f"人均收入低于低保标准的 {ceiling:g} 倍",
            f"人均收入已达低保标准的 {ceiling:g} 倍以上，不适用渐退",
            f"人均收入是否低于低保标准的 {ceiling:g} 倍尚不确定",
            income_missing,
        )
    if f.params.get("dibao_taper_requires_work"):
        working, _ = f.any_member(
            lambda i: (
                None
                if f.members[i].get("employment") is None
                else f.members[i]["employment"] in ("employed", "flexible")
            )
        )
        taper.require(
            working,
            "家庭成员已重新就业或创业",
            "收入增加并非因重新就业或创业",
            "收入增加是否因重新就业或创业尚不清楚",
            [f"members[{i}].employment" for i in range(f.size)],
        )
    taper.notes.append(f"可给予 1-{months} 个月渐退期，期满后退出低保")
    context = list(f.income.reasons)
    if any(
        m.get("pregnant_or_nursing") or m.get("self_care") in ("partial_loss", "total_loss")
        for m in f.members
    ):
        context.append(
            "家中有孕妇、哺乳期妇女或失能半失能成员，核算收入时还可按比例扣减必要的营养费、"
            "护理费（由民政部门核定，未计入上述估算）"
        )
    return decide([regular, single, taper], DIBAO_CLAUSES, context)


TEKUN_CLAUSES = [
    ("shaanxi_2021", "二、（一）"),
    ("huining_2022", "二、（一）一是 2（纳入特困的残疾等级）、3（供养标准不低于低保1.3倍）"),
    ("huining_2022", "二、（二）一是（照料护理）"),
    ("anhui_jianghuai_plan", "二、（一）"),
    ("jixi_2021", "三、（一）2"),
    ("wuwei_2023", "一；三、（一）"),
]
CARE_TIERS = {
    "full": "全自理",
    "partial_loss": "半失能（部分丧失自理能力）",
    "total_loss": "全失能",
}


def _tekun_member(f: Facts, i: int) -> Path:
    member = f.members[i]
    age = member.get("age")
    elder = f.params.get("elder_age")
    if age is not None and (age >= elder or age < 18) or f.disability(i) is True:
        category = True
    elif age is None or f.disability(i) is None:
        category = None
    else:
        category = False
    income = member.get("monthly_income")
    if income is None and f.size == 1:
        income = f.h.get("household_monthly_income")
    if income is None and f.h.get("household_monthly_income") == 0:
        income = 0
    supporter = member.get("has_capable_supporter")
    if supporter is None and age is not None and age < 18:
        parents = member.get("parents")
        supporter = None if parents is None else parents != "both_missing"
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
    ).require(
        None if income is None else income == 0,
        "无生活来源（无计入收入）",
        f"有收入 {yuan(income or 0)} 元/月",
        "是否有生活来源尚不清楚",
        [f"members[{i}].monthly_income"],
    ).require(
        tri_not(supporter),
        "无法定赡养、抚养、扶养义务人或义务人无履行能力",
        "有具备履行能力的法定赡养、抚养、扶养义务人",
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
    for path in paths:
        if f.area is not None:
            standard = f.standard(f.area)
            mark = "（暂定值）" if f.standard_provisional(f.area) else ""
            path.amount = {
                "monthly": round(standard * ratio, 2),
                "formula": f"基本生活标准不低于低保标准 {yuan(standard)} 元{mark} × {ratio:g}",
            }
            path.notes.append(f"基本生活标准不低于 {yuan(standard * ratio)} 元/月{mark}")
    return decide(paths, TEKUN_CLAUSES)


LOW_INCOME_CLAUSES = [
    ("huining_2022", "一、（三）（人均收入在低保标准1-1.5倍的低保边缘家庭）"),
    ("shaanxi_2021", "二、（三）"),
    ("anhui_jianghuai_plan", "二、（五）"),
    ("wuwei_2023", "一（最低生活保障边缘家庭成员）"),
]


def low_income(f: Facts, done: Done) -> Finding:
    upper = float(f.params.get("low_income_upper_ratio"))
    path = require_residence(f, Path(""))
    path.require(
        tri_not(f.income_below(1)),
        "人均收入不低于低保标准",
        "人均收入低于低保标准，应按低保认定（见低保项）",
        "人均收入是否高于低保标准尚不确定",
        f.income_missing(),
    ).require(
        f.income_below(upper),
        f"{f.versus_standard(upper)}，在低保边缘家庭收入范围内",
        f"{f.versus_standard(upper)}，超过低保边缘家庭收入上限",
        f"人均收入是否低于低保标准的 {upper:g} 倍尚不确定",
        f.income_missing(),
    ).require(*_assets(f))
    return decide([path], LOW_INCOME_CLAUSES, f.income.reasons)


RIGID_CLAUSES = [
    ("huining_2022", "二、（一）二是 3（重病：自负医疗费用超过上年度家庭总收入）"),
    ("huining_2022", "二、（一）四是 1"),
    ("anhui_jianghuai_plan", "二、（三）、（五）"),
    ("wuwei_2023", "一（刚性支出困难家庭）"),
]


def rigid_expenditure(f: Facts, done: Done) -> Finding:
    rigid = f.rigid_expenses_12m()
    last_year = f.h.get("last_year_total_income")
    basis = "上年度家庭总收入"
    if last_year is None and f.income.total is not None:
        last_year, basis = f.income.total * 12, "按当前月收入折算的年收入"
    exceeds = None if rigid is None or last_year is None else rigid > last_year
    path = Path("")
    path.require(
        exceeds,
        f"近12个月医疗、教育、残疾护理等刚性支出 {yuan(rigid or 0)} 元，超过{basis} "
        f"{yuan(last_year or 0)} 元",
        f"近12个月刚性支出 {yuan(rigid or 0)} 元，未超过{basis} {yuan(last_year or 0)} 元",
        "刚性支出与家庭年收入的比较尚不清楚",
        ["expenses_12m.medical_out_of_pocket", "expenses_12m.education", "last_year_total_income"],
    ).require(*_assets(f))
    return decide([path], RIGID_CLAUSES)


TEMPORARY_CLAUSES = [
    ("huining_2022", "二、（一）三是 1（标准×人数×月数，一事一议）"),
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


def _temporary_amount(f: Facts, kind: str) -> dict | None:
    area = f.area or "urban"
    if f.area is None and f.standard(area) != f.standard("rural"):
        return None
    standard = f.standard(area)
    mark = "（暂定值）" if f.standard_provisional(area) else ""
    if f.params.get("temporary_method") == "multiple_range":
        low, high = f.params.get(f"temporary_{kind}_multiples")
        return {
            "once": round(standard * high, 2),
            "min": round(standard * low, 2),
            "formula": f"单次户均为低保标准 {yuan(standard)} 元{mark} 的 {low}-{high} 倍（上限）",
        }
    months = f.params.get("temporary_max_months")
    return {
        "once": round(standard * f.size * months, 2),
        "formula": f"低保标准 {yuan(standard)} 元{mark} × {f.size} 人 × 困难持续月数（最长 {months} 个月，此为上限）",
    }


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
    spending = Path("支出型")
    spending.require(
        status_tri(done["rigid_expenditure"].status),
        "刚性支出过大导致基本生活困难",
        "没有超过家庭承受能力的刚性支出",
        "刚性支出是否超过家庭承受能力尚不清楚",
        done["rigid_expenditure"].missing,
    )
    spending.amount = _temporary_amount(f, "expenditure")
    for path in (emergency, spending):
        if path.amount and "暂定值" in path.amount["formula"]:
            path.notes.append("救助金额按本地低保标准（暂定值）估算，实际以审批为准")
    return decide([emergency, spending], TEMPORARY_CLAUSES, context)
