"""One turn of the household questions: the answer read against the question it answers.

The pending question is about one fact of one member (``pending_field``, e.g. members[2].age).
An answer fills it (facts said in passing are kept too, and belong to the member the question was
about unless the clause names another); 「不知道」 records it as unknown; 「啥意思」「嗯」 get the
question explained in other words; anything else gets a short hint. A question that fails twice is
skipped, never asked a third time; a citizen who is lost (three missed turns in a row) is offered a
person, and the questions can end at once (「直接提交」) with what is known.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import latest_entities, latest_intent, latest_text
from bot.actions.questions import focus_of, next_field
from household.answers import (
    Answer,
    apply_answer,
    drop_member_said_absent,
    is_correction,
    is_dont_know,
    is_filler,
)
from household.describe import describe_facts
from household.facts import (
    apply_entities,
    locality_from_answer,
    new_household,
    resolve_locality,
    set_household_size,
)
from household.needs import REQUEST_INTENTS
from household.paths import member_index
from household.questions import explanation_for, question_of
from zhtext.numbers import parse_count

MAX_MISSES_PER_QUESTION = 2
LOST_AFTER_MISSES = 3
SIDE_MATTER_INTENTS = frozenset(REQUEST_INTENTS) | {
    "complain_handling",
    "report_fraud",
    "out_of_scope",
}
# 「别问了，直接提交吧」: end the questions now and go on with what is known.
STOP_ASKING_RE = re.compile(
    r"别问了|不问了|不想答|不想回答|直接提交|先提交|就这样吧|先登记|直接登记"
)
HUMAN_BUTTONS = [
    {"title": "转人工", "payload": "/request_human"},
    {"title": "接着回答", "payload": "接着回答"},
    {"title": "直接提交", "payload": "直接提交"},
]


def explained_note(path: str) -> str:
    """form_note value: this turn already said the question again (in other words)."""
    return f"explained:{path}"


def validate_household_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """Apply one answer (and anything else said in it); decide whether to ask more."""
    household = tracker.get_slot("household") or new_household()
    pending = tracker.get_slot("pending_field")
    skipped = list(tracker.get_slot("skipped_fields") or [])
    asked = int(tracker.get_slot("questions_asked") or 0)
    misses = int(tracker.get_slot("answer_errors") or 0)
    lost = int(tracker.get_slot("missed_turns") or 0)
    locality = tracker.get_slot("locality")
    text = latest_text(tracker)
    intent = latest_intent(tracker)
    slots: dict[str, Any] = {"form_note": None}

    if STOP_ASKING_RE.search(text):
        dispatcher.utter_message(text="好的，不再问了，我按您已经说的情况来估算。")
        return {**slots, "household": household, "household_answer": "done"}

    about = member_index(pending) if pending else None
    members_before = len(household.get("members") or [])
    facts = apply_entities(
        household, latest_entities(tracker), text, about=about, answering=pending is not None
    )
    changed = list(facts.changed)
    if facts.phone:
        slots["contact_phone"] = facts.phone
    if pending != "locality":
        # A place in an answer to another question: where a member is (「儿子在兰州不回来」) or an
        # errand goes (「医生说最好去上海做骨髓移植」) is no place of the household's, and a place
        # elsewhere replaces the known one only when said as where the speaker lives (「我现在
        # 住在兰州」). The words are read even when the NLU tagged no place (「我是哈溪的」).
        code, _ = resolve_locality(text, facts.place_code, facts.place_text)
        updated = locality_from_answer(locality, code, text)
        if updated != locality:
            locality = slots["locality"] = updated
            changed.append("locality")

    answer = _answer_pending(
        household, pending, text, intent, facts, changed, slots, members_before
    )
    if answer.accepted and pending == "locality":
        locality = slots["locality"]
    if not (answer.accepted or answer.unknown) and is_correction(text) and not changed:
        changed = _correction_fallback(household, text)

    settled = answer.accepted or answer.unknown
    if answer.unknown and pending:
        skipped.append(pending)
    if settled:
        asked, misses, lost = asked + 1, 0, 0
    else:
        misses += 1
        lost = 0 if changed else lost + 1
        side_matter = not answer.confused and _note_side_matter(tracker, text, intent, slots)
        if misses >= MAX_MISSES_PER_QUESTION and pending:
            dispatcher.utter_message(text="这个问题先跳过，不影响后面。")
            skipped.append(pending)
            asked, misses = asked + 1, 0
        elif side_matter:
            dispatcher.utter_message(
                text="好的，这件事我也记下了，会一并写进工单。我们接着刚才的问题。"
            )
        elif changed:
            lead = "好的，已更正：" if is_correction(text) else "好的，记下了："
            dispatcher.utter_message(text=lead + "，".join(describe_facts(household)) + "。")
        elif answer.confused and pending:
            explanation = explanation_for(pending, household) or "我换个说法问。"
            question = question_of(pending)
            dispatcher.utter_message(text=explanation, buttons=_buttons(question))
            slots["form_note"] = explained_note(pending)
        elif answer.error:
            dispatcher.utter_message(text=answer.error)
    if lost >= LOST_AFTER_MISSES and not tracker.get_slot("human_offered"):
        dispatcher.utter_message(
            text="看来我问得不太清楚，真不好意思。您可以转人工，也可以接着回答，"
            "或者直接提交，我按已经了解的情况帮您登记。",
            buttons=HUMAN_BUTTONS,
        )
        slots["human_offered"] = True
        slots["form_note"] = explained_note(pending or "")

    next_path = next_field(household, locality, skipped, asked, focus_of(tracker))
    slots.update(
        {
            "household": household,
            "skipped_fields": skipped,
            "questions_asked": float(asked),
            "answer_errors": float(misses),
            "missed_turns": float(lost),
            "household_answer": "done" if next_path is None else None,
        }
    )
    return slots


def _answer_pending(
    household: dict[str, Any],
    pending: str | None,
    text: str,
    intent: str | None,
    facts: Any,
    changed: list[str],
    slots: dict[str, Any],
    members_before: int,
) -> Answer:
    """How the message answers the pending question (place, or one household fact)."""
    if not pending:
        return Answer(accepted=bool(changed))
    if pending == "locality":
        code, candidates = resolve_locality(text, facts.place_code, facts.place_text)
        if code:
            slots["locality"] = code
            slots["place_candidates"] = None
            return Answer(accepted=True, value=code)
        if is_dont_know(text):
            return Answer(unknown=True)
        if candidates:
            slots["place_candidates"] = candidates  # the next question names them
            return Answer(error=None)
        if is_filler(text):
            return Answer(confused=True)
        return Answer(error="没找到这个地方。说县（区）的名字就行，比如 会宁县、凉州区、商水县。")
    if pending == "members":
        # 「就俺老两口」: the members named and their count — the count is the household's size;
        # 「我和老伴还有个孙子」: everyone named, no number said — they are the household
        counted = apply_answer(household, pending, text, intent)
        named = len(household["members"])
        if counted.accepted or named <= members_before:
            return (
                counted if counted.accepted or "members" not in changed else Answer(accepted=True)
            )
        set_household_size(household, named)
        return Answer(accepted=True, value=named)
    if pending in changed:
        return Answer(accepted=True)
    if drop_member_said_absent(household, member_index(pending), text):
        changed.append("members")
        return Answer(accepted=True)
    question = question_of(pending)
    return apply_answer(
        household, pending, text, intent, inverted=bool(question and question.inverted)
    )


def _note_side_matter(
    tracker: Tracker, text: str, intent: str | None, slots: dict[str, Any]
) -> bool:
    """Another need said mid-questions is kept for the work order (True when it was one)."""
    if intent not in SIDE_MATTER_INTENTS or intent == tracker.get_slot("request_category"):
        return False
    previous = tracker.get_slot("request_text")
    slots["request_text"] = f"{previous}\n（补充）{text}" if previous else text
    return True


def _buttons(question: Any) -> list[dict[str, str]]:
    options = tuple(getattr(question, "options", ()) or ())
    if not options:
        return []
    return [{"title": option, "payload": option} for option in (*options, "不知道")]


def _correction_fallback(household: dict[str, Any], text: str) -> list[str]:
    """“不对，是四口人” without an entity: read the corrected count from the words."""
    if re.search(r"口|个人|人", text):
        size = parse_count(text)
        if size:
            set_household_size(household, size)
            return ["members"]
    return []


def question_buttons(path: str) -> list[dict[str, str]]:
    """Quick replies for the question about ``path`` (its options and 不知道)."""
    return _buttons(question_of(path))
