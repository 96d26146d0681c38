"""Prints the aggregate figures of a `rasa test nlu` output directory as one JSON document."""

import json
import sys
from pathlib import Path


def aggregate(report_path: Path) -> dict:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    macro = report.get("macro avg", {})
    micro = report.get("micro avg", report.get("weighted avg", {}))
    return {
        "macro_f1": round(macro.get("f1-score", 0.0), 4),
        "micro_f1": round(micro.get("f1-score", 0.0), 4),
        "support": macro.get("support"),
    }


def main(out_dir: str) -> None:
    out = Path(out_dir)
    summary = {"intent": aggregate(out / "intent_report.json")}
    for name in sorted(out.glob("*Extractor_report.json")) + sorted(out.glob("DIET*_report.json")):
        summary[name.stem.removesuffix("_report")] = aggregate(name)
    parse_eval = out / "parse_eval.json"
    if parse_eval.exists():
        strict = json.loads(parse_eval.read_text(encoding="utf-8"))["strict"]
        summary["model_parse_strict_spans"] = {
            "macro_f1": round(strict["macro avg"]["f1-score"], 4),
            "micro_f1": round(strict["micro avg"]["f1-score"], 4),
            "support": strict["micro avg"]["support"],
        }
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test-output/nlu")
