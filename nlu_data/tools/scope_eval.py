"""Scope and need figures of the trained model beside a TF-IDF + logistic-regression baseline.

For the validation part of the 12345 corpus and for the held-out set ``nlu_data/test``, prints:

* **false routes**: share of clear out-of-scope texts the model routes to social assistance;
* **in-scope recall**: share of in-scope texts (clear or not) read as in scope;
* **exact intent**: share of clear in-scope texts given exactly their intent;
* the intent macro-F1 over every labelled intent (the held-out set has chat intents too);
* where :func:`api.intake.routing.route_text` sends the texts (a department, review, general).

The model is read through what ``/model/parse`` returns (Rasa's Agent, no server). The baseline
(character 1-3-grams, TF-IDF, logistic regression) is trained in the same run on the same data
as the model (the project's NLU data and the corpus' training part), and shown twice: as it
predicts (argmax), and with the model's recall-first rule (in scope when its in-scope
probability passes the threshold that keeps ``--target-recall`` of the corpus' in-scope texts,
chosen out of fold on the training part).

    PYTHONPATH=. .venv-bot/bin/python -m nlu_data.tools.scope_eval MODEL.tar.gz [--json OUT]

Aggregate figures only, never a text: the validation part and the held-out set are yardsticks,
not something to read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from api.intake.routing import route_text
from bot.nlu.scope_reader import load_corpus
from household.needs import IN_SCOPE

ROOT = Path(__file__).resolve().parents[2]
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
CATEGORIES = (*IN_SCOPE, OUT_OF_SCOPE)
LONG_CHARS = 60  # the texts LongTextReader reads (its min_chars)
TARGETS = {"false_routes": 0.05, "in_scope_recall": 0.95, "exact_intent": 0.85}


@dataclass(frozen=True)
class Labelled:
    text: str
    intent: str
    clear: bool = True


def load_nlu(path: Path) -> list[Labelled]:
    """Intent examples of a Rasa NLU file or directory (annotations removed)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Labelled(str(m.get("text")), str(m.get("intent")))
        for m in data.intent_examples
        if m.get("text") and m.get("intent")
    ]


def load_corpus_part(path: Path) -> list[Labelled]:
    return [Labelled(t.text, t.intent, t.clear) for t in load_corpus(path)]


# -- figures ----------------------------------------------------------------------------------------
def share(hits: int, total: int) -> dict[str, Any]:
    return {"value": hits / total if total else None, "hits": hits, "total": total}


def figures(gold: Sequence[Labelled], predicted: Sequence[str]) -> dict[str, Any]:
    """False routes, in-scope recall, exact intent and intent macro-F1 of one prediction list."""
    pairs = list(zip(gold, predicted, strict=True))
    clear_out = [p for g, p in pairs if g.intent == OUT_OF_SCOPE and g.clear]
    inside = [(g, p) for g, p in pairs if g.intent in IN_SCOPE]
    clear_inside = [(g, p) for g, p in inside if g.clear]
    return {
        "false_routes": share(sum(p in IN_SCOPE for p in clear_out), len(clear_out)),
        "in_scope_recall": share(sum(p in IN_SCOPE for _, p in inside), len(inside)),
        "exact_intent": share(sum(p == g.intent for g, p in clear_inside), len(clear_inside)),
        "macro_f1": float(
            f1_score([g.intent for g in gold], list(predicted), average="macro", zero_division=0)
        ),
    }


