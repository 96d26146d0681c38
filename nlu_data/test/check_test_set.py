"""Check the held-out NLU test set against the NLU contract v1.

Run from the repository root with the bot environment:

    .venv-bot/bin/python nlu_data/test/check_test_set.py [--entity-counts] [--token-boundaries]

Exits non-zero and lists every problem if the file does not parse, misses an intent of the
contract, has too few examples for an intent, uses an entity name outside the contract, has
overlapping or empty entity spans, repeats a message, or contains an ID number whose check
digit is wrong or a phone number that is not an 11-digit mobile number. The checks live in
nlu_data/tools/check_nlu_set.py (shared with nlu_data/dev/check_dev_set.py); its options
(minimum counts, entity counts, token boundaries) can be given here too.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from nlu_data.tools.check_nlu_set import main  # noqa: E402

TEST_FILE = Path(__file__).with_name("nlu_test.yml")

if __name__ == "__main__":
    sys.exit(main([str(TEST_FILE), *sys.argv[1:]]))
