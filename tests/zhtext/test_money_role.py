"""monthly_income vs amount from the clause around the number (zhtext/money_role.py)."""

from __future__ import annotations

import pytest

from zhtext.money_role import money_role


def _role(text: str, words: str) -> str | None:
    start = text.index(words)
    return money_role(text, start, start + len(words))


@pytest.mark.parametrize(
    ("text", "words", "role"),
    [
        ("儿子在外头打工一个月就挣两千五，这种情况", "两千五", "monthly_income"),
        ("靠我每个月1200块工资过日子", "1200块", "monthly_income"),
        ("每月只有一百多元的基础养老金", "一百多元", "monthly_income"),
        ("月收入两千左右，老公没工作", "两千左右", "monthly_income"),
        ("房租每月就要八百，能申请吗", "八百", "amount"),
        ("另有房贷每月一千六。", "一千六", "amount"),
        ("一年种地收入八九千。", "八九千", "amount"),
        ("一年到头寄回来五六千", "五六千", "amount"),
        ("药费一个月就要五六百", "五六百", "amount"),
        ("看病花了5万，还欠了两万", "5万", "amount"),
        ("看病花了5万，还欠了两万", "两万", "amount"),
        # an income word just before the sum, as the runtime and the training data read it
        ("收入就两千", "两千", "monthly_income"),
        ("工资2000，老婆没工作", "2000", "monthly_income"),
        ("去年收入就两万", "两万", "amount"),
    ],
)
def test_the_clause_decides_the_role(text: str, words: str, role: str) -> None:
    assert _role(text, words) == role


@pytest.mark.parametrize(("text", "words"), [("两千五", "两千五"), ("我有两千五", "两千五")])
def test_without_a_clear_cue_the_model_label_stands(text: str, words: str) -> None:
    assert _role(text, words) is None


def test_only_the_numbers_own_clause_counts() -> None:
    # 房租 belongs to the clause before: the monthly wage after the comma is income.
    assert _role("房租八百，老公每月工资三千", "三千") == "monthly_income"


def test_money_paid_out_is_an_amount_and_a_space_ends_its_clause() -> None:
    text = "医生说得去兰州做手术 报完了自己还得掏三万左右 娃他爸送外卖一个月三千"
    assert _role(text, "三万左右") == "amount"
    assert _role(text, "三千") == "monthly_income"
