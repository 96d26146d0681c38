"""The span scorer of nlu_data/tools/parse_eval.py (what /model/parse returns vs annotations)."""

from __future__ import annotations

import pytest

from nlu_data.tools.parse_eval import score


def test_exact_spans_score_one_and_misses_lower_recall() -> None:
    gold = {("place", 0, 3), ("amount", 5, 9)}
    report = score([(gold, {("place", 0, 3)})])
    assert report["place"]["f1-score"] == 1.0
    assert report["amount"]["recall"] == 0.0
    assert report["micro avg"]["precision"] == 1.0
    assert report["micro avg"]["recall"] == 0.5


def test_a_wrong_label_is_a_false_positive_and_a_miss() -> None:
    report = score([({("monthly_income", 2, 6)}, {("amount", 2, 6)})])
    assert report["amount"]["precision"] == 0.0
    assert report["monthly_income"]["recall"] == 0.0
    assert report["micro avg"]["f1-score"] == 0.0


def test_overlap_credits_partial_spans_once_per_gold_span() -> None:
    pairs = [({("place", 0, 10)}, {("place", 0, 3), ("place", 3, 7)})]
    strict = score(pairs)
    overlap = score(pairs, overlap=True)
    assert strict["place"]["f1-score"] == 0.0
    assert overlap["place"]["recall"] == 1.0
    assert overlap["place"]["precision"] == 1.0
    assert overlap["micro avg"]["f1-score"] == pytest.approx(1.0)
