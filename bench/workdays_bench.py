"""Benchmark of the working-day calendar: due_at, working_minutes_between, extend_for_pause.

Run: .venv/bin/python bench/workdays_bench.py [--rounds N]
Prints median and p99 per call in microseconds (warm caches, as in the running service) and for
due_at also with cold caches (first request after start).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from api.calendar import holidays  # noqa: E402
from api.calendar.time_limits import due_at  # noqa: E402
from api.calendar.workdays import extend_for_pause, working_minutes_between  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
CATEGORIES = ["request_dibao", "complain_handling", "ask_eligibility", "out_of_scope"]
STEPS = ["accept", "return", "close", "callback", "extension_max", "temporary_decision"]


def random_start(rng: random.Random) -> dt.datetime:
    base = dt.datetime(2025, 1, 1, tzinfo=SH)
    return base + dt.timedelta(minutes=rng.randrange(0, 2 * 366 * 24 * 60 + 60 * 24 * 60))


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - begin) / 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{name:42s} n={len(samples):6d} median={statistics.median(samples):8.1f}us p99={p99:8.1f}us"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(12345)

    cold = []
    for _ in range(50):
        holidays.clear_caches()
        start, step, category = random_start(rng), rng.choice(STEPS), rng.choice(CATEGORIES)
        cold += timed(
            functools.partial(due_at, step, category=category, urgency="normal", start=start), 1
        )
    report("due_at (cold caches)", cold)

    def one_due() -> object:
        return due_at(
            rng.choice(STEPS),
            category=rng.choice(CATEGORIES),
            urgency="normal",
            start=random_start(rng),
        )

    report("due_at (warm)", timed(one_due, args.rounds))

    def one_minutes() -> object:
        a = random_start(rng)
        return working_minutes_between(a, a + dt.timedelta(days=rng.randrange(1, 60)))

    report("working_minutes_between (1-60 days)", timed(one_minutes, args.rounds))

    def one_pause() -> object:
        a = random_start(rng)
        due = a + dt.timedelta(days=5)
        return extend_for_pause(
            due, a + dt.timedelta(days=1), a + dt.timedelta(days=rng.randrange(2, 12))
        )

    report("extend_for_pause (1-11 days paused)", timed(one_pause, args.rounds))


if __name__ == "__main__":
    main()
