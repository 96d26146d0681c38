#!/usr/bin/env bash
# nlu_eval.sh OUT_DIR: evaluates the trained model on the held-out set nlu_data/test/ and prints the
# aggregate figures (intent macro-F1, entity F1 per extractor and of /model/parse). The full report
# stays in OUT_DIR.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
source scripts/env.sh
out="${1:-test-output/nlu}"
rm -rf "$out"; mkdir -p "$out"
.venv-bot/bin/rasa test nlu --model "$HOTLINE_MODEL" --nlu nlu_data/test/nlu_test.yml --out "$out" >"$out/rasa.log" 2>&1 \
    || { tail -n 30 "$out/rasa.log"; exit 1; }
# What /model/parse returns, span by span, all extractors merged (aggregate figures only).
PYTHONPATH=. .venv-bot/bin/python -m nlu_data.tools.parse_eval "$HOTLINE_MODEL" nlu_data/test/nlu_test.yml \
    --json "$out/parse_eval.json" >"$out/parse_eval.md" 2>"$out/parse_eval.log" \
    || { tail -n 30 "$out/parse_eval.log"; exit 1; }
.venv-bot/bin/python scripts/nlu_summary.py "$out"
