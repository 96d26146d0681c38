"""Programs for particular groups: 残疾人两项补贴, 孤儿, 流浪乞讨, 困难职工, 两癌检查, 养老保险代缴,
照护服务, 法律援助."""

from __future__ import annotations

from policies.facts import Facts
from policies.outcome import POSSIBLE, Finding, Path, decide
from policies.programs.support import Done, in_groups, rest
from policies.tri import Tri, tri_all, tri_any

DISABILITY_CLAUSES = [
    (
        "disability_subsidies_2015",
        "困难残疾人生活补贴（低保家庭中的残疾人）、重度残疾人护理补贴（一、二级）",
    ),
    ("huining_2022", "一、（三）（残疾人两项补贴对象）"),
    ("jixi_2021", "三、（二）9"),
    ("shaanxi_2021", "十项措施 3"),
    ("wuwei_2023", "三、（五）（有条件的县区延伸至低保边缘家庭）"),
]


def disability_subsidies(f: Facts, done: Done) -> Finding:
    severe, severe_members = f.any_member(f.grade_1_2)
    care = Path("重度残疾人护理补贴")
    care.require(
        severe,
        "、".join(f"{i + 1}号成员" for i in severe_members) + "持一级或二级残疾人证",
        "家中没有一、二级重度残疾人",
        "家中是否有一、二级重度残疾人尚不清楚",
        [f"members[{i}].disability" for i in range(f.size) if f.grade_1_2(i) is None],
    )
    disabled, _ = f.any_member(f.disability)
    disabled_args = (
        disabled,
        "家中有持证残疾人",
        "家中没有持证残疾人",
        "家中是否有持证残疾人尚不清楚",
        [f"members[{i}].disability" for i in range(f.size) if f.disability(i) is None],
    )
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "tekun"))
    living = Path("困难残疾人生活补贴")
    living.require(*disabled_args).require(poor, poor_text, poor_text, poor_text, poor_missing)
    edge, edge_text, edge_missing = in_groups(f, done, ("low_income",))
    extended = Path("困难残疾人生活补贴延伸至低保边缘家庭")
    extended.require(*disabled_args).require(edge, edge_text, edge_text, edge_text, edge_missing)
    extended.require(None, "", "", "是否延伸至低保边缘家庭由县区视条件决定")
    rest(f, extended, ("wuwei_2023",))
    return decide([care, living, extended], DISABILITY_CLAUSES)


ORPHAN_CLAUSES = [
    (
        "de_facto_orphans_2019",
        "事实无人抚养儿童：父母双方均重残、重病、服刑在押、失联等，或一方死亡、失踪而另一方如此",
    ),
    ("huining_2022", "二、（二）三是（坚持最有利于儿童的原则）"),
    ("jixi_2021", "三、（二）9"),
    ("shaanxi_2021", "十项措施 3"),
]


def _child(f: Facts, i: int) -> Tri:
    age = f.members[i].get("age")
    if age is not None:
        return bool(age < 18)
    return None if f.members[i].get("relation") in (None, "child", "grandchild", "other") else False


def _parents_listed(f: Facts, i: int) -> list[int]:
    """The child's parents among the members: self and spouse for a child of the first member."""
    relation = f.members[i].get("relation")
    if relation == "child":
        wanted: tuple[str, ...] = ("self", "spouse")
    elif relation == "self" or i == 0:
        wanted = ("parent",)
    else:
        return []
    return [j for rel in wanted for j in f.with_relation(rel) if j != i]


