"""The figures of the scope evaluation (nlu_data/tools/scope_eval.py) on hand-made predictions."""

from __future__ import annotations

import pytest

from nlu_data.tools.scope_eval import (
    Labelled,
    baseline,
    baseline_predictions,
    figures,
    format_report,
    intent_of,
    recall_first_threshold,
    routing,
    shortfalls,
)
from tests.bot.nlu_texts import made_up_texts

GOLD = [
    Labelled("a", "out_of_scope"),
    Labelled("b", "out_of_scope"),
    Labelled("c", "out_of_scope", clear=False),
    Labelled("d", "request_dibao"),
    Labelled("e", "request_medical"),
    Labelled("f", "request_temporary", clear=False),
    Labelled("g", "greet"),
]


def test_false_routes_recall_and_exact_intent() -> None:
    predicted = [
        "request_dibao",  # a false route
        "out_of_scope",
        "request_dibao",  # unclear: not counted as a false route
        "request_dibao",  # exact
        "request_temporary",  # caught, wrong need
        "out_of_scope",  # missed (unclear, still counts for recall)
        "greet",
    ]
    f = figures(GOLD, predicted)
    assert f["false_routes"] == {"value": 0.5, "hits": 1, "total": 2}
    assert f["in_scope_recall"] == {"value": pytest.approx(2 / 3), "hits": 2, "total": 3}
    assert f["exact_intent"] == {"value": 0.5, "hits": 1, "total": 2}
    assert 0 < f["macro_f1"] < 1


def test_perfect_predictions_score_one() -> None:
    f = figures(GOLD, [g.intent for g in GOLD])
    assert f["false_routes"]["value"] == 0
    assert f["in_scope_recall"]["value"] == f["exact_intent"]["value"] == 1
    assert f["macro_f1"] == pytest.approx(1.0)


def test_the_fallback_is_undone_like_rasa_test_nlu() -> None:
    parse = {
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.4},
            {"name": "request_tekun", "confidence": 0.3},
        ],
    }
    assert intent_of(parse) == "request_tekun"
    assert intent_of({"intent": {"name": "greet"}}) == "greet"


def test_routing_counts_department_review_and_general() -> None:
    def parse(name: str, confidence: float) -> dict:
        return {"intent": {"name": name, "confidence": confidence}, "intent_ranking": []}

    parses = [
        parse("request_dibao", 0.9),  # clear out of scope sent to a department
        parse("out_of_scope", 0.9),
        parse("request_dibao", 0.9),  # unclear out of scope: not counted
        parse("request_dibao", 0.9),  # right department
        parse("request_medical", 0.2),  # review
        parse("out_of_scope", 0.8),  # general dispatch
        parse("greet", 0.9),
    ]
    where = routing(GOLD, parses)
    assert where["in_scope"] == {"right": 1, "review": 1, "general": 1}
    assert where["clear_out_of_scope"] == {"wrong": 1, "general": 1}


def test_the_baseline_and_its_recall_first_rule() -> None:
    texts = made_up_texts(80, seed=11)
    chat = [Labelled("你好", "greet"), Labelled("您好啊", "greet"), Labelled("你好呀", "greet")]
    corpus = [Labelled(t, i) for t, i in texts]
    threshold = recall_first_threshold(chat, corpus, target_recall=0.98, seed=1)
    assert 0 <= threshold <= 1
    model = baseline().fit([x.text for x in [*chat, *corpus]], [x.intent for x in [*chat, *corpus]])
    held = made_up_texts(20, seed=12)
    predictions = baseline_predictions(model, threshold, [t for t, _ in held])
    assert set(predictions) == {"argmax", "recall_first"}
    for values in predictions.values():
        assert len(values) == 20
    # A lower threshold can only move texts into scope.
    looser = baseline_predictions(model, 0.0, [t for t, _ in held])["recall_first"]
    assert all(p != "out_of_scope" for p in looser)


def test_report_and_shortfalls() -> None:
    good = figures(GOLD, [g.intent for g in GOLD])
    bad = figures(GOLD, ["request_dibao"] * len(GOLD))
    report = {
        "sets": {"val": {"model": good}, "test": {"model": bad}},
        "routing": {"val": {"in_scope": {"right": 3}, "clear_out_of_scope": {"general": 2}}},
        "baseline_threshold": 0.3,
    }
    table = format_report(report)
    assert "| val | model | 0.0% (0/2) | 1.000 (3/3) | 1.000 (2/2) | 1.000 |" in table
    assert shortfalls(report, "val", "test", 0.92) == [
        f"test intent macro-F1 {bad['macro_f1']:.3f} (target 0.92)"
    ]
    report["sets"]["val"]["model"] = bad
    assert len(shortfalls(report, "val", "test", 0.92)) == 3