def routing(gold: Sequence[Labelled], parses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Where route_text sends the in-scope texts and the clear out-of-scope texts."""
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for g, parse in zip(gold, parses, strict=True):
        decision = route_text(parse, g.text)
        if decision.needs_review:
            where = "review"
        elif decision.category in IN_SCOPE:
            where = "right" if decision.category == g.intent else "wrong"
        else:
            where = "general"
        if g.intent in IN_SCOPE:
            inside[where] += 1
        elif g.intent == OUT_OF_SCOPE and g.clear:
            outside[where] += 1
    return {"in_scope": dict(inside), "clear_out_of_scope": dict(outside)}


# -- the model --------------------------------------------------------------------------------------
def intent_of(parse: dict[str, Any]) -> str:
    """The parse's intent, with FallbackClassifier's nlu_fallback undone as `rasa test nlu` does."""
    name = str((parse.get("intent") or {}).get("name"))
    if name != FALLBACK:
        return name
    ranking = [e for e in parse.get("intent_ranking") or [] if e.get("name") != FALLBACK]
    return str(ranking[0]["name"]) if ranking else name


def quiet_logs() -> None:
    """Rasa logs each parsed text at debug level: these sets must never be printed."""
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("rasa", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _parse_all(model: str, sets: dict[str, list[Labelled]]) -> dict[str, list[dict]]:
    from nlu_data.tools import loaded_model

    quiet_logs()
    agent = loaded_model.agent(model)
    out: dict[str, list[dict]] = {}
    for name, items in sets.items():
        out[name] = [await agent.parse_message(item.text) for item in items]
    return out


# -- the baseline ------------------------------------------------------------------------------------
def baseline() -> Pipeline:
    """Character 1-3-grams, TF-IDF, logistic regression (one-vs-rest, liblinear)."""
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
            ),
            ("lr", LogisticRegression(C=10.0, solver="liblinear")),
        ]
    )


def in_scope_probability(model: Pipeline, texts: Sequence[str]) -> np.ndarray:
    classes = list(model.classes_)
    columns = [classes.index(c) for c in IN_SCOPE if c in classes]
    return np.asarray(model.predict_proba(list(texts))[:, columns].sum(axis=1))


def top_need(model: Pipeline, texts: Sequence[str]) -> list[str]:
    classes = list(model.classes_)
    columns = [classes.index(c) for c in IN_SCOPE if c in classes]
    probabilities = model.predict_proba(list(texts))[:, columns]
    return [classes[columns[i]] for i in probabilities.argmax(axis=1)]


def recall_first_threshold(
    chat: Sequence[Labelled], corpus: Sequence[Labelled], target_recall: float, seed: int
) -> float:
    """The in-scope probability that keeps ``target_recall`` of the corpus' in-scope texts, out of
    fold (the corpus split in 5, the chat examples always trained on)."""
    labels = [c.intent for c in corpus]
    scores = np.zeros(len(corpus))
    for train, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(corpus, labels):
        items = [*chat, *(corpus[i] for i in train)]
        model = baseline().fit([i.text for i in items], [i.intent for i in items])
        scores[held] = in_scope_probability(model, [corpus[i].text for i in held])
    inside = np.sort(scores[[c.intent in IN_SCOPE for c in corpus]])
    return float(inside[int(np.floor((1.0 - target_recall) * len(inside)))])


def baseline_predictions(
    model: Pipeline, threshold: float, texts: Sequence[str]
) -> dict[str, list[str]]:
    argmax = [str(p) for p in model.predict(list(texts))]
    p_in = in_scope_probability(model, texts)
    needs = top_need(model, texts)
    recall_first = [
        need if p >= threshold else (label if label not in IN_SCOPE else OUT_OF_SCOPE)
        for need, p, label in zip(needs, p_in, argmax, strict=True)
    ]
    return {"argmax": argmax, "recall_first": recall_first}


# -- report -----------------------------------------------------------------------------------------
def _cell(item: dict[str, Any], percent: bool = False) -> str:
    value = item["value"]
    if value is None:
        return "–"
    shown = f"{value:.1%}" if percent else f"{value:.3f}"
    return f"{shown} ({item['hits']}/{item['total']})"


def format_report(report: dict[str, Any]) -> str:
    lines = [
        "| set | reader | false routes | in-scope recall | exact intent | intent macro-F1 |",
        "|---|---|---|---|---|---|",
    ]
    for set_name, rows in report["sets"].items():
        for reader, f in rows.items():
            lines.append(
                f"| {set_name} | {reader} | {_cell(f['false_routes'], True)} | "
                f"{_cell(f['in_scope_recall'])} | {_cell(f['exact_intent'])} | "
                f"{f['macro_f1']:.3f} |"
            )
    lines.append("")
    lines.append("Where route_text sends them (right/wrong department, review, general dispatch):")
    for set_name, where in report.get("routing", {}).items():
        lines.append(
            f"- {set_name}: in scope {json.dumps(where['in_scope'], sort_keys=True)}; "
            f"clear out of scope {json.dumps(where['clear_out_of_scope'], sort_keys=True)}"
        )
    lines.append(f"baseline recall-first threshold: {report['baseline_threshold']:.3f}")
    return "\n".join(lines)


def shortfalls(report: dict[str, Any], validation: str, test: str, test_f1: float) -> list[str]:
    """The targets the model misses (validation part; held-out intents macro-F1)."""
    missed = []
    model = report["sets"][validation]["model"]
    for key, target in TARGETS.items():
        value = model[key]["value"]
        ok = value is not None and (value <= target if key == "false_routes" else value >= target)
        if not ok:
            missed.append(f"{validation} {key} {value} (target {target})")
    f1 = report["sets"][test]["model"]["macro_f1"]
    if f1 < test_f1:
        missed.append(f"{test} intent macro-F1 {f1:.3f} (target {test_f1})")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("model", help="trained Rasa model (.tar.gz)")
    parser.add_argument("--nlu", type=Path, default=ROOT / "nlu_data" / "nlu")
    parser.add_argument("--corpus-train", type=Path, default=ROOT / "nlu_data/corpus12345/train")
    parser.add_argument("--validation", type=Path, default=ROOT / "nlu_data/corpus12345/validation")
    parser.add_argument("--test", type=Path, default=ROOT / "nlu_data/test/nlu_test.yml")
    parser.add_argument("--target-recall", type=float, default=0.98)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--json", type=Path, help="write the report as JSON here")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 unless the validation targets and a held-out macro-F1 of --test-f1 are met",
    )
    parser.add_argument("--test-f1", type=float, default=0.92)
    args = parser.parse_args(argv)

    chat = load_nlu(args.nlu)
    corpus = load_corpus_part(args.corpus_train)
    validation = load_corpus_part(args.validation)
    test = load_nlu(args.test)
    sets = {
        f"validation part ({len(validation)})": validation,
        f"held-out test ({len(test)})": test,
    }
    model = baseline().fit([i.text for i in [*chat, *corpus]], [i.intent for i in [*chat, *corpus]])
    threshold = recall_first_threshold(chat, corpus, args.target_recall, args.seed)
    parses = asyncio.run(_parse_all(args.model, sets))

    report: dict[str, Any] = {"sets": {}, "routing": {}, "baseline_threshold": threshold}
    for name, gold in sets.items():
        texts = [g.text for g in gold]
        base = baseline_predictions(model, threshold, texts)
        report["sets"][name] = {
            "model": figures(gold, [intent_of(p) for p in parses[name]]),
            "baseline TF-IDF+LR": figures(gold, base["argmax"]),
            "baseline, recall-first": figures(gold, base["recall_first"]),
        }
        report["routing"][name] = routing(gold, parses[name])
        long_index = [i for i, g in enumerate(gold) if len(g.text.strip()) > LONG_CHARS]
        if 0 < len(long_index) < len(gold):
            sub = [gold[i] for i in long_index]
            report["sets"][f"{name}, texts > {LONG_CHARS} chars ({len(sub)})"] = {
                "model": figures(sub, [intent_of(parses[name][i]) for i in long_index]),
                "baseline TF-IDF+LR": figures(sub, [base["argmax"][i] for i in long_index]),
                "baseline, recall-first": figures(
                    sub, [base["recall_first"][i] for i in long_index]
                ),
            }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(format_report(report))
    if args.check:
        names = list(sets)
        missed = shortfalls(report, names[0], names[1], args.test_f1)
        for line in missed:
            print(f"below target: {line}", file=sys.stderr)
        return 1 if missed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
