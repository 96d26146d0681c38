"""Entity F1 of what ``/model/parse`` returns, span by span, on an annotated NLU file.

``rasa test nlu`` scores every extractor on its own, token by token. A caller of the Rasa server
sees one merged list instead (DIET, the regexes and the normaliser's additions), so this scores
that list: a predicted entity counts when its name and its exact character span match a gold
annotation ("strict"), or when its name matches and the spans overlap ("overlap").

    PYTHONPATH=. .venv-bot/bin/python -m nlu_data.tools.parse_eval MODEL.tar.gz FILE.yml [--json OUT]

Prints aggregate figures only (per entity and micro/macro averages), never the messages, so it
can be run on the held-out set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path

Span = tuple[str, int, int]


def _f1_split(correct: int, found: int, predicted: int, gold: int) -> dict[str, float]:
    """``correct`` of ``predicted`` predictions are right; ``found`` of ``gold`` spans found."""
    precision = correct / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1-score": f1, "support": gold}


def score(pairs: list[tuple[set[Span], set[Span]]], overlap: bool = False) -> dict[str, dict]:
    """Per-entity and averaged precision/recall/F1 for (gold, predicted) span sets."""
    hits: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    found: Counter[str] = Counter()

    def match(first: Span, second: Span) -> bool:
        if first[0] != second[0]:
            return False
        if overlap:
            return first[1] < second[2] and second[1] < first[2]
        return first[1:] == second[1:]

    for gold, predicted in pairs:
        for name, _, _ in gold:
            gold_count[name] += 1
        for name, _, _ in predicted:
            predicted_count[name] += 1
        # Precision counts the predictions that match a gold span; recall the gold spans
        # matched by a prediction (with overlap, one gold span may be hit by two pieces).
        for span in predicted:
            hits[span[0]] += any(match(span, other) for other in gold)
        for span in gold:
            found[span[0]] += any(match(other, span) for other in predicted)
    names = sorted(set(gold_count) | set(predicted_count))
    report = {
        name: _f1_split(hits[name], found[name], predicted_count[name], gold_count[name])
        for name in names
    }
    report["micro avg"] = _f1_split(
        sum(hits.values()),
        sum(found.values()),
        sum(predicted_count.values()),
        sum(gold_count.values()),
    )
    scored = [report[name] for name in names if gold_count[name]]
    report["macro avg"] = {
        key: sum(item[key] for item in scored) / len(scored) if scored else 0.0
        for key in ("precision", "recall", "f1-score")
    } | {"support": sum(gold_count.values())}
    return report


async def _parse_all(model: str, texts: list[str]) -> list[list[dict]]:
    from nlu_data.tools import loaded_model

    agent = loaded_model.agent(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        results.append(parsed.get("entities", []))
    return results


def evaluate(model: str, nlu_file: str) -> dict[str, dict]:
    from rasa.shared.nlu.training_data.loading import load_data

    examples = [example for example in load_data(nlu_file).training_examples if example.get("text")]
    texts = [example.get("text") for example in examples]
    predictions = asyncio.run(_parse_all(model, texts))
    pairs = []
    for example, predicted in zip(examples, predictions, strict=True):
        gold = {(e["entity"], e["start"], e["end"]) for e in example.get("entities") or []}
        found = {(e["entity"], e["start"], e["end"]) for e in predicted}
        pairs.append((gold, found))
    return {"strict": score(pairs), "overlap": score(pairs, overlap=True)}


def format_report(report: dict[str, dict]) -> str:
    lines = [
        "| entity | strict P | strict R | strict F1 | overlap F1 | support |",
        "|---|---|---|---|---|---|",
    ]
    for name, strict in report["strict"].items():
        overlap = report["overlap"][name]
        lines.append(
            f"| {name} | {strict['precision']:.3f} | {strict['recall']:.3f} | "
            f"{strict['f1-score']:.3f} | {overlap['f1-score']:.3f} | {int(strict['support'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("nlu_file")
    parser.add_argument("--json", type=Path, help="write the report as JSON here")
    args = parser.parse_args(argv)
    report = evaluate(args.model, args.nlu_file)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