def _unraised(f: Facts, i: int) -> tuple[Tri, str, list[str]]:
    """(父母双方死亡、失踪或事实无人抚养, why, facts to ask). Never assumed: a parent at home
    counts only when known to be able (in work, seeking work or stated able, not 重残/重病)."""
    stated = f.members[i].get("parents")
    if stated is not None:
        return stated == "both_missing", "", []
    parents = _parents_listed(f, i)
    able = [j for j in parents if f.able_bodied(j) is True and f.incapacitated(j) is not True]
    if able:
        who = "、".join(f"{j + 1}号成员" for j in able)
        return False, f"父母（{who}）在家且有劳动能力，能够抚养", []
    unable = [j for j in parents if f.incapacitated(j) is True]
    if len(unable) == 2:
        return True, "父母双方均重残、重病或失能，属事实无人抚养", []
    ask = [f"members[{i}].parents"]
    for j in parents:
        if f.incapacitated(j) is None:
            ask += [f"members[{j}].serious_illness", f"members[{j}].disability"]
    return None, "", ask


def orphan_child(f: Facts, done: Done) -> Finding:
    paths = []
    for i in range(f.size):
        unraised, why, ask = _unraised(f, i)
        path = Path(f"{i + 1}号成员")
        path.require(
            _child(f, i), "未满18周岁", "已成年", "是否未满18周岁尚不清楚", [f"members[{i}].age"]
        ).require(
            unraised,
            why or "父母双方死亡、失踪或事实无人抚养",
            why or "父母至少一方在世并能抚养",
            "父母情况尚不清楚：父母服刑、失联、重残、重病等也属事实无人抚养，请说明",
            ask,
        )
        path.notes.append("可按月领取孤儿或事实无人抚养儿童基本生活补贴，并享受助医助学等帮扶")
        paths.append(path)
    return decide(paths, ORPHAN_CLAUSES)


VAGRANT_CLAUSES = [
    ("vagrant_rules", "第二条（生活无着的流浪、乞讨人员）"),
    ("huining_2022", "二、（二）四是"),
    ("jixi_2021", "三、（三）11"),
    ("shaanxi_2021", "十项措施 3"),
    ("wuwei_2023", "三、（三）"),
]


def vagrant(f: Facts, done: Done) -> Finding:
    homeless = f.h.get("homeless")
    if homeless is None and f.h.get("housing") in ("adequate", "renting", "dangerous"):
        homeless = False
    path = Path("")
    path.require(
        homeless,
        "生活无着、流落在外",
        "有固定住所，不属于生活无着流浪人员",
        "是否生活无着、流落在外尚不清楚",
        ["homeless"],
    )
    path.notes.append("救助管理机构提供临时食宿、医疗救治、寻亲和返乡帮助，不受户籍限制")
    return decide([path], VAGRANT_CLAUSES)


WORKER_CLAUSES = [
    ("huining_2022", "二、（四）二是（一年以上事实劳动关系、生活困难的农民工，离退休人员等）"),
    ("jixi_2021", "三、（二）9（困难职工救助）"),
]
WORKER_DOCS = ("huining_2022", "jixi_2021")


def worker_aid(f: Facts, done: Done) -> Finding:
    flag = f.h.get("union_worker_hardship")

    def labour_relation(i: int) -> Tri:
        employment = f.members[i].get("employment")
        if employment is None:
            return None
        if employment in ("employed", "flexible", "retired"):
            return True
        # Out of work now, but may have had a year or more of de facto employment.
        return None if employment == "unemployed" else False

    workers, _ = f.any_member(labour_relation)
    path = Path("")
    if flag is not None:
        path.require(
            flag,
            "属生活困难的职工（含有一年以上事实劳动关系的农民工）家庭",
            "不属于困难职工家庭",
        )
    else:
        path.require(
            workers,
            "家中有在职、灵活就业、失业前有劳动关系或退休的职工",
            "家中没有职工、退休人员或曾有劳动关系的人",
            "家中是否有职工（含有一年以上事实劳动关系的农民工）尚不清楚",
            [
                f"members[{i}].employment"
                for i in f.undecided_members(labour_relation)
                if f.members[i].get("employment") is None
            ],
        ).require(
            None,
            "",
            "",
            "是否有一年以上事实劳动关系、是否已在工会建档或符合困难职工建档标准尚不清楚",
            ["union_worker_hardship"],
        )
    rest(f, path, WORKER_DOCS)
    path.notes.append("按深度困难、相对困难、意外致困三档给予生活、医疗、助学、法律援助等帮扶")
    return decide([path], WORKER_CLAUSES)


