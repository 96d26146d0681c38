#!/usr/bin/env bash
# `make run`: set up, migrate, train if needed, then start the ticket API, the action server and the Rasa
# server under the project's supervisor (scripts/supervise.py): a process that dies or outgrows its
# memory limit is restarted on its own, the others keep running. One Ctrl-C (or SIGTERM) stops all three.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
source scripts/env.sh

say "database: migrations, departments and routing, the assistant's service account"
.venv/bin/python -m api.cli init
if [ "${DEMO_SEED:-1}" = "1" ]; then
    say "demo accounts (operator, supervisor, minzheng; password \$DEMO_PASSWORD or demo12345)"
    .venv/bin/python -m api.cli seed-demo
fi
bash scripts/train.sh

cat <<INFO

  12345 困难群众求助助手 — starting
  ─────────────────────────────────────────────────────────
  Citizen chat page     $API_URL/chat
  Operator console      $API_URL/operator
  Supervisor dashboard  $API_URL/supervisor
  Ticket API docs       $API_URL/docs
  Rasa server (REST)    $RASA_URL/webhooks/rest/webhook
  Action server         $ACTION_ENDPOINT_URL
  Stop everything with one Ctrl-C.

INFO
# The tokens of Rasa's HTTP API and of the action server (written by api.cli init).
set -a
# shellcheck disable=SC1091
source "${SECRETS_FILE:-var/secrets.env}"
set +a
exec .venv/bin/python scripts/supervise.py
