"""The Chinese question for each household fact, naming the member it is about.

One table for the assistant's questions and the operator console's 「还需问清」 list. A question
is short and spoken; ``{who}`` is filled with 您 / 您的孩子 / 您的配偶 ...; ``inverted`` marks a
question whose "没有" answer means the fact is TRUE (「有没有大额存款…？」「没有」 -> the assets
are within the local limits), so answers are read against the question that was asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from household.paths import MEMBER_PATH, member_index
from household.vocabulary import RELATION_ZH


@dataclass(frozen=True)
class Question:
    text: str
    inverted: bool = False  # a yes/no question whose "no" means the field is true


# Keys: a household field path, or "members[]." + a member field.
QUESTIONS: dict[str, Question] = {
    "locality": Question("您住在哪个县（区）？比如 会宁县、凉州区、绩溪县。"),
    "members": Question("家里一起生活的一共几口人？"),
    "household_monthly_income": Question(
        "全家每个月加起来大概有多少收入？工资、打工、做生意都算，没有就说“没有”。"
    ),
    "assets_within_local_limits": Question(
        "家里有没有大额存款、第二套房、汽车或者店面？", inverted=True
    ),
    "area": Question("您家在城里还是农村？"),
    "residency": Question("您是本地户口吗？还是持居住证，或者外地来的？"),
    "last_year_total_income": Question("去年全家一年总共收入大概多少钱？"),
    "expenses_12m.medical_out_of_pocket": Question("近一年看病报销以后，自己掏了多少钱？"),
    "expenses_12m.education": Question("近一年孩子上学，自己花了多少钱？"),
    "expenses_12m.disability_and_care": Question("近一年残疾康复、护理，自己花了多少钱？"),
    "housing": Question("现在住的是自己家的房子、租的房子，还是危房，或者没地方住？"),
    "events": Question("最近家里有没有突发的事，比如火灾、车祸、突然得重病、受灾、失业？"),
    "current_benefits": Question("家里现在有没有在领低保、特困供养或者别的救助？"),
    "homeless": Question("您现在有地方住吗？", inverted=True),
    "union_worker_hardship": Question("家里有人在单位或厂里干满一年了吗？"),
    "members[].monthly_income": Question("{who}每个月大概挣多少钱？没有收入就说“没有”。"),
    "members[].excluded_income": Question("{who}每月有没有养老金、抚恤金这类钱？大概多少？"),
    "members[].age": Question("{who}今年多大年纪？"),
    "members[].sex": Question("{who}是男的还是女的？"),
    "members[].disability": Question("{who}有残疾证吗？有的话是几级、什么类别？"),
    "members[].serious_illness": Question("{who}有没有重病，比如癌症、尿毒症、脑梗？"),
    "members[].able_to_work": Question("{who}能干活挣钱吗？"),
    "members[].employment": Question("{who}现在是上班、打零工、没工作，还是退休了？"),
    "members[].school_stage": Question("{who}在上学吗？上的是小学、初中、高中、职校还是大学？"),
    "members[].self_care": Question("{who}生活能自理吗？"),
    "members[].parents": Question("{who}的爸爸妈妈能抚养{who}吗？比如在身边、去世、失踪、服刑？"),
    "members[].has_capable_supporter": Question("{who}有没有能养活{who}的子女或者其他亲人？"),
    "members[].pregnant_or_nursing": Question("{who}在怀孕或者哺乳期吗？"),
}


def template_of(path: str) -> str:
    """'members[2].age' -> 'members[].age'; household paths unchanged."""
    return MEMBER_PATH.sub(r"members[].\2", path)


def question_of(path: str) -> Question | None:
    return QUESTIONS.get(template_of(path))


def has_question(path: str) -> bool:
    return template_of(path) in QUESTIONS


def who(path: str, household: dict[str, Any] | None) -> str:
    """How the question addresses the member a path is about: 您, 您的孩子, 您的第二个孩子 ..."""
    index = member_index(path)
    if not index:
        return "您"
    members = (household or {}).get("members") or []
    relation = members[index].get("relation") if index < len(members) else None
    if not relation:
        return f"您家第{index + 1}位家人"
    same = [i for i, m in enumerate(members) if i > 0 and m.get("relation") == relation]
    name = RELATION_ZH.get(relation, "家人")
    if len(same) > 1:
        return f"您的第{'一二三四五六七八九十'[min(same.index(index), 9)]}个{name}"
    return f"您的{name}"


def question_for(path: str, household: dict[str, Any] | None = None) -> str | None:
    """The question for a field path, naming the member; None for a fact nobody is asked."""
    question = question_of(path)
    if question is None:
        return None
    addressed = who(path, household)
    text = question.text
    if "{who}" in text:
        first, _, rest = text.partition("{who}")
        # the second mention of the person is a pronoun: 他（她）
        text = (
            first + addressed + re.sub(r"\{who\}", "您" if addressed == "您" else "他（她）", rest)
        )
    return text
