#!/usr/bin/env bash
# Fetches the pages' front-end libraries from the npm registry (npm verifies each tarball's integrity),
# unpacked under api/web/static/vendor/ (not committed). Idempotent: skips a package already there.
#   rasa-webchat 1.0.1: the 1.0.x build that speaks socket.io v3 (Rasa 3.6); lib/index.js is a
#                       standalone bundle exposing window.WebChat. Apache-2.0.
#   chart.js 4.6.1:     the supervisor dashboard's charts (dist/chart.umd.min.js). MIT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VENDOR="$ROOT/api/web/static/vendor"
PACKAGES=("rasa-webchat@1.0.1:lib/index.js" "chart.js@4.6.1:dist/chart.umd.min.js")

mkdir -p "$VENDOR"
for entry in "${PACKAGES[@]}"; do
    spec="${entry%%:*}" file="${entry#*:}"
    name="${spec%@*}" version="${spec##*@}"
    target="$VENDOR/$name-$version"
    [ -f "$target/$file" ] && continue
    command -v npm >/dev/null || die "npm is needed once to fetch $spec for the web pages (apt-get install npm)"
    say "fetching $spec from the npm registry"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1) || { rm -rf "$tmp"; die "npm pack $spec failed"; }
    mkdir -p "$target"
    tar -xzf "$tmp"/*.tgz -C "$tmp"
    mkdir -p "$target/$(dirname "$file")"
    cp "$tmp/package/$file" "$target/$file"
    cp "$tmp/package/LICENSE"* "$target/" 2>/dev/null || true
    rm -rf "$tmp"
done
