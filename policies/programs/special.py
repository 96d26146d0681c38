"""专项救助: 医疗, 教育, 住房, 就业, 受灾."""

from __future__ import annotations

from policies.facts import Facts
from policies.outcome import Finding, Path, decide
from policies.programs.support import Done, in_groups, rest
from policies.tri import Tri, tri_any

MEDICAL_CLAUSES = [
    ("relief_measures", "第二十八条（医疗救助对象：低保家庭成员、特困供养人员等）"),
    ("huining_2022", "二、（三）一是 3（资助参保）、4（政策范围内自付部分不低于70%救助）"),
    ("wuwei_2023", "三、（二）医疗救助方面（含低保边缘、刚性支出困难家庭大病患者）"),
    ("de_facto_orphans_2019", "医疗保障（孤儿、事实无人抚养儿童）"),
    ("jixi_2021", "三、（二）4"),
    ("shaanxi_2021", "十项措施 1"),
    ("anhui_jianghuai_plan", "二、（五）"),
]


def medical(f: Facts, done: Done) -> Finding:
    core, core_text, core_missing = in_groups(f, done, ("dibao", "tekun"))
    medical_cost = f.expenses.get("medical_out_of_pocket")
    recipients = Path("低保、特困")
    recipients.require(core, core_text, core_text, core_text, core_missing)
    recipients.notes.append("个人缴纳的城乡居民医保费可获全额或定额资助（资助参保）")
    share = f.params.get("medical_aid_min_share")
    if share and f.param_local("medical_aid_min_share") is True:
        recipients.notes.append(
            f"政策范围内住院和门诊慢特病费用经基本医保、大病保险报销后的个人自付部分，"
            f"在年度救助限额内按不低于 {float(share):.0%} 救助"
        )
        if medical_cost:
            recipients.amount = {
                "formula": f"政策范围内个人自付部分 × 不低于 {float(share):.0%}（年度救助限额内）；"
                "近12个月自付医疗费中有多少属政策范围内需结算时核定，故不估算金额",
                "provisional": True,
            }
    else:
        recipients.notes.append("政策范围内个人自付的医疗费用按当地规定比例给予医疗救助")
    orphans, orphan_text, orphan_missing = in_groups(f, done, ("orphan_child",))
    orphan_path = Path("孤儿、事实无人抚养儿童")
    orphan_path.require(orphans, orphan_text, orphan_text, orphan_text, orphan_missing)
    rest(f, orphan_path, ("huining_2022", "de_facto_orphans_2019"))
    orphan_path.notes.append("参加城乡居民医保的个人缴费部分可获资助")
    edge, edge_text, edge_missing = in_groups(f, done, ("low_income", "rigid_expenditure"))
    ill, _ = f.any_member(f.serious_illness)
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
    rest(f, sick, ("wuwei_2023",))
    sick.notes.append("住院、慢性病长期服药、重特大疾病门诊费用按规定给予医疗救助")
    return decide([recipients, orphan_path, sick], MEDICAL_CLAUSES)


