"""Plays a persona set against the real assistant and writes the report.

    .venv/bin/python -m tests.journeys.run --set held_out|tuning|all [--only ID[,ID]] [--out DIR]
        [--workers N] [--rasa-url URL --api-url URL --secrets FILE]

Without --rasa-url the ticket API, action server and Rasa are started here (tests/e2e/servers.py;
the model is trained first when missing or stale) and stopped at the end. With --rasa-url a running
system is used; the assistant's account is read from --secrets (ASSISTANT_USERNAME/PASSWORD lines)
or from JOURNEYS_API_USERNAME / JOURNEYS_API_PASSWORD.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from tests.journeys.personas import load_set
from tests.journeys.runner import (
    Result,
    Target,
    output_dir,
    run_personas,
    started_system,
    summarise,
    write_report,
)


def _credentials(secrets: str | None) -> tuple[str, str]:
    if secrets:
        values = {}
        for line in Path(secrets).read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip()
        return values["ASSISTANT_USERNAME"], values["ASSISTANT_PASSWORD"]
    return os.environ["JOURNEYS_API_USERNAME"], os.environ["JOURNEYS_API_PASSWORD"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--set", choices=["held_out", "tuning", "all"], default="tuning")
    parser.add_argument("--only", help="comma-separated persona ids")
    parser.add_argument("--out", help="report folder (default $TEST_OUTPUT/journeys)")
    parser.add_argument("--workers", type=int, default=1, help="personas played at once")
    parser.add_argument("--rasa-url", help="use a running Rasa server instead of starting one")
    parser.add_argument("--api-url", default="http://127.0.0.1:8000")
    parser.add_argument("--secrets", help="secrets file with the assistant's account")
    args = parser.parse_args(argv)

    names = ["tuning", "held_out"] if args.set == "all" else [args.set]
    sets = {name: load_set(name) for name in names}
    if args.only:
        wanted = set(args.only.split(","))
        sets = {name: [p for p in ps if p.id in wanted] for name, ps in sets.items()}
        missing = wanted - {p.id for ps in sets.values() for p in ps}
        if missing:
            parser.error(f"unknown persona ids in {args.set}: {sorted(missing)}")

    def progress(result: Result) -> None:
        mark = "ok  " if result.ok else "FAIL"
        failed = "; ".join(c.name for c in result.failed())
        print(
            f"{mark} {result.persona.id:<34} q={result.household_questions:<2} "
            f"offer@{result.turns_to_offer} end={result.journey.end} {failed}",
            flush=True,
        )

    system: AbstractContextManager[Target]
    if args.rasa_url:
        username, password = _credentials(args.secrets)
        system = nullcontext(Target(args.rasa_url, args.api_url, username, password))
    else:
        system = started_system()
    with system as target:
        for name, personas in sets.items():
            if not personas:
                continue
            print(f"== {name}", flush=True)
            results = run_personas(personas, target, workers=args.workers, progress=progress)
            md, js = write_report(results, name, output_dir(args.out))
            s = summarise(results)
            print(
                f"\n{name}: {s['journeys_right']}/{s['journeys']} journeys right "
                f"({s['journeys_right_pct']} %), facts {s['facts_right']}/{s['facts_total']}, "
                f"statuses {s['statuses_right']}/{s['statuses_total']}, questions median "
                f"{s['questions_median']} max {s['questions_max']}, loops {s['loops']}, turns to "
                f"offer median {s['turns_to_offer_median']} max {s['turns_to_offer_max']}"
                f"\nreport: {md}\n        {js}\n",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
