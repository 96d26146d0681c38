"""Which unknown facts matter most, and which single change would make a program likely."""

from __future__ import annotations

from typing import Any

from household.vocabulary import AREAS, EMPLOYMENTS, HOUSING, RESIDENCIES, SCHOOL_STAGES, SELF_CARE
from policies.estimator import evaluate, statuses, with_defaults
from policies.paths import MEMBER_PATH
from policies.paths import get_path as _get
from policies.paths import set_path as _set
from policies.validation import validate_household

# Field paths the assistant may ask about ("members[]" stands for any member), with a short
# question. question_for() fills in who is meant for a member path.
QUESTIONS: dict[str, str] = {
    "household_monthly_income": "您家每月总收入大约多少元？（工资、经营、租金等，不含养老金中的基础养老金和各类救助金）",
    "assets_within_local_limits": "您家的存款、房产、车辆等财产多吗？有没有第二套房、车辆或大额存款？",
    "area": "您家住在城镇还是农村？",
    "residency": "您是本地户口、持居住证，还是外地来的？",
    "last_year_total_income": "您家去年全年总收入大约多少元？",
    "expenses_12m.medical_out_of_pocket": "近一年看病报销后自己花了多少钱？",
    "expenses_12m.education": "近一年孩子上学花了多少钱？",
    "expenses_12m.disability_and_care": "近一年残疾康复、护理花了多少钱？",
    "housing": "您现在住的是自己的房子、租的房子，还是没有住处、房屋是危房或受灾倒损？",
    "events": "最近家里有没有遇到火灾、交通事故、突发重病、自然灾害、失业等突发情况？",
    "current_benefits": "您家现在有没有在享受低保、特困供养等救助？",
    "homeless": "您现在是否流落在外、没有地方住、生活没有着落？",
    "union_worker_hardship": "家里有人在单位上班（包括在县城打工一年以上）吗？有没有在工会建档困难职工？",
    "members[].monthly_income": "这位家庭成员每月收入大约多少元？",
    "members[].age": "这位家庭成员多大年纪？",
    "members[].sex": "这位家庭成员是男性还是女性？",
    "members[].disability": "这位家庭成员有没有残疾人证？是几级、什么类别？",
    "members[].serious_illness": "这位家庭成员有没有患重大疾病（如癌症、尿毒症等）？",
    "members[].able_to_work": "这位家庭成员能干活挣钱吗（有没有劳动能力）？",
    "members[].employment": "这位家庭成员现在是上班、打零工、失业、退休还是在上学？",
    "members[].school_stage": "这位家庭成员在上学吗？上的是幼儿园、小学、初中、高中、职校还是大学？",
    "members[].self_care": "这位家庭成员生活能自理吗？是部分还是完全不能自理？",
    "members[].parents": "这个孩子的父母情况怎样？是否父母双亡、失踪或无法抚养？",
    "members[].has_capable_supporter": "这位家庭成员有没有能够赡养、抚养他（她）的子女、配偶等亲属？",
    "members[].pregnant_or_nursing": "这位家庭成员是否怀孕或在哺乳期？",
}

IMMUTABLE_MEMBER_FIELDS = ("age", "sex")


def template_of(path: str) -> str:
    return MEMBER_PATH.sub(r"members[].\2", path)


def question_for(path: str) -> str | None:
    """The Chinese question for a field path, e.g. members[1].age -> '第2位家庭成员多大年纪？'."""
    question = QUESTIONS.get(template_of(path))
    match = MEMBER_PATH.match(path)
    if question and match:
        index = int(match.group(1))
        who = "您本人" if index == 0 else f"第{index + 1}位家庭成员"
        question = question.replace("这位家庭成员", who).replace("这个孩子", who)
    return question


def _candidate_values(path: str, standard: float, size: int) -> list[Any]:
    field = template_of(path).rsplit(".", 1)[-1]
    household_scale = standard * size
    values: dict[str, list[Any]] = {
        "household_monthly_income": [0, round(household_scale * 0.5), round(household_scale * 1.2)],
        "monthly_income": [0, round(standard * 0.5), round(standard * 2)],
        "last_year_total_income": [0, round(household_scale * 24)],
        "medical_out_of_pocket": [0, round(household_scale * 36)],
        "education": [0, round(household_scale * 36)],
        "disability_and_care": [0, round(household_scale * 36)],
        "area": list(AREAS),
        "residency": list(RESIDENCIES),
        "housing": list(HOUSING),
        "employment": list(EMPLOYMENTS),
        "school_stage": list(SCHOOL_STAGES),
        "self_care": list(SELF_CARE),
        "parents": ["both_missing", "both_present"],
        "sex": ["female", "male"],
        "age": [8, 40, 70],
        "disability": [None, {"grade": 1, "type": "physical"}, {"grade": 4, "type": "physical"}],
        "events": [[], [{"type": "traffic_accident"}], [{"type": "natural_disaster"}]],
        "current_benefits": [[], ["dibao"]],
    }
    return values.get(field, [True, False])