WOMEN_CLAUSES = [("huining_2022", "二、（四）三是 1（33-64岁城镇低收入妇女“两癌”免费检查）")]
JOBLESS = ("unemployed", "none")


def women_screening(f: Facts, done: Done) -> Finding:
    low, high = f.params.get("women_screening_ages")
    local = f.local("huining_2022")

    def female(i: int) -> Tri:
        sex = f.members[i].get("sex")
        return None if sex is None else sex == "female"

    if local is not True:
        # Only 会宁's plan (城镇, 2022-2023) has this program: elsewhere, or in rural 会宁, or
        # after 2023, it can only be 「参照」; it rules out no woman by another place's bands.
        women, _ = f.any_member(female)
        path = Path("")
        path.require(
            women,
            "家中有女性成员",
            "家中没有女性成员",
            "家中是否有女性成员尚不清楚",
            [f"members[{i}].sex" for i in f.undecided_members(female)],
        )
        rest(f, path, ("huining_2022",))
        path.notes.append("各地妇联、卫健部门多有面向妇女的“两癌”免费检查，可向当地妇联咨询")
        return decide([path], WOMEN_CLAUSES)

    def eligible_woman(i: int) -> Tri:
        age = f.members[i].get("age")
        in_range = None if age is None else low <= age <= high
        return tri_all([female(i), in_range])

    women, indices = f.any_member(eligible_woman)
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "tekun"))
    low_income, _, low_missing = in_groups(
        f, done, ("dibao", "tekun", "low_income", "rigid_expenditure")
    )
    jobless = None
    if indices:
        jobless = tri_any(
            [
                None
                if f.members[i].get("employment") is None
                else f.members[i]["employment"] in JOBLESS
                for i in indices
            ]
        )
    # 低收入（低保、特困供养、下岗、无业）: a woman out of work counts where the household is of
    # low income; in a household that is not, the 妇联 decides (possible, not likely).
    qualifies: Tri = None
    if poor is True or (jobless is True and low_income is True):
        qualifies = True
    elif poor is False and jobless is False:
        qualifies = False
    path = Path("")
    path.require(
        women,
        f"家中有 {low}-{high} 岁女性",
        f"家中没有 {low}-{high} 岁女性",
        f"家中是否有 {low}-{high} 岁女性尚不清楚",
        [p for i in range(f.size) for p in (f"members[{i}].sex", f"members[{i}].age")],
    ).require(
        qualifies,
        f"属低收入妇女：{poor_text}" if poor else "属低收入家庭中下岗、无业的妇女",
        "不属于低保、特困或下岗、无业妇女",
        "无业，但家庭收入不属低收入，是否按低收入妇女安排由妇联确定"
        if jobless is True and low_income is False
        else poor_text,
        [*poor_missing, *low_missing, *(f"members[{i}].employment" for i in indices)],
    )
    path.notes.append("自愿参加宫颈癌、乳腺癌免费检查")
    return decide([path], WOMEN_CLAUSES)


PENSION_CLAUSES = [
    ("pension_2014", "对重度残疾人等缴费困难群体，地方人民政府代缴部分或全部最低标准的养老保险费"),
    ("huining_2022", "二、（三）五是（低保对象、特困人员、重度残疾人代缴）"),
]


