"""The Chinese question for each household fact, naming the member it is about.

One table for the assistant's questions and the operator console's 「还需问清」 list. A question
is short and spoken; ``{who}`` is filled with 您 / 您的孩子 / 您的配偶 ...; ``inverted`` marks a
question whose "没有" answer means the fact is TRUE (「有没有大额存款…？」「没有」 -> the assets
are within the local limits), so answers are read against the question that was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from household.paths import MEMBER_PATH, member_index
from household.vocabulary import relation_zh


@dataclass(frozen=True)
class Question:
    text: str
    explain: str = ""  # the same question in other words, for 「啥意思」
    options: tuple[str, ...] = ()  # quick-reply buttons (their text is sent as the answer)
    inverted: bool = False  # a yes/no question whose "no" means the field is true


YES_NO = ("有", "没有")
SHI_BU = ("是", "不是")

# The place and the household size, asked first (they are not facts the rules weigh).
FLOW_QUESTIONS: dict[str, Question] = {
    "locality": Question(
        "您住在哪个县（区）？比如 会宁县、凉州区、绩溪县。",
        "我要知道您在哪个县或区，才能按当地的标准算。您是哪个县的？说县名就行，比如“会宁县”。",
    ),
    "members": Question(
        "家里一起生活的一共几口人？",
        "就是平时住在一起、一起过日子的家里人，连您自己一共几个？比如“3个”。",
    ),
}

# The household facts the rules may ask about (policies ranks them), by field path of
# household.schema.json: a household field, or "members[]." + a member field.
QUESTIONS: dict[str, Question] = {
    "household_monthly_income": Question(
        "全家每个月加起来大概有多少收入？工资、打工、做生意都算，没有就说“没有”。",
        "一家人一个月总共能进多少钱？说个大概就行，比如“一千多”；一点收入都没有就说“没有”。",
    ),
    "assets_within_local_limits": Question(
        "家里有没有大额存款、第二套房、汽车或者店面？",
        "就是问家里有没有比较值钱的东西：存款多、两套以上的房、小汽车、门面。有吗？都没有就说“没有”。",
        YES_NO,
        inverted=True,
    ),
    "area": Question("您家在城里还是农村？", "您住在县城、城市里，还是在村里？", ("城里", "农村")),
    "residency": Question(
        "您是本地户口吗？还是持居住证，或者外地来的？",
        "您的户口在不在这个县？",
        ("本地户口", "居住证", "外地的"),
    ),
    "last_year_total_income": Question(
        "去年全家一年总共收入大概多少钱？",
        "去年一整年，一家人总共挣了多少？说个大概就行，比如“两万”。",
    ),
    "expenses_12m.medical_out_of_pocket": Question(
        "近一年看病报销以后，自己掏了多少钱？",
        "这一年看病吃药，医保报完以后自己还花了多少？说个大概就行，比如“两万多”。",
    ),
    "expenses_12m.education": Question(
        "近一年孩子上学，自己花了多少钱？",
        "这一年孩子的学费、住宿、生活费，家里一共花了多少？说个大概就行。",
    ),
    "expenses_12m.disability_and_care": Question(
        "近一年残疾康复、护理，自己花了多少钱？",
        "这一年在康复、请人照顾上，自己一共花了多少？说个大概就行。",
    ),
    "housing": Question(
        "现在住的是自己家的房子、租的房子，还是危房，或者没地方住？",
        "您现在住在哪儿？是自己家的房、租的房，房子是不是危房，还是根本没地方住？",
        ("自己家的房", "租的房", "危房", "没地方住"),
    ),
    "events": Question(
        "最近家里有没有突发的事，比如火灾、车祸、突然得重病、受灾、失业？",
        "最近有没有出什么意外、急事，一下子把家里难住了？没有就说“没有”。",
        YES_NO,
    ),
    "current_benefits": Question(
        "家里现在有没有在领低保、特困供养或者别的救助？",
        "家里现在每个月有没有从政府领钱，比如低保、五保？没有就说“没有”。",
        YES_NO,
    ),
    "homeless": Question(
        "您现在有地方住吗？", "您今晚有地方住吗？还是在外面没处去？", YES_NO, inverted=True
    ),
    "union_worker_hardship": Question(
        "家里有人在单位或厂里干满一年了吗？",
        "家里有没有人在单位、工厂、公司正式干了一年以上？",
        SHI_BU,
    ),
    "members[].monthly_income": Question(
        "{who}每个月大概挣多少钱？没有收入就说“没有”。",
        "{who}一个月能挣多少、领多少钱？说个大概就行，比如“六百”；一分没有就说“没有”。",
    ),
    "members[].age": Question(
        "{who}今年多大年纪？", "{who}今年多大岁数了？说个大概就行，比如“七十多”。"
    ),
    "members[].sex": Question("{who}是男的还是女的？", "{who}是男的还是女的？", ("男", "女")),
    "members[].disability": Question(
        "{who}有残疾证吗？有的话是几级、什么类别？",
        "{who}有没有政府发的残疾人证？有的话说几级，比如“二级肢体”；没办证就说“没有证”。",
        ("有残疾证", "没有残疾证"),
    ),
    "members[].serious_illness": Question(
        "{who}有没有重病，比如癌症、尿毒症、脑梗？",
        "{who}有没有得什么大病、重病，要长期治疗的那种？",
        YES_NO,
    ),
    "members[].able_to_work": Question(
        "{who}能干活挣钱吗？", "{who}身体能不能出去干活、挣钱？", ("能", "不能")
    ),
    "members[].employment": Question(
        "{who}现在是上班、打零工、没工作，还是退休了？",
        "{who}现在靠什么过日子，有没有在干活？",
        ("上班", "打零工", "没工作", "退休了"),
    ),
    "members[].school_stage": Question(
        "{who}在上学吗？上的是小学、初中、高中、职校还是大学？",
        "{who}现在在不在读书？在读的话上几年级？",
        ("没上学", "小学", "初中", "高中", "职校", "大学"),
    ),
    "members[].self_care": Question(
        "{who}生活能自理吗？",
        "{who}吃饭、穿衣、上厕所能自己来吗，还是要人照顾？",
        ("能自理", "要人照顾", "完全不能自理"),
    ),
    "members[].parents": Question(
        "{who}的爸爸妈妈能抚养{who}吗？比如在身边、去世、失踪、服刑？",
        "{who}的爸爸妈妈现在在哪、能不能管孩子？比如“都在身边”“爸爸去世了，妈妈联系不上”。",
        ("都在身边", "一个不在", "都不在或管不了"),
    ),
    "members[].has_capable_supporter": Question(
        "{who}有没有子女或者其他亲人能养活{who}、照顾{who}？",
        "{who}有没有儿女、亲人能照顾、能给钱养活？没有或者他们自己也困难，就说“没有”。",
        YES_NO,
    ),
    "members[].pregnant_or_nursing": Question(
        "{who}在怀孕或者哺乳期吗？", "{who}现在有没有怀孕，或者在给孩子喂奶？", SHI_BU
    ),
}


# A sibling's parents are the asker's own: asked of both (never 「您的兄弟姐妹的爸爸妈妈」).
SIBLING_PARENTS = Question(
    "您和{who}的爸爸妈妈现在能抚养你们吗？比如在身边、去世、失踪、服刑？",
    "您和{who}的爸爸妈妈现在在哪、能不能管你们？比如“都在身边”“爸爸去世了，妈妈联系不上”。",
    ("都在身边", "一个不在", "都不在或管不了"),
)


def template_of(path: str) -> str:
    """'members[2].age' -> 'members[].age'; household paths unchanged."""
    return MEMBER_PATH.sub(r"members[].\2", path)


def question_of(path: str, household: dict[str, Any] | None = None) -> Question | None:
    """The question for a path (with the household: the wording for that member)."""
    if template_of(path) == "members[].parents" and _relation_of(path, household) == "sibling":
        return SIBLING_PARENTS
    if template_of(path) == "members[].disability" and certificate_without_grade(household, path):
        return CERTIFICATE_GRADE
    return FLOW_QUESTIONS.get(path) or QUESTIONS.get(template_of(path))


# A certificate told of without its grade (「老婆眼睛看不见有残疾证」): the grade decides the
# 护理补贴 and the 重残 rules, so it is asked.
CERTIFICATE_GRADE = Question(
    "{who}的残疾证是几级？",
    "{who}的残疾人证上写的是几级？一级、二级、三级还是四级？",
    ("一级", "二级", "三级", "四级"),
)


def certificate_without_grade(household: dict[str, Any] | None, path: str) -> bool:
    """The member of the path holds a certificate whose grade is not known."""
    index = member_index(path)
    members = (household or {}).get("members") or []
    member = members[index] if index is not None and index < len(members) else {}
    disability = member.get("disability")
    return isinstance(disability, dict) and not disability.get("grade")


def _relation_of(path: str, household: dict[str, Any] | None) -> str | None:
    index = member_index(path)
    members = (household or {}).get("members") or []
    return members[index].get("relation") if index is not None and index < len(members) else None


def has_question(path: str) -> bool:
    return path in FLOW_QUESTIONS or template_of(path) in QUESTIONS


def who(path: str, household: dict[str, Any] | None, *, own: bool = False) -> str:
    """How the question addresses the member a path is about: 您, 您的孩子, 您的第二个孩子 ...
    (``own``: after 「您和」, without 您的: 兄弟姐妹, 第二个兄弟姐妹)."""
    index = member_index(path)
    if not index:
        # the caller asks for a parent (「我替我妈问一下」): the parent is the household's self
        return f"您{household['_for']}" if household and household.get("_for") else "您"
    members = (household or {}).get("members") or []
    relation = members[index].get("relation") if index < len(members) else None
    if not relation:
        return f"您家第{index + 1}位家人"
    same = [i for i, m in enumerate(members) if i > 0 and m.get("relation") == relation]
    name = relation_zh(members[index])
    prefix = "" if own else "您的"
    alike = [i for i in same if relation_zh(members[i]) == name]
    if len(alike) > 1:
        return f"{prefix}第{'一二三四五六七八九十'[min(alike.index(index), 9)]}个{name}"
    return f"{prefix}{name}"


def _address(text: str, addressed: str) -> str:
    """Fill {who}: the first mention names the member, later ones are a pronoun 他（她）."""
    if "{who}" not in text:
        return text
    first, _, rest = text.partition("{who}")
    return first + addressed + rest.replace("{who}", "您" if addressed == "您" else "他（她）")


def question_for(path: str, household: dict[str, Any] | None = None) -> str | None:
    """The question for a field path, naming the member; None for a fact nobody is asked."""
    question = question_of(path, household)
    if question is None:
        return None
    if question is SIBLING_PARENTS:
        return question.text.format(who=who(path, household, own=True))
    return _address(question.text, who(path, household))


def explanation_for(path: str, household: dict[str, Any] | None = None) -> str | None:
    """The same question in other words, for a citizen who did not follow it."""
    question = question_of(path, household)
    if question is None:
        return None
    if question is SIBLING_PARENTS:
        return question.explain.format(who=who(path, household, own=True))
    return _address(question.explain or question.text, who(path, household))


_YOUNG_STAGES = ("preschool", "primary", "junior_high")


def _is_child(member: dict[str, Any]) -> bool:
    age = member.get("age")
    if isinstance(age, int):
        return age < 18
    return member.get("relation") in ("child", "grandchild") and member.get("employment") in (
        None,
        "student",
    )


def makes_sense(path: str, household: dict[str, Any]) -> bool:
    """Whether asking this fact of this member makes sense to the citizen: no parents question
    for an adult (or for the caller's own child: the caller is the parent), no work or income
    question for a child at school, no school question for an adult, no job question for an
    elderly person, no pregnancy question for a man or an old woman, no certificate question
    for a child at school of whom nothing is told but the school, no question of self-care or a
    certificate for someone at work of whom no illness is told."""
    index = member_index(path)
    members = household.get("members") or []
    if path == "expenses_12m.education":
        # 「近一年孩子上学花了多少」 to an old woman alone with no children makes no sense, nor for
        # pupils of the free compulsory years alone
        return any(
            m.get("school_stage") in _COSTLY_STAGES
            or (m.get("employment") == "student" and not m.get("school_stage"))
            or (
                m.get("relation") in ("child", "grandchild")
                and not m.get("school_stage")
                and not _adult_not_at_school(m)
            )
            for m in members
        )
    if path == "expenses_12m.medical_out_of_pocket":
        # the year's doctor's bills, asked where an illness, a disability or care is told
        return any(
            m.get("serious_illness") or m.get("disability") or m.get("self_care") in _CARED
            for m in members
        ) or any(
            e.get("type") in ("sudden_major_illness", "traffic_accident")
            for e in household.get("events") or []
        )
    if path == "expenses_12m.disability_and_care":
        return any(
            m.get("disability") or m.get("self_care") in ("partial_loss", "total_loss")
            for m in members
        )
    if index is None:
        if path == "union_worker_hardship":
            # 困难职工: someone with (or laid off from) a job in a unit, not odd jobs
            return any(
                m.get("employment") in ("employed", "unemployed")
                and not _is_child(m)
                and not (isinstance(m.get("age"), int) and m["age"] >= 60)
                for m in members
            )
        return True
    if index >= len(members):
        return False
    member = members[index]
    field = path.rsplit(".", 1)[-1]
    age = member.get("age") if isinstance(member.get("age"), int) else None
    relation = member.get("relation")
    if field == "parents":
        return _is_child(member) and relation != "child" and index != 0
    if field in ("employment", "able_to_work", "monthly_income", "excluded_income"):
        if (age is not None and age < 16) or member.get("school_stage") in _YOUNG_STAGES:
            return False
        if field in ("employment", "able_to_work") and age is not None and age >= 60:
            return False
    if field == "school_stage":
        if age is not None:
            return bool(3 <= age <= 25)
        return relation in ("child", "grandchild", "sibling", "other")
    if field == "pregnant_or_nursing":
        return member.get("sex") != "male" and (age is None or 16 <= age <= 50)
    if field == "has_capable_supporter":
        return not _is_child(member)
    if field == "self_care" and not (may_be_disabled(member) or member.get("disability")):
        # 「您生活能自理吗」 to a 45-year-old at work of whom no illness is told makes no sense
        return False
    if field == "disability" and index == 0 and _healthy_at_work(member):
        # the caller who works and tells of no illness would have said a certificate
        return False
    if field == "disability" and index != 0 and member.get("school_stage"):
        # a pupil or student said to be at school, of whom no illness or need of care is told:
        # a certificate would have been said (the caseworker checks); asking of each child
        # makes a long row of questions
        return may_be_disabled(member)
    return True


# School stages whose costs weigh (the compulsory years are free of fees): 刚性支出 因学.
_COSTLY_STAGES = ("preschool", "senior_high", "vocational", "college", "postgraduate")
_CARED = ("partial_loss", "total_loss")


def _adult_not_at_school(member: dict[str, Any]) -> bool:
    """An adult (over 25, or working) of whom no school is told."""
    age = member.get("age")
    return not member.get("school_stage") and (
        (isinstance(age, int) and age > 25) or member.get("employment") in ("employed", "flexible")
    )


def _healthy_at_work(member: dict[str, Any]) -> bool:
    """Working (a job, odd jobs, a wage told) under 60, and nothing told hints at a disability."""
    income = member.get("monthly_income")
    working = member.get("employment") in ("employed", "flexible") or (
        isinstance(income, int | float) and income > 0
    )
    return working and not may_be_disabled(member)


def may_be_disabled(member: dict[str, Any]) -> bool:
    """Whether the words told of this member hint at a disability: an illness, care needed,
    unable to work, or old age (a certificate question is then worth asking)."""
    age = member.get("age")
    return (
        member.get("_disabled") is True  # 「我爸有残疾」
        or member.get("serious_illness") is True
        or member.get("self_care") in ("partial_loss", "total_loss")
        or member.get("able_to_work") is False
        or (isinstance(age, int) and age >= 60)
    )
