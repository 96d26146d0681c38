"""Summarise a `rasa test nlu` run on the held-out set: aggregate figures only.

    .venv-bot/bin/python -m nlu_data.tools.summarise_results /tmp/nlu-results

Copies the aggregate reports (intent_report.json, <extractor>_report.json) to
nlu_data/results/ and writes summary.md. The *_errors.json files, which hold test messages,
are never copied or printed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "results"


def _row(name: str, figures: dict) -> str:
    return (
        f"| {name} | {figures['precision']:.3f} | {figures['recall']:.3f} | "
        f"{figures['f1-score']:.3f} | {int(figures['support'])} |"
    )


EXPLANATION = """\
How to read it. `rasa test nlu` scores each extractor on every gold entity token. The
DIETClassifier rows are the model's entities after the normaliser's corrections (money role from
the clause, address pieces joined, one-character places dropped); the ChineseEntityNormalizer
rows count only the facts it added that no extractor found (三口人, 七十多岁, a known county);
the RegexEntityExtractor keeps only phone, ID and ticket numbers the model missed. The
/model/parse rows (`nlu_data/tools/parse_eval.py`) score the merged list a caller receives,
span by span: a prediction counts only with the gold label and exactly the gold characters.

Model: `bot/config.yml` (ChineseNumberTokenizer, DIET 40 epochs, seed 20261123), trained on
`nlu_data/nlu` at the commit that adds this file. Commands: see `nlu_data/README.md`."""


def summarise(run_dir: Path) -> str:
    RESULTS.mkdir(exist_ok=True)
    intent = json.loads((run_dir / "intent_report.json").read_text(encoding="utf-8"))
    lines = [
        "# Held-out NLU evaluation (nlu_data/test/nlu_test.yml)",
        "",
        "| report | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
        _row("intent macro avg", intent["macro avg"]),
        _row("intent weighted avg", intent["weighted avg"]),
    ]
    shutil.copy(run_dir / "intent_report.json", RESULTS / "intent_report.json")
    for report in sorted(run_dir.glob("*_report.json")):
        if report.name == "intent_report.json":
            continue
        extractor = report.name.removesuffix("_report.json")
        data = json.loads(report.read_text(encoding="utf-8"))
        for average in ("micro avg", "macro avg"):
            if average in data:
                lines.append(_row(f"entities {extractor} {average}", data[average]))
        shutil.copy(report, RESULTS / report.name)
    parse_eval = run_dir / "parse_eval.json"
    if parse_eval.exists():
        spans = json.loads(parse_eval.read_text(encoding="utf-8"))
        for average in ("micro avg", "macro avg"):
            lines.append(
                _row(f"entities /model/parse strict spans {average}", spans["strict"][average])
            )
        shutil.copy(parse_eval, RESULTS / "parse_eval.json")
    if "accuracy" in intent:
        lines += ["", f"Intent accuracy: {intent['accuracy']:.3f}"]
    lines += ["", EXPLANATION]
    text = "\n".join(lines) + "\n"
    (RESULTS / "summary.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nlu-results")))
