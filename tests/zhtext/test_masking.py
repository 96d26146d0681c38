"""Masking of phones and ID numbers in free text."""

from __future__ import annotations

import pytest

from zhtext.masking import mask_phone, mask_text, normalise_phone


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("电话13812345678。", "电话138****5678。"),
        ("电话 +86 138-1234-5678", "电话 138****5678"),
        ("身份证62042219800101123X在这", "身份证620422********123X在这"),
        ("座机0943-2345678", "座机0943-****5678"),
        ("工单12345-20261123-000042，收入2500元", "工单12345-20261123-000042，收入2500元"),
        ("两个号码13812345678和13987654321", "两个号码138****5678和139****4321"),
        # full-width digits and separated forms
        ("全角１３８１２３４５６７８", "全角138****5678"),
        ("电话138.1234.5678", "电话138****5678"),
        ("电话 138 1234 5678 谢谢", "电话 138****5678 谢谢"),
        ("身份证 6204 2219 8001 0112 3X", "身份证 620422********123X"),
        ("身份证６２０４２２１９８００１０１１２３４", "身份证620422********1234"),
        ("座机０９４３－５２２１２３４", "座机0943-****1234"),
        ("3口人，月收入600元，2026年11月28日", "3口人，月收入600元，2026年11月28日"),
    ],
)
def test_mask_text(raw, masked):
    assert mask_text(raw) == masked


def test_mask_phone_and_normalise():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("2345678") == "***5678"
    assert mask_phone(None) is None
    assert normalise_phone("+86 138-1234-5678") == "13812345678"
