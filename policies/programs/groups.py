"""Programs for particular groups: 残疾人两项补贴, 孤儿, 流浪乞讨, 困难职工, 两癌检查, 养老保险代缴,
照护服务, 法律援助."""

from __future__ import annotations

from policies.facts import Facts, tri_all, tri_any
from policies.outcome import POSSIBLE, Finding, Path, decide
from policies.programs.support import Done, in_groups

DISABILITY_CLAUSES = [
    ("huining_2022", "一、（三）（残疾人两项补贴对象）"),
    ("jixi_2021", "三、（二）9"),
    ("shaanxi_2021", "十项措施 3"),
    ("wuwei_2023", "三、（五）"),
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
    return decide([care, living, extended], DISABILITY_CLAUSES)


ORPHAN_CLAUSES = [
    ("huining_2022", "二、（二）三是"),
    ("jixi_2021", "三、（二）9"),
    ("shaanxi_2021", "十项措施 3"),
]


def _child(f: Facts, i: int) -> bool | None:
    age = f.members[i].get("age")
    if age is not None:
        return age < 18
    return None if f.members[i].get("relation") in (None, "child", "grandchild", "other") else False


def orphan_child(f: Facts, done: Done) -> Finding:
    paths = []
    # A child ("relation: child" = child of the person asking) lives with a parent able to raise
    # it when that person or the spouse is listed and not known to be severely disabled.
    parent_at_home = any(
        m.get("relation") in ("self", "spouse") and f.severe_disability(j) is not True
        for j, m in enumerate(f.members)
    )
    for i in range(f.size):
        parents = f.members[i].get("parents")
        if parents is None and f.members[i].get("relation") == "child" and parent_at_home:
            parents = "one_missing"  # at least one parent present
        path = Path(f"{i + 1}号成员")
        path.require(
            _child(f, i), "未满18周岁", "已成年", "是否未满18周岁尚不清楚", [f"members[{i}].age"]
        ).require(
            None if parents is None else parents == "both_missing",
            "父母双方死亡、失踪或事实无人抚养",
            "父母至少一方在世并能抚养",
            "父母情况尚不清楚",
            [f"members[{i}].parents"],
        )
        path.notes.append("可按月领取孤儿或事实无人抚养儿童基本生活补贴，并享受助医助学等帮扶")
        paths.append(path)
    return decide(paths, ORPHAN_CLAUSES)


VAGRANT_CLAUSES = [
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
    ("huining_2022", "二、（四）二是"),
    ("jixi_2021", "三、（二）9"),
]


def worker_aid(f: Facts, done: Done) -> Finding:
    flag = f.h.get("union_worker_hardship")
    workers, _ = f.any_member(
        lambda i: (
            None
            if f.members[i].get("employment") is None
            else f.members[i]["employment"] in ("employed", "flexible", "retired")
        )
    )
    path = Path("")
    if flag is not None:
        path.require(
            flag,
            "属生活困难的职工（含在县城有一年以上事实劳动关系的农民工）家庭",
            "不属于困难职工家庭",
        )
    else:
        path.require(
            workers,
            "家中有在职、灵活就业或退休职工",
            "家中没有职工或退休人员",
            "家中是否有职工（含农民工）尚不清楚",
            [f"members[{i}].employment" for i in range(f.size)],
        ).require(
            None,
            "",
            "",
            "是否已在工会建档或符合困难职工建档标准尚不清楚",
            ["union_worker_hardship"],
        )
    path.notes.append("按深度困难、相对困难、意外致困三档给予生活、医疗、助学、法律援助等帮扶")
    return decide([path], WORKER_CLAUSES)


WOMEN_CLAUSES = [("huining_2022", "二、（四）三是 1")]


def women_screening(f: Facts, done: Done) -> Finding:
    low, high = f.params.get("women_screening_ages")

    def eligible_woman(i: int) -> bool | None:
        member = f.members[i]
        sex, age = member.get("sex"), member.get("age")
        female = None if sex is None else sex == "female"
        in_range = None if age is None else low <= age <= high
        return tri_all([female, in_range])

    women, indices = f.any_member(eligible_woman)
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "tekun"))
    jobless = None
    if indices:
        jobless = tri_any(
            [
                None
                if f.members[i].get("employment") is None
                else f.members[i]["employment"] in ("unemployed", "none")
                for i in indices
            ]
        )
    path = Path("")
    path.require(
        women,
        f"家中有 {low}-{high} 岁女性",
        f"家中没有 {low}-{high} 岁女性",
        f"家中是否有 {low}-{high} 岁女性尚不清楚",
        [p for i in range(f.size) for p in (f"members[{i}].sex", f"members[{i}].age")],
    ).require(
        None if f.area is None else f.area == "urban",
        "城镇居民",
        "“两癌”免费检查面向城镇低收入妇女",
        "城镇还是农村尚不清楚",
        ["area"],
    ).require(
        tri_any([poor, jobless]),
        f"属低收入妇女：{poor_text}" if poor else "属下岗、无业的低收入妇女",
        "不属于低保、特困或下岗、无业妇女",
        poor_text,
        [*poor_missing, *(f"members[{i}].employment" for i in indices)],
    )
    path.notes.append("自愿参加宫颈癌、乳腺癌免费检查")
    return decide([path], WOMEN_CLAUSES)


