"""Which unknown facts matter most, and which single change would make a program likely."""

from __future__ import annotations

from typing import Any

from household.questions import QUESTIONS, question_for, template_of
from household.vocabulary import AREAS, EMPLOYMENTS, HOUSING, RESIDENCIES, SCHOOL_STAGES, SELF_CARE
from policies.estimator import evaluate, statuses, with_defaults
from policies.paths import MEMBER_PATH
from policies.paths import get_path as _get
from policies.paths import set_path as _set
from policies.validation import validate_household

# The facts the assistant may ask about, and their wording, are household.questions' (one list
# for the rules, the chat and the operator console).
IMMUTABLE_MEMBER_FIELDS = ("age", "sex")


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
    household: dict[str, Any],
    result: dict[str, Any] | None = None,
    limit: int = 5,
    *,
    quick: bool = False,
) -> list[str]:
    """Unknown field paths, best first: the one whose answer could change the most statuses.

    Score = 2 x (programs whose status one of the plausible answers changes) + (programs that
    list the fact as missing). ``quick``: by the second term only (no estimator run per
    plausible answer: ~1 ms instead of ~100 ms), for a bulk import's open questions.
    """
    return [path for path, _ in decisive_unknowns(household, result, limit, quick=quick)]


def decisive_unknowns(
    household: dict[str, Any],
    result: dict[str, Any] | None = None,
    limit: int = 5,
    *,
    quick: bool = False,
) -> list[tuple[str, frozenset[str]]]:
    """Like most_decisive_unknowns, each path with the programs one answer to it could change
    (empty when it only narrows what stays possible, and always empty when ``quick``)."""
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
        for value in () if quick else _candidate_values(path, standard, size):
            tried = statuses(_set(facts, path, value))
            changed |= {pid for pid, status in tried.items() if status != base[pid]}
        # An answer that alone flips statuses counts double; reach (how many programs name the
        # fact as missing) counts too, since unknowns interact and one answer rarely decides alone.
        scored.append(
            (-(2 * len(changed) + mentions[path]), -len(changed), order, path, frozenset(changed))
        )
    return [(path, changed) for *_, path, changed in sorted(scored)[:limit]]


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
