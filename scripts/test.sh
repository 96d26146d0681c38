#!/usr/bin/env bash
# `make test`: set up, then every test. The model trains in the background while the tests that need no
# model run. PostgreSQL/Redis suites run when scripts/services.sh has exported their URLs (CI does).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh || exit 1
bash scripts/browser.sh || exit 1
source scripts/env.sh
OUT="${TEST_OUTPUT:-$ROOT/test-output}"
export TEST_OUTPUT="$OUT"
mkdir -p "$OUT"
declare -a RESULTS=()
failed=0

step() {  # step NAME COMMAND...: runs one step, records its outcome
    local name="$1"; shift
    say "$name"
    local t0=$SECONDS
    if "$@"; then
        RESULTS+=("ok    $(printf '%4ds' $((SECONDS - t0)))  $name")
    else
        RESULTS+=("FAIL  $(printf '%4ds' $((SECONDS - t0)))  $name")
        failed=1
    fi
}

have_bot() { [ -f bot/domain.yml ] && [ -f bot/config.yml ] && [ -d nlu_data/nlu ]; }

# 1. The model trains while the model-free tests run.
train_pid=""
if have_bot; then
    say "training the model in the background (log: $OUT/train.log)"
    bash scripts/train.sh >"$OUT/train.log" 2>&1 &
    train_pid=$!
fi

step "ruff check" .venv/bin/ruff check .
step "ruff format --check" .venv/bin/ruff format --check .
step "mypy (strict: the plain-Python packages)" .venv/bin/mypy
step "pytest: policies, api, pages (Python 3.11, SQLite)" \
    bash scripts/pytest_run.sh .venv tests --ignore=tests/bot --ignore=tests/e2e \
    --ignore=tests/web/test_browser_system.py -q
if [ -n "${TEST_DATABASE_URL_PG:-}" ] && [ -d tests/api ]; then
    step "pytest: api on PostgreSQL" env TEST_DATABASE_URL="$TEST_DATABASE_URL_PG" \
        bash scripts/pytest_run.sh .venv tests/api -q
fi
step "pytest: bot actions and the plain-Python packages (Python 3.10)" \
    bash scripts/pytest_run.sh .venv-bot tests/bot tests/policies tests/household tests/zhtext \
    -q -p no:cacheprovider

if have_bot; then
    step "rasa data validate --fail-on-warnings" .venv-bot/bin/rasa data validate --fail-on-warnings \
        --domain bot/domain.yml --data nlu_data/nlu bot/data --config bot/config.yml
fi

if [ -n "$train_pid" ]; then
    say "waiting for the model"
    if wait "$train_pid"; then
        RESULTS+=("ok          train model ($(tail -n 1 "$OUT/train.log" | sed 's/\x1b\[[0-9;]*m//g'))")
    else
        tail -n 40 "$OUT/train.log"
        RESULTS+=("FAIL        train model (see $OUT/train.log)")
        failed=1
    fi
    # The test stories run beside the NLU evaluation: each mostly loads the model, one core each.
    core_pid=""
    if [ -d bot/tests ] && [ -f "$HOTLINE_MODEL" ]; then
        say "rasa test core in the background (log: $OUT/core.log)"
        core_t0=$SECONDS
        .venv-bot/bin/rasa test core --model "$HOTLINE_MODEL" --stories bot/tests --out "$OUT/core" \
            --fail-on-prediction-errors >"$OUT/core.log" 2>&1 &
        core_pid=$!
    fi
    if [ -f nlu_data/test/nlu_test.yml ] && [ -f "$HOTLINE_MODEL" ]; then
        step "rasa test nlu (held-out set)" bash scripts/nlu_eval.sh "$OUT/nlu"
    fi
    if [ -n "$core_pid" ]; then
        name="rasa test core (test stories, --fail-on-prediction-errors)"
        if wait "$core_pid"; then
            RESULTS+=("ok    $(printf '%4ds' $((SECONDS - core_t0)))  $name")
        else
            tail -n 40 "$OUT/core.log"
            RESULTS+=("FAIL  $(printf '%4ds' $((SECONDS - core_t0)))  $name")
            failed=1
        fi
    fi
fi
# One system (tests/conftest.py) serves the end-to-end tests, the security probes, the browser and
# the held-out journeys, in that order; the scaled system starts its own.
step "pytest: end-to-end, browser and held-out journeys (real API, action server, Rasa; Chromium)" \
    env JOURNEYS=1 bash scripts/pytest_run.sh .venv tests/e2e tests/web/test_browser_system.py \
    tests/journeys/test_journeys.py -q --durations=15
if [ -f "$OUT/journeys/held_out.md" ]; then  # the totals only: held-out failures are not for reading
    awk 'NR > 3 && /^$/ { exit } { print "  " $0 }' "$OUT/journeys/held_out.md"
fi

echo
say "summary"
printf '  %s\n' "${RESULTS[@]}"
if [ "$failed" -ne 0 ]; then
    echo "FAILED: some steps failed (see above)"
    exit 1
fi
echo "all test steps passed"