# Explaining tries answers one fact at a time; beyond this many members the extra ones are not
# asked about (a household that large is not a conversation).
MAX_EXPLAINED_MEMBERS = 8


def _within_explained_members(path: str) -> bool:
    match = MEMBER_PATH.match(path)
    return match is None or int(match.group(1)) < MAX_EXPLAINED_MEMBERS


def _all_paths(household: dict[str, Any]) -> list[str]:
    paths = [p for p in QUESTIONS if not p.startswith("members[]")]
    for index in range(min(len(household["members"]), MAX_EXPLAINED_MEMBERS)):
        paths.extend(
            p.replace("members[]", f"members[{index}]")
            for p in QUESTIONS
            if p.startswith("members[]")
        )
    return paths


def _statuses(result: dict[str, Any]) -> dict[str, str]:
    return {p["id"]: p["status"] for p in result["programs"]}


def _standard(result: dict[str, Any]) -> float:
    return float(result["standards"]["dibao_monthly_per_person"])


def most_decisive_unknowns(
    household: dict[str, Any], result: dict[str, Any] | None = None, limit: int = 5
) -> list[str]:
    """Unknown field paths, best first: the one whose answer could change the most statuses.

    Score = 2 x (programs whose status one of the plausible answers changes) + (programs that
    list the fact as missing).
    """
    # Facts a written-down default settles (a pupil's income, a child's work ability) count as
    # known: they are never asked.
    facts, _ = with_defaults(validate_household(household))
    result = result or evaluate(facts)
    base = _statuses(result)
    mentions: dict[str, int] = {}
    for program in result["programs"]:
        for path in program.get("missing_facts", []):
            if not _get(facts, path)[0] and question_for(path) and _within_explained_members(path):
                mentions[path] = mentions.get(path, 0) + 1
    standard, size = _standard(result), len(facts["members"])
    scored = []
    for order, path in enumerate(mentions):
        changed: set[str] = set()
        for value in _candidate_values(path, standard, size):
            tried = statuses(_set(facts, path, value))
            changed |= {pid for pid, status in tried.items() if status != base[pid]}
        # An answer that alone flips statuses counts double; reach (how many programs name the
        # fact as missing) counts too, since unknowns interact and one answer rarely decides alone.
        scored.append((-(2 * len(changed) + mentions[path]), -len(changed), order, path))
    return [path for *_, path in sorted(scored)[:limit]]


def what_would_change(household: dict[str, Any]) -> list[dict[str, Any]]:
    """For each program not yet likely, one fact change that would make it likely.

    Unknown facts are tried first (answering a question), then changes to known facts (age and
    sex are never changed). Each entry: {program, fact, value, becomes, question, known}.
    """
    stated = validate_household(household)
    facts, applied = with_defaults(stated)
    defaulted = {d["fact"] for d in applied}
    result = evaluate(facts)
    base = _statuses(result)
    standard, size = _standard(result), len(facts["members"])
    pending = [pid for pid, status in base.items() if status != "likely"]
    unknown_paths: list[str] = []
    known_paths: list[str] = []
    for path in _all_paths(facts):
        if path in defaulted:
            continue  # a default is not a question, nor a fact the caller could change
        present, _ = _get(facts, path)
        match = MEMBER_PATH.match(path)
        if present and match and match.group(2) in IMMUTABLE_MEMBER_FIELDS:
            continue
        (known_paths if present else unknown_paths).append(path)
    found: dict[str, dict[str, Any]] = {}
    for known, paths in ((False, unknown_paths), (True, known_paths)):
        for path in paths:
            if all(pid in found for pid in pending):
                break
            current = _get(facts, path)[1]
            for value in _candidate_values(path, standard, size):
                if known and value == current:
                    continue
                tried = statuses(_set(facts, path, value))
                for pid in pending:
                    if pid not in found and tried[pid] == "likely":
                        found[pid] = {
                            "program": pid,
                            "fact": path,
                            "value": value,
                            "becomes": "likely",
                            "question": question_for(path),
                            "known": known,
                        }
    return [found[pid] for pid in pending if pid in found]
