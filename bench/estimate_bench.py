"""Benchmark: estimate() over 10,000 generated households (median and p99 per estimate).

Run from the repo root: ``.venv/bin/python bench/estimate_bench.py [N] [--explain]``.
Households are drawn with a fixed seed across the seed localities, with random sizes, incomes,
disabilities, events and unknown fields, so the figure covers the full rule set.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policies import estimate, most_decisive_unknowns, what_would_change  # noqa: E402

LOCALITIES = [
    "620422",
    "620400",
    "620600",
    "620000",
    "341824",
    "341800",
    "340000",
    "610000",
    "110101",
]


def random_member(rng: random.Random, index: int) -> dict:
    member: dict = {"relation": "self" if index == 0 else rng.choice(["spouse", "child", "parent"])}
    if rng.random() < 0.9:
        member["age"] = rng.randint(0, 95)
    if rng.random() < 0.8:
        member["sex"] = rng.choice(["male", "female"])
    if rng.random() < 0.7:
        member["monthly_income"] = rng.choice([0, 0, 300, 800, 1500, 3000])
    if rng.random() < 0.7:
        member["disability"] = rng.choice(
            [
                None,
                None,
                None,
                {"grade": rng.randint(1, 4), "type": rng.choice(["physical", "mental", "visual"])},
            ]
        )
    for field in ("serious_illness", "able_to_work", "has_capable_supporter"):
        if rng.random() < 0.6:
            member[field] = rng.random() < 0.3
    if rng.random() < 0.6:
        member["employment"] = rng.choice(
            ["employed", "flexible", "unemployed", "retired", "student", "none"]
        )
    if rng.random() < 0.3:
        member["self_care"] = rng.choice(["full", "partial_loss", "total_loss"])
    if rng.random() < 0.2:
        member["parents"] = rng.choice(["both_present", "one_missing", "both_missing"])
    return member


def random_household(rng: random.Random) -> dict:
    household: dict = {
        "locality": rng.choice(LOCALITIES),
        "as_of": "2025-06-01",
        "members": [random_member(rng, i) for i in range(rng.randint(1, 6))],
    }
    if rng.random() < 0.7:
        household["area"] = rng.choice(["urban", "rural"])
    if rng.random() < 0.5:
        household["household_monthly_income"] = rng.randint(0, 6000)
    if rng.random() < 0.6:
        household["assets_within_local_limits"] = rng.random() < 0.7
    if rng.random() < 0.4:
        household["last_year_total_income"] = rng.randint(0, 80000)
        household["expenses_12m"] = {"medical_out_of_pocket": rng.randint(0, 60000)}
    if rng.random() < 0.5:
        household["housing"] = rng.choice(
            ["adequate", "none", "renting", "dangerous", "damaged_by_disaster"]
        )
    if rng.random() < 0.5:
        household["events"] = [
            {"type": rng.choice(["fire", "traffic_accident", "natural_disaster", "job_loss"])}
        ]
    if rng.random() < 0.3:
        household["current_benefits"] = rng.sample(["dibao", "tekun", "medical"], k=1)
    return household


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10_000
    rng = random.Random(12345)
    households = [random_household(rng) for _ in range(count)]
    estimate(households[0])  # warm the parameter cache
    timings = []
    started, cpu_started = time.perf_counter(), time.process_time()
    for household in households:
        t0 = time.perf_counter()
        estimate(household)
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(
        f"estimate: {count} households in {total:.2f} s = {total / count * 1000:.3f} s per thousand"
    )
    print(
        f"  median {statistics.median(timings) * 1e3:.3f} ms, p99 {percentile(timings, 0.99) * 1e3:.3f} ms, max {max(timings) * 1e3:.3f} ms"
    )
    print(
        f"  CPU {cpu / count * 1000:.3f} s per thousand (process time: excludes waiting for a core)"
    )
    if "--explain" in sys.argv:
        sample = households[:200]
        for name, func in (
            ("most_decisive_unknowns", most_decisive_unknowns),
            ("what_would_change", what_would_change),
        ):
            timings = []
            for household in sample:
                t0 = time.perf_counter()
                func(household)
                timings.append(time.perf_counter() - t0)
            print(
                f"{name}: median {statistics.median(timings) * 1e3:.1f} ms, p99 {percentile(timings, 0.99) * 1e3:.1f} ms ({len(sample)} households)"
            )


if __name__ == "__main__":
    main()
