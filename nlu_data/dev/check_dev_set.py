"""Check the NLU validation (dev) set against the NLU contract v1.

Adapted from nlu_data/test/check_test_set.py. Run from the repository root with the bot
environment:

    .venv-bot/bin/python nlu_data/dev/check_dev_set.py

Besides the test-set checks it prints entity counts per name and lists (as warnings, not
failures) entity spans that do not start and end on a token boundary of jieba loaded with
every user dictionary in nlu_data/dict/.

Exits non-zero and lists every problem if the file does not parse, misses an intent of the
contract, has too few examples for an intent, uses an entity name outside the contract, has
overlapping or empty entity spans, repeats a message, or contains an ID number whose check
digit is wrong or a phone number that is not an 11-digit mobile number.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

DEV_FILE = Path(__file__).with_name("nlu_dev.yml")

NEED_INTENTS = (
    "request_dibao",
    "request_tekun",
    "request_temporary",
    "request_medical",
    "request_education",
    "request_housing",
    "request_employment",
    "request_disability",
    "request_child_welfare",
    "request_disaster",
    "request_vagrant",
    "ask_eligibility",
    "complain_handling",
    "report_fraud",
    "query_ticket_status",
    "out_of_scope",
)
LARGE_NEED_INTENTS = (
    "request_dibao",
    "request_temporary",
    "request_medical",
    "ask_eligibility",
    "out_of_scope",
)
CONVERSATION_INTENTS = (
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "inform",
    "request_human",
    "restart",
    "bot_challenge",
)
ENTITY_NAMES = frozenset(
    {
        "household_size",
        "monthly_income",
        "amount",
        "age",
        "relation",
        "disability_grade",
        "disability_type",
        "illness",
        "school_stage",
        "event_type",
        "area",
        "place",
        "phone",
        "id_number",
        "ticket_number",
    }
)
MIN_NEED, MIN_LARGE_NEED, MIN_CONVERSATION, MIN_TOTAL = 15, 25, 6, 330
LONG_TEXT_CHARS = 150

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
TICKET_PATTERN = re.compile(r"^12345-\d{8}-\d{6}$")


def id_number_is_well_formed(value: str) -> bool:
    """True if value is 17 digits plus the GB 11643 check character."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11] == value[17]


def find_problems(path: Path) -> tuple[list[str], Counter[str], Counter[str]]:
    """Return (problems, examples per intent, long texts per intent) for the dev file."""
    data = load_data(str(path))
    problems: list[str] = []
    per_intent: Counter[str] = Counter()
    long_per_intent: Counter[str] = Counter()
    seen_texts: Counter[str] = Counter()
    for message in data.intent_examples:
        text: str = message.get("text")
        intent: str = message.get("intent")
        per_intent[intent] += 1
        seen_texts[text] += 1
        if len(text) >= LONG_TEXT_CHARS:
            long_per_intent[intent] += 1
        spans = sorted(message.get("entities") or [], key=lambda e: (e["start"], e["end"]))
        for entity in spans:
            name, value = entity["entity"], entity["value"]
            if name not in ENTITY_NAMES:
                problems.append(f"unknown entity {name!r} in: {text}")
            if entity["end"] <= entity["start"] or text[entity["start"] : entity["end"]] != value:
                problems.append(f"bad span {value!r} in: {text}")
            if name == "id_number" and not id_number_is_well_formed(value):
                problems.append(f"malformed id_number {value!r}")
            if name == "phone" and not PHONE_PATTERN.match(value):
                problems.append(f"malformed phone {value!r}")
            if name == "ticket_number" and not TICKET_PATTERN.match(value):
                problems.append(f"malformed ticket_number {value!r}")
        for before, after in zip(spans, spans[1:], strict=False):
            if after["start"] < before["end"]:
                problems.append(f"overlapping {before['value']!r} / {after['value']!r} in: {text}")
    problems += [f"duplicate message: {text}" for text, n in seen_texts.items() if n > 1]
    for intent in NEED_INTENTS + CONVERSATION_INTENTS:
        if intent in LARGE_NEED_INTENTS:
            minimum = MIN_LARGE_NEED
        elif intent in NEED_INTENTS:
            minimum = MIN_NEED
        else:
            minimum = MIN_CONVERSATION
        if per_intent[intent] < minimum:
            problems.append(f"{intent}: {per_intent[intent]} examples, need {minimum}")
    for intent in LARGE_NEED_INTENTS:
        if long_per_intent[intent] == 0:
            problems.append(f"{intent}: no long text (>= {LONG_TEXT_CHARS} characters)")
    total = sum(per_intent.values())
    if total < MIN_TOTAL:
        problems.append(f"{total} examples in total, need {MIN_TOTAL}")
    return problems, per_intent, long_per_intent


def misaligned_spans(path: Path) -> list[str]:
    """Spans whose start or end is not a jieba token boundary (with nlu_data/dict/ loaded)."""
    import logging

    import jieba

    from bot.nlu.tokens import tokenize  # the tokens the model sees

    jieba.setLogLevel(logging.WARNING)
    dict_dir = path.parent.parent / "dict"
    for user_dict in sorted(dict_dir.iterdir()):
        if user_dict.is_file():
            jieba.load_userdict(str(user_dict))
    found: list[str] = []
    for message in load_data(str(path)).intent_examples:
        text: str = message.get("text")
        starts, ends = set(), set()
        for _, start, end in tokenize(text):
            starts.add(start)
            ends.add(end)
        for entity in message.get("entities") or []:
            if entity["start"] not in starts or entity["end"] not in ends:
                tokens = [
                    t
                    for t, s, e in tokenize(text)
                    if e > entity["start"] - 4 and s < entity["end"] + 4
                ]
                found.append(f"{entity['value']!r} ({entity['entity']}): {'/'.join(tokens)}")
    return found


def entity_counts(path: Path) -> Counter[str]:
    """Entity spans per entity name."""
    counts: Counter[str] = Counter()
    for message in load_data(str(path)).intent_examples:
        for entity in message.get("entities") or []:
            counts[entity["entity"]] += 1
    return counts


def main() -> int:
    problems, per_intent, long_per_intent = find_problems(DEV_FILE)
    for intent, count in sorted(per_intent.items()):
        print(f"{intent:24} {count:4} (long: {long_per_intent[intent]})")
    print(f"{'total':24} {sum(per_intent.values()):4}")
    counts = entity_counts(DEV_FILE)
    for name, count in counts.most_common():
        print(f"entity {name:17} {count:4}")
    print(f"{'entity spans':24} {sum(counts.values()):4}")
    for span in misaligned_spans(DEV_FILE):
        print("WARNING: not on a jieba token boundary:", span)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