def pension_subsidy(f: Facts, done: Done) -> Finding:
    low, high = f.params.get("pension_subsidy_ages")

    def contributor(i: int) -> Tri:
        member = f.members[i]
        age = member.get("age")
        if member.get("employment") == "student" or member.get("school_stage"):
            return False
        return None if age is None else bool(low <= age <= high)

    adults, _ = f.any_member(contributor)
    severe, _ = f.any_member(lambda i: tri_all([contributor(i), f.grade_1_2(i)]))
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "tekun"))
    by_group = Path("低保、特困")
    by_group.require(
        adults,
        f"家中有 {low}-{high} 岁应参加城乡居民养老保险的成员",
        f"家中没有 {low}-{high} 岁需缴费的成员",
        "家中成员年龄尚不清楚",
        [f"members[{i}].age" for i in f.undecided_members(contributor)],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing)
    rest(f, by_group, ("huining_2022",))
    by_disability = Path("重度残疾人")
    by_disability.require(
        severe,
        "有缴费年龄段内的一、二级重度残疾人",
        "缴费年龄段内没有重度残疾人",
        "缴费年龄段内是否有重度残疾人尚不清楚",
        [f"members[{i}].disability" for i in range(f.size) if f.grade_1_2(i) is None],
    )
    note = "参加城乡居民基本养老保险的，由当地政府代缴部分或全部最低档次养老保险费"
    by_group.notes.append(note)
    by_disability.notes.append(note)
    return decide([by_group, by_disability], PENSION_CLAUSES)


CARE_CLAUSES = [
    ("wuwei_2023", "一（低收入人口含刚性支出困难家庭成员）；三、（四）（访视、照料服务）"),
    ("huining_2022", "二、（一）四是 3（访视、照料服务）；二、（二）二是（重度残疾人照护）"),
    ("anhui_jianghuai_plan", "二、（七）"),
    ("shaanxi_2021", "十项措施 10"),
]
CARE_DOCS = ("wuwei_2023", "huining_2022", "anhui_jianghuai_plan", "shaanxi_2021")


def care_service(f: Facts, done: Done) -> Finding:
    def needs_care(i: int) -> Tri:
        care = f.members[i].get("self_care")
        return None if care is None else care in ("partial_loss", "total_loss")

    dependent, members = f.any_member(needs_care)
    poor, poor_text, poor_missing = in_groups(
        f, done, ("dibao", "tekun", "low_income", "rigid_expenditure")
    )
    path = Path("")
    path.require(
        dependent,
        "、".join(f"{i + 1}号成员" for i in members) + "生活不能完全自理",
        "家庭成员均能生活自理",
        "家庭成员生活自理能力尚不清楚",
        [f"members[{i}].self_care" for i in range(f.size) if needs_care(i) is None],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing)
    rest(f, path, CARE_DOCS)
    path.notes.append("通过政府购买服务提供访视、照料服务")
    if any(f.grade_1_2(i) and needs_care(i) for i in range(f.size)):
        path.notes.append("一、二级重度残疾人可申请集中照护或上门照护（洗衣、打扫、送医送药等）")
    return decide([path], CARE_CLAUSES)


LEGAL_CLAUSES = [
    (
        "legal_aid_law",
        "第三十四条（经济困难标准由省级人民政府确定）、第四十二条（社会救助对象等免予核查经济困难状况）",
    ),
    ("huining_2022", "二、（四）三是 3"),
    ("jixi_2021", "三、（二）9"),
    ("wuwei_2023", "三、（五）"),
]


def legal_aid(f: Facts, done: Done) -> Finding:
    poor, poor_text, _ = in_groups(f, done, ("dibao", "tekun", "low_income", "rigid_expenditure"))
    path = Path("")
    if poor is True:
        economic = f"{poor_text}，属社会救助对象的，免予核查经济困难状况"
    else:
        economic = "经济困难的标准由省级人民政府确定，申请时由法律援助机构核查"
    path.require(True, economic, economic)
    path.require(
        None,
        "",
        "",
        "需有法律事务（讨薪、工伤或交通事故赔偿、婚姻家庭纠纷、诉讼等）才能申请，是否有此需要请说明",
    )
    accident = [e for e in f.events or [] if e["type"] in ("traffic_accident", "death_in_family")]
    if accident:
        path.notes.append("涉及交通事故或家庭成员死亡的赔偿纠纷，可申请法律援助")
    return decide([path], LEGAL_CLAUSES, cap=POSSIBLE)
