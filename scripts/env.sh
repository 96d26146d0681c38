# Runtime settings shared by `make run` and the tests. Source it.
# shellcheck shell=bash
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export HOST="${HOST:-127.0.0.1}"
export API_PORT="${API_PORT:-8000}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export API_URL="${API_URL:-http://$HOST:$API_PORT}"
export RASA_URL="${RASA_URL:-http://$HOST:$RASA_PORT}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://$HOST:$ACTIONS_PORT/webhook}"
export HOTLINE_MODEL="${HOTLINE_MODEL:-models/hotline.tar.gz}"
# Rasa: no telemetry prompt, quiet TensorFlow.
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export TRACKER_DB="${TRACKER_DB:-var/rasa_tracker.db}"
