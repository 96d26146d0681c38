#!/usr/bin/env bash
# Trains the Rasa model to models/hotline.tar.gz unless bot/ and nlu_data/ (minus the held-out test set)
# are unchanged since the last training. The hash of the inputs sits beside the model.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

MODEL="${HOTLINE_MODEL:-models/hotline.tar.gz}"
INPUTS=(bot/config.yml bot/domain.yml bot/data bot/nlu zhtext/tokens.py nlu_data requirements/bot.txt)
want="$(hash_of "${INPUTS[@]}")"
if [ -f "$MODEL" ] && [ -f "$MODEL.sha256" ] && [ "$(cat "$MODEL.sha256")" = "$want" ]; then
    say "model $MODEL is up to date (bot/ and nlu_data/ unchanged)"
    exit 0
fi
say "training $MODEL (Rasa shows its progress; a few minutes on 2 cores)"
mkdir -p "$(dirname "$MODEL")"
tmp_out="$(mktemp -d "$ROOT/models/.train.XXXXXX")"
trap 'rm -rf "$tmp_out"' EXIT
PYTHONPATH="$ROOT" .venv-bot/bin/rasa train \
    --config bot/config.yml --domain bot/domain.yml --data nlu_data/nlu bot/data \
    --out "$tmp_out" --fixed-model-name hotline
mv -f "$tmp_out/hotline.tar.gz" "$MODEL"
echo "$want" > "$MODEL.sha256"
say "model written to $MODEL"
