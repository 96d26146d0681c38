#!/usr/bin/env bash
# Installs (if missing) PostgreSQL and Redis; starts throw-away PostgreSQL and Redis servers on loopback for the tests,
# then prints the environment lines for them. Used by .ci/run; runs as root (CI) or with sudo rights.
#   eval "$(bash scripts/services.sh start)"   # exports TEST_DATABASE_URL_PG, REDIS_URL_TEST ...
#   bash scripts/services.sh stop
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
STATE="${SERVICES_DIR:-/tmp/hotline-services}"

pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }; done
    return 1
}

install_missing() {
    local pkgs=()
    pg_bin >/dev/null || pkgs+=(postgresql)
    command -v redis-server >/dev/null || pkgs+=(redis-server)
    if [ "${#pkgs[@]}" -gt 0 ]; then
        say "installing ${pkgs[*]} (apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
    fi
}

start() {
    install_missing
    mkdir -p "$STATE"
    local bin; bin="$(pg_bin)"
    if ! "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; then
        rm -rf "$STATE/pg"; mkdir -p "$STATE/pg"; chown postgres "$STATE" "$STATE/pg" 2>/dev/null || true
        su postgres -s /bin/sh -c "'$bin/initdb' -D '$STATE/pg' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$STATE/pg-init.log" 2>&1 \
            || die "initdb failed: $STATE/pg-init.log"
        su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$STATE/pg' -l '$STATE/pg.log' -w -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start" >&2 \
            || die "PostgreSQL did not start: $STATE/pg.log"
        for db in hotline_test rasa_test; do
            "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db" >&2
        done
    fi
    if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
            --logfile "$STATE/redis.log" --dir "$STATE" >&2
        for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "export TEST_DATABASE_URL_PG=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/hotline_test"
    echo "export TEST_RASA_TRACKER_PG=postgresql://postgres@127.0.0.1:$PG_PORT/rasa_test"
    echo "export PG_HOST=127.0.0.1 PG_PORT=$PG_PORT"
    echo "export REDIS_URL_TEST=redis://127.0.0.1:$REDIS_PORT/0 REDIS_PORT=$REDIS_PORT"
}

stop() {
    local bin; bin="$(pg_bin)" || true
    [ -n "$bin" ] && [ -d "$STATE/pg" ] && su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$STATE/pg' -m fast stop" >/dev/null 2>&1 || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: services.sh start|stop" ;;
esac