PENSION_CLAUSES = [("huining_2022", "二、（三）五是")]


def pension_subsidy(f: Facts, done: Done) -> Finding:
    low, high = f.params.get("pension_subsidy_ages")

    def contributor(i: int) -> bool | None:
        member = f.members[i]
        age = member.get("age")
        if member.get("employment") == "student" or member.get("school_stage"):
            return False
        return None if age is None else low <= age <= high

    adults, adult_members = f.any_member(contributor)
    severe, _ = f.any_member(lambda i: tri_all([contributor(i), f.grade_1_2(i)]))
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "tekun"))
    by_group = Path("低保、特困")
    by_group.require(
        adults,
        f"家中有 {low}-{high} 岁应参加城乡居民养老保险的成员",
        f"家中没有 {low}-{high} 岁需缴费的成员",
        "家中成员年龄尚不清楚",
        [f"members[{i}].age" for i in range(f.size)],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing)
    by_disability = Path("重度残疾人")
    by_disability.require(
        severe,
        "有缴费年龄段内的一、二级重度残疾人",
        "缴费年龄段内没有重度残疾人",
        "缴费年龄段内是否有重度残疾人尚不清楚",
        [f"members[{i}].disability" for i in range(f.size)],
    )
    note = "参加城乡居民基本养老保险的，由县政府代缴部分或全部最低档次养老保险费"
    by_group.notes.append(note)
    by_disability.notes.append(note)
    return decide([by_group, by_disability], PENSION_CLAUSES)


CARE_CLAUSES = [
    ("huining_2022", "二、（一）四是 3（访视、照料服务）；二、（二）二是（重度残疾人照护）"),
    ("anhui_jianghuai_plan", "二、（七）"),
    ("shaanxi_2021", "十项措施 10"),
    ("wuwei_2023", "三、（四）"),
]


def care_service(f: Facts, done: Done) -> Finding:
    def needs_care(i: int) -> bool | None:
        care = f.members[i].get("self_care")
        return None if care is None else care in ("partial_loss", "total_loss")

    dependent, members = f.any_member(needs_care)
    poor, poor_text, poor_missing = in_groups(f, done, ("dibao", "tekun", "low_income"))
    path = Path("")
    path.require(
        dependent,
        "、".join(f"{i + 1}号成员" for i in members) + "生活不能完全自理",
        "家庭成员均能生活自理",
        "家庭成员生活自理能力尚不清楚",
        [f"members[{i}].self_care" for i in range(f.size) if needs_care(i) is None],
    ).require(poor, poor_text, poor_text, poor_text, poor_missing)
    path.notes.append("通过政府购买服务提供访视、照料服务")
    if any(f.grade_1_2(i) and needs_care(i) for i in range(f.size)):
        path.notes.append("一、二级重度残疾人可申请集中照护或上门照护（洗衣、打扫、送医送药等）")
    return decide([path], CARE_CLAUSES)


LEGAL_CLAUSES = [
    ("huining_2022", "二、（四）三是 3"),
    ("jixi_2021", "三、（二）9"),
    ("wuwei_2023", "三、（五）"),
]


def legal_aid(f: Facts, done: Done) -> Finding:
    poor, poor_text, poor_missing = in_groups(
        f, done, ("dibao", "tekun", "low_income", "rigid_expenditure")
    )
    path = Path("")
    path.require(
        poor,
        f"经济困难：{poor_text}，符合法律援助的经济条件",
        f"经济状况不属于困难群众：{poor_text}",
        poor_text,
        poor_missing,
    )
    accident = [e for e in f.events or [] if e["type"] in ("traffic_accident", "death_in_family")]
    if accident:
        path.notes.append("涉及交通事故或家庭成员死亡的赔偿纠纷，可申请法律援助")
    path.notes.append("需有法律事务（诉讼、赔偿、劳动争议等）才能申请，是否有此需要请说明")
    return decide([path], LEGAL_CLAUSES, cap=POSSIBLE)
