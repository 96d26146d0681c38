"""专项救助: 医疗, 教育, 住房, 就业, 受灾."""

from __future__ import annotations

from policies.facts import Facts, tri_any, yuan
from policies.outcome import Finding, Path, decide
from policies.programs.support import Done, in_groups

MEDICAL_CLAUSES = [
    ("huining_2022", "二、（三）一是 3（资助参保）、4（自付部分不低于70%救助）"),
    ("wuwei_2023", "三、（二）医疗救助方面"),
    ("jixi_2021", "三、（二）4"),
    ("shaanxi_2021", "十项措施 1"),
    ("anhui_jianghuai_plan", "二、（五）"),
]


def medical(f: Facts, done: Done) -> Finding:
    core, core_text, core_missing = in_groups(f, done, ("dibao", "tekun", "orphan_child"))
    share = float(f.params.get("medical_aid_min_share"))
    medical_cost = f.expenses.get("medical_out_of_pocket")
    recipients = Path("低保、特困、孤儿")
    recipients.require(core, core_text, core_text, core_text, core_missing)
    recipients.notes.append("个人缴纳的城乡居民医保费可获全额或定额资助（资助参保）")
    recipients.notes.append(f"政策范围内住院和门诊慢特病自付部分按不低于 {share:.0%} 救助")
    if medical_cost:
        recipients.amount = {
            "once": round(medical_cost * share, 2),
            "formula": f"近12个月自付医疗费 {yuan(medical_cost)} 元 × {share:.0%}（不低于，年度限额内，仅政策范围内费用）",
        }
    edge, edge_text, edge_missing = in_groups(f, done, ("low_income", "rigid_expenditure"))
    ill, ill_members = f.any_member(f.serious_illness)
    sick = Path("低保边缘、刚性支出困难家庭大病患者")
    sick.require(edge, edge_text, edge_text, edge_text, edge_missing).require(
        tri_any([ill, None if medical_cost is None else medical_cost > 0]),
        "有重病患者或较高的自付医疗费用",
        "没有重病患者或医疗费用负担",
        "是否有大病患者、自付医疗费多少尚不清楚",
        [
            "expenses_12m.medical_out_of_pocket",
            *(f"members[{i}].serious_illness" for i in range(f.size)),
        ],
    )
    sick.notes.append("住院、慢性病长期服药、重特大疾病门诊费用按规定给予医疗救助")
    return decide([recipients, sick], MEDICAL_CLAUSES)


EDUCATION_CLAUSES = [
    ("huining_2022", "二、（三）二是"),
    ("jixi_2021", "三、（二）5"),
    ("wuwei_2023", "三、（二）教育救助方面"),
]
STAGE_AID = {
    "preschool": "学前教育减免保教费",
    "primary": "义务教育“两免一补”及家庭经济困难学生生活补助",
    "junior_high": "义务教育“两免一补”及家庭经济困难学生生活补助",
    "senior_high": "普通高中免学杂费、国家助学金",
    "vocational": "中等职业教育免学费、国家助学金",
    "college": "本专科生国家助学金、新生入学路费资助、生源地信用助学贷款",
    "postgraduate": "研究生国家助学金、生源地信用助学贷款",
}


def _student(f: Facts, i: int) -> bool | None:
    member = f.members[i]
    if member.get("school_stage") or member.get("employment") == "student":
        return True
    age = member.get("age")
    if age is not None and not 3 <= age <= 24:
        return False
    if "employment" in member and age is not None:
        return False
    return None


def education(f: Facts, done: Done) -> Finding:
    students, indices = f.any_member(lambda i: _student(f, i))
    stages = [f.members[i].get("school_stage") for i in indices]
    poor, poor_text, poor_missing = in_groups(
        f, done, ("dibao", "tekun", "low_income", "rigid_expenditure", "orphan_child")
    )
    disabled, _ = f.any_member(f.disability)
    path = Path("")
    path.require(
        students,
        "家中有在读学生",
        "家中没有在园幼儿或在校学生",
        "家中是否有在读学生尚不清楚",
        [f"members[{i}].school_stage" for i in range(f.size) if _student(f, i) is None],
    ).require(
        tri_any([poor, disabled]),
        poor_text if poor else "属残疾人家庭经济困难学生",
        "家庭不属于低保、特困、低保边缘、刚性支出困难或残疾人家庭",
        poor_text,
        poor_missing,
    )
    for stage in dict.fromkeys(s for s in stages if s):
        path.notes.append(f"可申请：{STAGE_AID[stage]}")
    return decide([path], EDUCATION_CLAUSES)


