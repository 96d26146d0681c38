# Shared shell helpers for the project's scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# find_python MAJOR.MINOR: print the path of an interpreter of that version, or nothing.
# Looks at $PYTHON<MAJOR><MINOR> (e.g. PYTHON310), then PATH, then pyenv, then common prefixes.
find_python() {
    local want="$1" var="PYTHON${1/./}" candidate root
    local -a candidates=()
    [ -n "${!var:-}" ] && candidates+=("${!var}")
    candidates+=("python$want")
    if command -v pyenv >/dev/null 2>&1; then
        root="$(pyenv root 2>/dev/null)"
        [ -n "$root" ] && candidates+=("$root"/versions/"$want".*/bin/python"$want")
    fi
    candidates+=("$HOME"/.pyenv/versions/"$want".*/bin/python"$want"
        /usr/local/bin/python"$want" /usr/bin/python"$want" /opt/python*/bin/python"$want")
    if [ "$want" = "3.11" ]; then candidates+=(python3); fi
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] || continue
        if "$candidate" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" >/dev/null 2>&1; then
            command -v "$candidate" 2>/dev/null || echo "$candidate"
            return 0
        fi
    done
    return 1
}

# hash_of PATH...: one sha256 over the contents and names of the given files/directories.
# Never the evaluation sets: the held-out test set, the validation sets (nlu_data/dev, the corpus'
# validation part) and results. The corpus' training part is a training input (LongTextReader).
hash_of() {
    (cd "$ROOT" && find "$@" -type f ! -path '*/__pycache__/*' ! -path 'nlu_data/test/*' ! -name '*.pyc' 2>/dev/null \
            ! -path 'nlu_data/dev/*' ! -path 'nlu_data/results/*' ! -path 'nlu_data/corpus12345/validation/*' \
        | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done) | sha256sum | cut -d' ' -f1
}
