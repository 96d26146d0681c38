"""Benchmark: the time of one full conversational turn (message in -> reply out, actions included).

Starts the real system (ticket API, action server, Rasa server with the trained model) exactly as the
end-to-end tests do, then sends a scripted Chinese conversation many times over the REST channel and
reports the median and p95 per turn. Usage:

    PYTHONPATH=. .venv/bin/python bench/turn_latency.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from tests.e2e.servers import build_system, ensure_model

CONVERSATION = [
    "你好",
    "来电人反映：其家中3口人，丈夫去年车祸后二级残疾，妻子无业，每月仅靠600元生活，诉求：咨询能否办理低保",
    "同意",
    "会宁县",
    "城镇",
    "不知道",
    "谢谢",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="conversations to run")
    args = parser.parse_args()
    ensure_model()
    with tempfile.TemporaryDirectory() as tmp:
        system = build_system(Path(tmp))
        try:
            for name in ("api", "actions", "rasa"):
                system.start(name)
            system.say("bench-warmup", "你好")
            timings: list[float] = []
            for round_number in range(args.rounds):
                sender = f"bench-{round_number}"
                for text in CONVERSATION:
                    started = time.perf_counter()
                    system.say(sender, text)
                    timings.append((time.perf_counter() - started) * 1000)
        finally:
            for process in system.processes.values():
                process.stop()
    result = {
        "turns": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}",
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
