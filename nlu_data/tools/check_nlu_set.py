"""Check an NLU evaluation set (Rasa 3.x YAML) against the NLU contract v1.

Shared by the held-out test set (nlu_data/test/check_test_set.py) and the validation set
(nlu_data/dev/check_dev_set.py), which are thin wrappers around :func:`main`. Run from the
repository root with the bot environment:

    PYTHONPATH=. .venv-bot/bin/python -m nlu_data.tools.check_nlu_set FILE \
        [--entity-counts] [--token-boundaries] [--min-need N] [--min-large-need N] \
        [--min-conversation N] [--min-total N]

Prints the examples per intent (and how many are long texts). Exits non-zero and lists every
problem if the file does not parse, misses an intent of the contract, has too few examples for
an intent, uses an entity name outside the contract, has overlapping or empty entity spans,
repeats a message, or contains an ID number whose check digit is wrong or a phone number that
is not an 11-digit mobile number.

``--entity-counts`` also prints the entity spans per entity name; ``--token-boundaries`` lists
(as warnings, not failures) entity spans that do not start and end on a token boundary of the
project tokenizer (bot.nlu.tokens.tokenize, jieba loaded with every user dictionary in
nlu_data/dict/).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.shared.nlu.training_data.loading import load_data

from household.needs import CATEGORIES, CONVERSATION_INTENTS

DICT_DIR = Path(__file__).resolve().parent.parent / "dict"

NEED_INTENTS = CATEGORIES
LARGE_NEED_INTENTS = (
    "request_dibao",
    "request_temporary",
    "request_medical",
    "ask_eligibility",
    "out_of_scope",
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
LONG_TEXT_CHARS = 150

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
TICKET_PATTERN = re.compile(r"^12345-\d{8}-\d{6}$")


@dataclass(frozen=True)
class Minimums:
    """Minimum examples per intent kind and in total."""

    need: int = 15
    large_need: int = 25
    conversation: int = 6
    total: int = 330

    def for_intent(self, intent: str) -> int:
        if intent in LARGE_NEED_INTENTS:
            return self.large_need
        if intent in NEED_INTENTS:
            return self.need
        return self.conversation


def id_number_is_well_formed(value: str) -> bool:
    """True if value is 17 digits plus the GB 11643 check character."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11] == value[17]


def load_examples(path: Path) -> list[Any]:
    """The intent examples (Rasa messages) of an NLU YAML file."""
    return list(load_data(str(path)).intent_examples)


def _entity_problems(text: str, spans: list[dict[str, Any]]) -> list[str]:
    """Problems of one message's entity spans (sorted by start, end)."""
    problems: list[str] = []
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
    return problems


def find_problems(
    examples: Sequence[Any], minimums: Minimums | None = None
) -> tuple[list[str], Counter[str], Counter[str]]:
    """Return (problems, examples per intent, long texts per intent) for the examples."""
    minimums = minimums or Minimums()
    problems: list[str] = []
    per_intent: Counter[str] = Counter()
    long_per_intent: Counter[str] = Counter()
    seen_texts: Counter[str] = Counter()
    for message in examples:
        text: str = message.get("text")
        intent: str = message.get("intent")
        per_intent[intent] += 1
        seen_texts[text] += 1
        if len(text) >= LONG_TEXT_CHARS:
            long_per_intent[intent] += 1
        spans = sorted(message.get("entities") or [], key=lambda e: (e["start"], e["end"]))
        problems += _entity_problems(text, spans)
    problems += [f"duplicate message: {text}" for text, n in seen_texts.items() if n > 1]
    for intent in NEED_INTENTS + CONVERSATION_INTENTS:
        minimum = minimums.for_intent(intent)
        if per_intent[intent] < minimum:
            problems.append(f"{intent}: {per_intent[intent]} examples, need {minimum}")
    for intent in LARGE_NEED_INTENTS:
        if long_per_intent[intent] == 0:
            problems.append(f"{intent}: no long text (>= {LONG_TEXT_CHARS} characters)")
    total = sum(per_intent.values())
    if total < minimums.total:
        problems.append(f"{total} examples in total, need {minimums.total}")
    return problems, per_intent, long_per_intent


def entity_counts(examples: Sequence[Any]) -> Counter[str]:
    """Entity spans per entity name."""
    counts: Counter[str] = Counter()
    for message in examples:
        for entity in message.get("entities") or []:
            counts[entity["entity"]] += 1
    return counts


def misaligned_spans(examples: Sequence[Any], dict_dir: Path = DICT_DIR) -> list[str]:
    """Spans whose start or end is not a jieba token boundary (with dict_dir loaded)."""
    import logging

    import jieba

    from zhtext.tokens import tokenize  # the tokens the model sees

    jieba.setLogLevel(logging.WARNING)
    for user_dict in sorted(dict_dir.iterdir()):
        if user_dict.is_file():
            jieba.load_userdict(str(user_dict))
    found: list[str] = []
    for message in examples:
        text: str = message.get("text")
        tokens = tokenize(text)
        starts = {start for _, start, _ in tokens}
        ends = {end for _, _, end in tokens}
        for entity in message.get("entities") or []:
            if entity["start"] not in starts or entity["end"] not in ends:
                near = [
                    t for t, s, e in tokens if e > entity["start"] - 4 and s < entity["end"] + 4
                ]
                found.append(f"{entity['value']!r} ({entity['entity']}): {'/'.join(near)}")
    return found


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    defaults = Minimums()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the NLU YAML file to check")
    parser.add_argument(
        "--entity-counts", action="store_true", help="also print the spans per entity name"
    )
    parser.add_argument(
        "--token-boundaries",
        action="store_true",
        help="warn about spans not on a token boundary of bot.nlu.tokens.tokenize",
    )
    parser.add_argument("--min-need", type=int, default=defaults.need)
    parser.add_argument("--min-large-need", type=int, default=defaults.large_need)
    parser.add_argument("--min-conversation", type=int, default=defaults.conversation)
    parser.add_argument("--min-total", type=int, default=defaults.total)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    minimums = Minimums(
        need=args.min_need,
        large_need=args.min_large_need,
        conversation=args.min_conversation,
        total=args.min_total,
    )
    examples = load_examples(args.path)
    problems, per_intent, long_per_intent = find_problems(examples, minimums)
    for intent, count in sorted(per_intent.items()):
        print(f"{intent:24} {count:4} (long: {long_per_intent[intent]})")
    print(f"{'total':24} {sum(per_intent.values()):4}")
    if args.entity_counts:
        counts = entity_counts(examples)
        for name, count in counts.most_common():
            print(f"entity {name:17} {count:4}")
        print(f"{'entity spans':24} {sum(counts.values()):4}")
    if args.token_boundaries:
        for span in misaligned_spans(examples):
            print("WARNING: not on a jieba token boundary:", span)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
