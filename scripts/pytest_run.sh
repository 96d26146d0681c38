#!/usr/bin/env bash
# pytest_run.sh VENV ARGS...: runs pytest and treats "no tests collected" (exit 5) as success, saying so.
set -uo pipefail
venv="$1"; shift
"$venv/bin/python" -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "(no tests collected for: $*)"
    exit 0
fi
exit "$status"