HOUSING_CLAUSES = [
    ("huining_2022", "二、（三）三是"),
    ("jixi_2021", "三、（二）6"),
    ("wuwei_2023", "三、（二）住房救助方面"),
]


def housing(f: Facts, done: Done) -> Finding:
    situation = f.h.get("housing")
    poor, poor_text, poor_missing = in_groups(
        f, done, ("dibao", "tekun", "low_income", "rigid_expenditure")
    )
    urban = Path("公租房、租赁补贴")
    urban.require(
        None if situation is None else situation in ("none", "renting", "dangerous"),
        "无房或租房，住房困难",
        "住房不属于无房、租房等困难情形",
        "住房情况尚不清楚",
        ["housing"],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing).require(
        None if f.area is None else f.area == "urban",
        "城镇家庭",
        "公租房、租赁补贴面向城镇家庭",
        "城镇还是农村尚不清楚",
        ["area"],
    )
    urban.notes.append("优先配租公共租赁住房（租金减免）或发放住房租赁补贴")
    rural = Path("农村危房改造")
    rural.require(
        None if situation is None else situation in ("dangerous", "damaged_by_disaster"),
        "住房为危房或因灾倒损",
        "住房不是危房",
        "住房是否为危房尚不清楚",
        ["housing"],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing).require(
        None if f.area is None else f.area == "rural",
        "农村家庭",
        "危房改造面向农村家庭",
        "城镇还是农村尚不清楚",
        ["area"],
    )
    rural.notes.append("按分类分档标准给予危房改造补助，发现一户、改造一户")
    return decide([urban, rural], HOUSING_CLAUSES)


EMPLOYMENT_CLAUSES = [
    ("huining_2022", "二、（三）四是"),
    ("jixi_2021", "三、（二）7"),
    ("wuwei_2023", "三、（二）就业救助方面"),
]


def _job_seeker(f: Facts, i: int) -> bool | None:
    member = f.members[i]
    employment = member.get("employment")
    able = member.get("able_to_work")
    age = member.get("age")
    # "none" = not in work and not seeking work (contract), so no job seeker either.
    not_seeking = ("employed", "retired", "student", "none")
    if able is False or employment in not_seeking or f.lacks_work_ability(i):
        return False
    if age is not None and not 16 <= age < 60:
        return False
    if employment in ("unemployed", "flexible"):
        return True
    return None


def employment(f: Facts, done: Done) -> Finding:
    seekers, indices = f.any_member(lambda i: _job_seeker(f, i))
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "low_income", "rigid_expenditure"))
    path = Path("")
    path.require(
        seekers,
        "有劳动能力的家庭成员失业或灵活就业",
        "家中没有需要就业帮扶的有劳动能力成员",
        "家中有劳动能力成员的就业情况尚不清楚",
        [
            p
            for i in range(f.size)
            for p in (f"members[{i}].employment", f"members[{i}].able_to_work")
        ],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing)
    working = [m.get("employment") in ("employed", "flexible") for m in f.members]
    if seekers and not any(working):
        path.notes.append("属零就业家庭，可优先安排就业援助，确保零就业家庭动态清零")
    path.notes.append(
        "可享受免费职业介绍和培训、公益性岗位托底安置、社会保险补贴、创业补贴和创业担保贷款贴息"
    )
    return decide([path], EMPLOYMENT_CLAUSES)


DISASTER_CLAUSES = [
    ("huining_2022", "二、（三）六是"),
    ("jixi_2021", "三、（二）8"),
    ("wuwei_2023", "三、（二）受灾人员救助方面"),
]


def disaster(f: Facts, done: Done) -> Finding:
    situation = f.h.get("housing")
    hit = None
    if f.events is not None:
        hit = any(e["type"] == "natural_disaster" for e in f.events)
    if situation == "damaged_by_disaster":
        hit = True
    elif hit is False and situation is None:
        hit = False
    path = Path("")
    path.require(
        hit,
        "遭受自然灾害（或住房因灾倒损）",
        "未遭受自然灾害",
        "是否遭受自然灾害尚不清楚",
        ["events", "housing"],
    )
    path.notes.append("可获应急期救助、过渡期生活救助、冬春临时生活困难救助")
    if situation == "damaged_by_disaster":
        path.notes.append("住房因灾倒损，可申请倒损民房恢复重建补助")
    return decide([path], DISASTER_CLAUSES)
