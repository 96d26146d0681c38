"""Real-length 12345 texts for the benchmarks: 留言 of 200–600 characters made of the held-out
test set's sentences (nlu_data/test/nlu_test.yml) of one intent, with a place and a phone number.
Plain Python (PyYAML only), so that both virtualenvs can use it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
PLACES = ["会宁县河畔镇", "会宁县柴家门镇", "会宁县郭城驿镇", "会宁县新添堡乡", "会宁县土门岘乡"]


def texts(n: int, seed: int = 12345) -> list[str]:
    doc = yaml.safe_load((REPO_ROOT / "nlu_data/test/nlu_test.yml").read_text(encoding="utf-8"))
    by_intent: dict[str, list[str]] = {}
    for item in doc["nlu"]:
        for line in str(item.get("examples", "")).splitlines():
            text = line.strip().removeprefix("- ").strip()
            text = re.sub(
                r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", lambda m: m[1] or m[2], text
            )
            if text:
                by_intent.setdefault(item["intent"], []).append(text)
    intents = [i for i, lines in by_intent.items() if len(lines) >= 5]
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        lines = by_intent[rng.choice(intents)]
        text = f"市民来电反映：家住{rng.choice(PLACES)}。"
        target = rng.randint(200, 600)
        while len(text) < target:
            text += rng.choice(lines).rstrip("。！？!?") + "。"
        out.append(text[:600] + f"联系电话1390931{rng.randint(0, 9999):04d}。")
    return out
