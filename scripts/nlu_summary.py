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
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test-output/nlu")
