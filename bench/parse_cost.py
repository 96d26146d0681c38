"""What one /model/parse of a real-length 12345 text costs, stage by stage, in one process.

Loads the trained model (models/hotline.tar.gz) in-process with Rasa's Agent (no HTTP, no other
work), parses real-length texts (bench/texts12345.py: 200–600 characters) one after the other and
prints the parses per second of one core and the stages that take the time (cProfile, cumulative,
per parse). The bulk import cannot go faster than this times the cores left for Rasa.

    .venv-bot/bin/python bench/parse_cost.py [--texts 60]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import platform
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))

from texts12345 import texts  # noqa: E402

MODEL = REPO_ROOT / "models" / "hotline.tar.gz"
# Where the time goes: the pipeline's components, by the function that does their work.
STAGES = {
    "DIETClassifier (TensorFlow)": "diet_classifier.py:1046(process)",
    "long-text reader (scope, need)": "long_text.py",
    "LexicalSyntacticFeaturizer": "lexical_syntactic_featurizer.py:397(process)",
    "CountVectorsFeaturizer (word, char)": "count_vectors_featurizer.py:648(process)",
    "tokenizer (jieba + numbers)": "tokenizer.py:139(process)",
    "RegexFeaturizer": "regex_featurizer.py",
    "entity normaliser": "normalizer.py",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=60)
    args = parser.parse_args()
    os.chdir(REPO_ROOT)
    logging.disable(logging.WARNING)
    try:
        from rasa.core.agent import Agent
    except ImportError:  # `make bench` runs every benchmark on .venv: Rasa lives in .venv-bot
        bot_python = str(REPO_ROOT / ".venv-bot" / "bin" / "python")
        os.execv(bot_python, [bot_python, __file__, *sys.argv[1:]])

    agent = Agent.load(str(MODEL))
    items = texts(args.texts)

    async def parse_all(batch: list[str]) -> list[float]:
        took = []
        for text in batch:
            start = time.perf_counter()
            await agent.parse_message(text)
            took.append(time.perf_counter() - start)
        return took

    asyncio.run(parse_all(items[:5]))  # warm-up (graph, TensorFlow functions)
    took = asyncio.run(parse_all(items))
    profile = cProfile.Profile()
    profile.enable()
    asyncio.run(parse_all(items))
    profile.disable()
    stats = pstats.Stats(profile)
    cumulative = {
        f"{Path(path).name}:{line}({name})": row[3]
        for (path, line, name), row in stats.stats.items()  # type: ignore[attr-defined]
    }
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}"
    )
    lengths = sorted(len(t) for t in items)
    print(
        f"{len(items)} texts, {lengths[0]}–{lengths[-1]} characters (median {lengths[len(lengths) // 2]})"
    )
    median = statistics.median(took)
    print(f"parse: median {median * 1000:.0f} ms, {len(took) / sum(took):.1f} parses/s on one core")
    profiled = sum(v for k, v in cumulative.items() if "agent.py" in k and "parse_message" in k)
    for stage, marker in STAGES.items():
        seconds = max((v for k, v in cumulative.items() if marker in k), default=0.0)
        share = seconds / profiled if profiled else 0.0
        print(
            f"  {stage:38} {seconds / len(items) * 1000:6.1f} ms per parse ({share:.0%}, profiled)"
        )


if __name__ == "__main__":
    main()
