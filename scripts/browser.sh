#!/usr/bin/env bash
# The browser tests need Debian's Chromium (/usr/bin/chromium) and a CJK font for the screenshots.
# `make test` calls this: as root it installs what is missing with apt-get; otherwise it says what
# to install and fails, so that a missing browser is never a silent skip.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || missing+=(fonts-wqy-microhei)
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} for the browser tests (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
    exit 0
fi
die "the browser tests need: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run make test again."
