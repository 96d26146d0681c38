#!/usr/bin/env bash
# nlu_eval.sh OUT_DIR: evaluates the trained model and prints aggregate figures only.
#  1. the held-out set nlu_data/test/: intent macro-F1, entity F1 per extractor (`rasa test nlu`)
#     and of what /model/parse returns;
#  2. scope and need (nlu_data/tools/scope_eval.py), on the 12345 corpus' validation part and on
#     the held-out set: false routes, in-scope recall, exact intent, beside a TF-IDF + logistic-
#     regression baseline trained in the same run on the same data. Fails when the validation
#     targets (false routes <= 5%, recall >= 0.95, exact intent >= 0.85) or a held-out intent
#     macro-F1 of 0.92 are missed.
# The full reports stay in OUT_DIR.
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
# Scope and need on the corpus' validation part and the held-out set, beside the baseline.
status=0
PYTHONPATH=. .venv-bot/bin/python -m nlu_data.tools.scope_eval "$HOTLINE_MODEL" --check \
    --json "$out/scope_eval.json" >"$out/scope_eval.md" 2>"$out/scope_eval.log" || status=$?
if [ -s "$out/scope_eval.md" ]; then cat "$out/scope_eval.md"; fi
if [ "$status" -ne 0 ]; then grep -E '^below target|Error' "$out/scope_eval.log" || tail -n 30 "$out/scope_eval.log"; fi
exit "$status"
