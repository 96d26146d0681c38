"""Every NLU evaluation of a trained model on one load of it.

    .venv-bot/bin/python -m nlu_data.tools.evaluate_model MODEL OUT_DIR [--check]

1. Rasa's own evaluation of the held-out set (what `rasa test nlu` writes: intent and entity
   reports, errors, plots) into OUT_DIR;
2. what /model/parse returns, span by span (parse_eval) -> OUT_DIR/parse_eval.md/.json;
3. scope and need on the corpus' validation part and the held-out set, beside the baseline
   (scope_eval) -> OUT_DIR/scope_eval.md/.json; with --check, exit 1 below its targets.
Logs go to stderr; no parsed text is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from contextlib import redirect_stdout
from pathlib import Path

from nlu_data.tools import loaded_model, parse_eval, scope_eval

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "nlu_data" / "test" / "nlu_test.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("out", type=Path)
    parser.add_argument("--check", action="store_true", help="fail below the scope targets")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from rasa.nlu.test import run_evaluation

    agent = loaded_model.agent(args.model)
    asyncio.run(
        run_evaluation(str(HELD_OUT), agent.processor, output_directory=str(args.out), errors=True)
    )
    with (
        (args.out / "parse_eval.md").open("w", encoding="utf-8") as report,
        redirect_stdout(report),
    ):
        parse_eval.main([args.model, str(HELD_OUT), "--json", str(args.out / "parse_eval.json")])
    scope_args = [args.model, "--json", str(args.out / "scope_eval.json")]
    with (
        (args.out / "scope_eval.md").open("w", encoding="utf-8") as report,
        redirect_stdout(report),
    ):
        return scope_eval.main(scope_args + (["--check"] if args.check else []))


if __name__ == "__main__":
    sys.exit(main())
