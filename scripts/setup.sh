#!/usr/bin/env bash
# Creates (or refreshes) the two virtualenvs. Idempotent: skips an environment whose Python version and
# requirement files are unchanged since it was last built (stamp file inside the venv).
#   .venv      Python 3.11: ticket API, policies, test and lint tools
#   .venv-bot  Python 3.10: Rasa Open Source 3.6.21, rasa-sdk, jieba, cn2an
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

build_venv() {  # build_venv DIR PYTHON REQUIREMENTS_FILE [FILES_IT_INCLUDES...]
    local dir="$1" python="$2" requirements="$3"; shift 2
    local stamp="$dir/.stamp" want
    want="$("$python" -V 2>&1) $(hash_of "$@")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/bin/python" ]; then
        say "$dir is up to date"
        return 0
    fi
    say "building $dir with $("$python" -V 2>&1) from $requirements"
    [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
    # Progress: pip prints a line per package it collects and a bar per download.
    if ! "$dir/bin/python" -m pip install -r "$requirements" \
        > >(grep --line-buffered -v -e 'DEPRECATION' -e 'is ignored: it is neither' -e 'Requirement already satisfied' -e '^Looking in') 2>&1; then
        die "pip could not install $requirements into $dir (see the lines above)"
    fi
    "$dir/bin/python" -m pip check >/dev/null 2>&1 || warn "pip check reports conflicts in $dir (see '$dir/bin/pip check')"
    echo "$want" > "$stamp"
}

PY311="$(find_python 3.11)" || die "Python 3.11 not found. Install it (e.g. 'pyenv install 3.11' or 'apt-get install python3.11 python3.11-venv'), or set PYTHON311=/path/to/python3.11."
PY310="$(find_python 3.10)" || die "Python 3.10 not found (Rasa 3.6 needs it). Install it (e.g. 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv'), or set PYTHON310=/path/to/python3.10."

build_venv .venv "$PY311" requirements/dev.txt requirements/api.txt
build_venv .venv-bot "$PY310" requirements/bot.txt
mkdir -p var models
bash "$ROOT/scripts/fetch_web_assets.sh" || warn "web page libraries missing: the chat page and charts will not load until npm can fetch them"
