#!/usr/bin/env bash
# nlu_eval.sh OUT_DIR: evaluates the trained model and prints aggregate figures only.
#  1. the held-out set nlu_data/test/: intent macro-F1, entity F1 per extractor (Rasa's evaluation)
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
# One process, one load of the model (nlu_data/tools/evaluate_model.py): Rasa's own evaluation of
# the held-out set (what `rasa test nlu` writes), then parse_eval, then scope_eval.
status=0
PYTHONPATH=. .venv-bot/bin/python -m nlu_data.tools.evaluate_model "$HOTLINE_MODEL" "$out" --check \
    >"$out/rasa.log" 2>&1 || status=$?
if [ ! -s "$out/intent_report.json" ] || [ ! -s "$out/parse_eval.json" ]; then
    tail -n 30 "$out/rasa.log"; exit 1
fi
.venv-bot/bin/python scripts/nlu_summary.py "$out"
if [ -s "$out/scope_eval.md" ]; then cat "$out/scope_eval.md"; fi
if [ "$status" -ne 0 ]; then grep -E '^below target|Error' "$out/rasa.log" || tail -n 30 "$out/rasa.log"; fi
exit "$status"