EDUCATION_CLAUSES = [
    ("compulsory_education_law", "第二条（实施义务教育，不收学费、杂费）"),
    ("relief_measures", "第三十三条（低保家庭成员、特困供养人员的教育救助）"),
    ("jixi_2021", "三、（二）5（城乡义务教育“两免一补”；中职全体在校生免学费）"),
    ("huining_2022", "二、（三）二是"),
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
PRESCHOOL_AGE = 3  # 幼儿园招收3周岁以上幼儿 (《幼儿园工作规程》第二条)
COMPULSORY_STAGES = ("primary", "junior_high")


def _student(f: Facts, i: int) -> Tri:
    member = f.members[i]
    if member.get("school_stage") or member.get("employment") == "student":
        return True
    age = member.get("age")
    if age is not None and age < PRESCHOOL_AGE:
        return False
    if age is not None and age >= f.params.get("elder_age"):
        return False  # a written default: a person of 60 or more is not presumed to be in school
    if member.get("employment") is not None:
        return False  # working, seeking work, retired or at home: not in school
    return None


def _stage_is(f: Facts, i: int, stages: tuple[str, ...]) -> Tri:
    stage = f.members[i].get("school_stage")
    if stage is not None:
        return stage in stages
    if _student(f, i) is False:
        return False
    age = f.members[i].get("age")
    pupil = stages == COMPULSORY_STAGES and f.members[i].get("employment") == "student"
    if pupil and age is not None and 6 <= age <= 15:
        return True  # a pupil of 6-15 with the stage unknown is in 义务教育 (a written default)
    return None


def education(f: Facts, done: Done) -> Finding:
    pupils, pupil_members = f.any_member(lambda i: _stage_is(f, i, COMPULSORY_STAGES))
    compulsory = Path("义务教育")
    compulsory.require(
        pupils,
        "、".join(f"{i + 1}号成员" for i in pupil_members) + "在接受义务教育",
        "家中没有义务教育阶段的学生",
        "家中是否有义务教育阶段的学生尚不清楚",
        [
            f"members[{i}].school_stage"
            for i in f.undecided_members(lambda i: _stage_is(f, i, COMPULSORY_STAGES))
        ],
    )
    compulsory.notes.append(
        "义务教育阶段学生免除学杂费、免费提供教科书；家庭经济困难的寄宿生另有生活补助"
    )
    vocational_students, _ = f.any_member(lambda i: _stage_is(f, i, ("vocational",)))
    vocational = Path("中等职业教育免学费")
    vocational.require(
        vocational_students,
        "家中有中等职业学校全日制在校生",
        "家中没有中职在校生",
        "家中是否有中职在校生尚不清楚",
        [
            f"members[{i}].school_stage"
            for i in f.undecided_members(lambda i: _stage_is(f, i, ("vocational",)))
        ],
    )
    rest(f, vocational, ("jixi_2021",))
    vocational.notes.append("中等职业学校全日制正式学籍在校生（含城市户口学生）免除学费")
    students, indices = f.any_member(lambda i: _student(f, i))
    poor, poor_text, poor_missing = in_groups(
        f, done, ("dibao", "tekun", "low_income", "rigid_expenditure", "orphan_child")
    )
    disabled, _ = f.any_member(f.disability)
    needy = Path("家庭经济困难学生资助")
    needy.require(
        students,
        "家中有在读学生",
        "家中没有在园幼儿或在校学生",
        "家中是否有在读学生尚不清楚",
        [f"members[{i}].school_stage" for i in f.undecided_members(lambda i: _student(f, i))],
    ).require(
        tri_any([poor, disabled]),
        poor_text if poor else "属残疾人家庭经济困难学生",
        "家庭不属于低保、特困、低保边缘、刚性支出困难或残疾人家庭",
        poor_text,
        poor_missing,
    )
    stages = [f.members[i].get("school_stage") for i in indices]
    for stage in dict.fromkeys(s for s in stages if s):
        needy.notes.append(f"可申请：{STAGE_AID[stage]}")
    return decide([compulsory, vocational, needy], EDUCATION_CLAUSES)


HOUSING_CLAUSES = [
    ("relief_measures", "第三十八条（住房困难的低保家庭、分散供养特困人员）"),
    ("wuwei_2023", "三、（二）住房救助方面（含低保边缘、刚性支出困难家庭）"),
    ("jixi_2021", "三、（二）6（城镇低保家庭、城镇低收入家庭等住房困难群体）"),
    ("huining_2022", "二、（三）三是"),
]
URBAN_NEEDS = ("none", "renting", "dangerous", "damaged_by_disaster")
RURAL_NEEDS = ("dangerous", "damaged_by_disaster")


def _housing_paths(f: Facts, done: Done, area: str) -> list[Path]:
    situation = f.h.get("housing")
    needs = URBAN_NEEDS if area == "urban" else RURAL_NEEDS
    label = "公租房、租赁补贴" if area == "urban" else "农村危房改造"
    need_yes = "无房、租房或住房为危房、因灾倒损" if area == "urban" else "住房为危房或因灾倒损"
    paths = []
    for groups, docs in (
        (("dibao", "tekun"), ()),
        (("low_income", "rigid_expenditure"), ("wuwei_2023", "jixi_2021", "huining_2022")),
    ):
        member, text, missing = in_groups(f, done, groups)
        path = Path(label)
        path.require(
            None if situation is None else situation in needs,
            need_yes,
            "住房不属于无房、租房、危房或因灾倒损等困难情形"
            if area == "urban"
            else "住房不是危房，也未因灾倒损",
            "住房情况尚不清楚",
            ["housing"],
        ).require(member, text, text, text, missing).require(
            None if f.area is None else f.area == area,
            "城镇家庭" if area == "urban" else "农村家庭",
            "公租房、租赁补贴面向城镇家庭" if area == "urban" else "危房改造面向农村家庭",
            "城镇还是农村尚不清楚",
            ["area"],
        )
        if docs:
            rest(f, path, docs)
        paths.append(path)
    return paths


def housing(f: Facts, done: Done) -> Finding:
    urban = _housing_paths(f, done, "urban")
    rural = _housing_paths(f, done, "rural")
    for path in urban:
        path.notes.append("优先配租公共租赁住房（租金减免）或发放住房租赁补贴")
    for path in rural:
        path.notes.append("按分类分档标准给予危房改造补助，发现一户、改造一户")
    return decide([*urban, *rural], HOUSING_CLAUSES)


EMPLOYMENT_CLAUSES = [
    ("relief_measures", "第四十二条（低保家庭中有劳动能力并处于失业状态的成员）"),
    ("employment_promotion_law", "第五十二条（就业援助）、第五十六条（零就业家庭）"),
    ("labour_law", "第十五条（不得招用未满十六周岁的未成年人）"),
    ("wuwei_2023", "三、（二）就业救助方面（含低保边缘、刚性支出困难家庭成员，零就业家庭清零）"),
    ("jixi_2021", "三、（二）7（零就业家庭动态清零）"),
    ("huining_2022", "二、（三）四是"),
]


def _job_seeker(f: Facts, i: int) -> Tri:
    """Able to work and looking for work (contract: unemployed = seeking, none = not seeking)."""
    member = f.members[i]
    employment = member.get("employment")
    able = member.get("able_to_work")
    age = member.get("age")
    if employment in ("employed", "retired", "student", "none") or able is False:
        return False
    if age is not None and age < f.params.get("child_no_work_age"):
        return False  # 劳动法 第十五条
    if age is not None and age >= f.params.get("elder_age"):
        # Past 60 the 特困 rules count a person as unable to work; one who says they can and
        # seeks work is left to the 人社 office (法定退休年龄 is rising).
        return None if able is True and employment == "unemployed" else False
    if f.lacks_work_ability(i) is True:
        return False
    if employment in ("unemployed", "flexible"):
        return True
    return None


def employment(f: Facts, done: Done) -> Finding:
    seekers, indices = f.any_member(lambda i: _job_seeker(f, i))
    undecided = f.undecided_members(lambda i: _job_seeker(f, i))
    seeker_missing = [
        p for i in undecided for p in (f"members[{i}].employment", f"members[{i}].able_to_work")
    ]
    who = "、".join(f"{i + 1}号成员" for i in indices)
    seeker_args = (
        seekers,
        f"{who}有劳动能力，失业或灵活就业",
        "家中没有需要就业帮扶的有劳动能力成员",
        "家中有劳动能力成员的就业情况尚不清楚",
        seeker_missing,
    )
    paths = []
    for groups, docs in (
        (("dibao", "tekun"), ()),
        (("low_income", "rigid_expenditure"), ("wuwei_2023", "huining_2022")),
    ):
        member, text, missing = in_groups(f, done, groups)
        path = Path("")
        path.require(*seeker_args).require(member, text, text, text, missing)
        if docs:
            rest(f, path, docs)
        paths.append(path)

    def working(i: int) -> Tri:
        employment = f.members[i].get("employment")
        return None if employment is None else employment in ("employed", "flexible")

    anyone_working, _ = f.any_member(working)
    zero = Path("零就业家庭")
    zero.require(*seeker_args).require(
        None if anyone_working is None else not anyone_working,
        "家中无人就业，属零就业家庭",
        "家中已有成员就业",
        "家中其他成员是否就业尚不清楚",
        [f"members[{i}].employment" for i in f.undecided_members(working)],
    )
    paths.append(zero)
    for path in paths:
        path.notes.append(
            "可享受免费职业介绍和培训、公益性岗位托底安置、社会保险补贴、创业补贴和创业担保贷款贴息"
        )
    return decide(paths, EMPLOYMENT_CLAUSES)


DISASTER_CLAUSES = [
    ("relief_measures", "第二十条（受灾人员救助）"),
    ("huining_2022", "二、（三）六是"),
    ("jixi_2021", "三、（二）8"),
    ("wuwei_2023", "三、（二）受灾人员救助方面"),
]


def disaster(f: Facts, done: Done) -> Finding:
    situation = f.h.get("housing")
    hit: Tri = None
    if f.events is not None:
        hit = any(e["type"] == "natural_disaster" for e in f.events)
    if situation == "damaged_by_disaster":
        hit = True
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
