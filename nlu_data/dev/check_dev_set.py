"""Check the NLU validation (dev) set against the NLU contract v1.

Run from the repository root with the bot environment:

    .venv-bot/bin/python nlu_data/dev/check_dev_set.py

The checks of nlu_data/test/check_test_set.py (both use nlu_data/tools/check_nlu_set.py),
plus entity counts per name and a list (as warnings, not failures) of entity spans that do not
start and end on a token boundary of the project tokenizer (jieba loaded with every user
dictionary in nlu_data/dict/).

Exits non-zero and lists every problem if the file does not parse, misses an intent of the
contract, has too few examples for an intent, uses an entity name outside the contract, has
overlapping or empty entity spans, repeats a message, or contains an ID number whose check
digit is wrong or a phone number that is not an 11-digit mobile number.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from nlu_data.tools.check_nlu_set import main  # noqa: E402

DEV_FILE = Path(__file__).with_name("nlu_dev.yml")

if __name__ == "__main__":
    sys.exit(main([str(DEV_FILE), "--entity-counts", "--token-boundaries", *sys.argv[1:]]))
