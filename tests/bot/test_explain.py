"""What the citizen reads of an estimate: short bubbles, plain words, 暂定 marked, 为什么 per program."""

import policies
from bot.actions.explain import (
    estimate_digest,
    explain_details,
    summarize_estimate,
    why_buttons,
)

RESULT = {
    "locality": "620422",
    "as_of": "2026-11-23",
    "per_capita_monthly_income": 200,
    "programs": [
        {
            "id": "dibao",
            "name": "最低生活保障（低保）",
            "status": "likely",
            "reasons": ["人均收入 200 元，低于本地低保标准 820 元（暂定值）", "财产在规定以内"],
            "missing_facts": [],
            "citations": [{"document": "武政办发〔2023〕78号", "clause": "二、（一）"}],
            "department": "县民政局",
            "next_steps": ["向户籍所在地乡镇（街道）提出申请", "带上身份证、户口簿、收入证明"],
            "estimated_amount": {"monthly": 1860, "provisional": True},
        },
        {
            "id": "medical",
            "name": "医疗救助",
            "status": "possible",
            "reasons": ["看自付医疗费"],
            "missing_facts": ["expenses_12m.medical_out_of_pocket", "members[0].serious_illness"],
        },
        {
            "id": "tekun",
            "name": "特困人员救助供养",
            "status": "unlikely",
            "reasons": ["有劳动能力"],
        },
    ],
}


def _text(result: dict, asked_for: str | None = None) -> str:
    return "\n".join(summarize_estimate(result, asked_for))


def test_summary_puts_likely_first_with_one_plain_reason_and_the_amount_marked() -> None:
    text = _text(RESULT)
    assert text.index("最低生活保障") < text.index("医疗救助")
    assert "低于本地低保标准 820 元（暂定）" in text and "暂定值" not in text
    assert "约每月 1860 元（暂定）" in text
    assert "财产在规定以内" not in text  # only the main reason in the short answer
    assert "特困" not in text  # unlikely programs are not listed


def test_summary_is_a_few_short_bubbles_with_line_breaks_kept() -> None:
    bubbles = summarize_estimate(RESULT)
    assert 2 <= len(bubbles) <= 3
    assert all(len(bubble) <= 220 for bubble in bubbles)
    assert all("\n" not in bubble.replace("  \n", "") for bubble in bubbles)


def test_summary_says_in_plain_words_what_decides_a_possible_program() -> None:
    text = _text(RESULT)
    assert "看病自己花的钱" in text and "有没有重病" in text


def test_the_program_asked_for_comes_first() -> None:
    result = {**RESULT, "programs": [{**p, "status": "possible"} for p in RESULT["programs"][:2]]}
    text = _text(result, asked_for="medical")
    assert text.index("医疗救助") < text.index("最低生活保障")


def test_summary_says_where_to_apply_and_what_to_bring() -> None:
    text = _text(RESULT)
    assert "县民政局" in text
    assert "身份证" in text
    assert "为什么低保" in text


def test_why_with_a_program_answers_for_that_program_in_a_few_lines() -> None:
    text = explain_details(RESULT, "为什么低保")
    assert "财产在规定以内" in text
    assert "武政办发〔2023〕78号" in text
    assert "医疗救助" not in text
    assert text.count("  \n") <= 7


def test_why_without_a_program_asks_which_one() -> None:
    text = explain_details(RESULT, "为什么")
    assert "为什么低保" in text and "为什么医疗救助" in text
    assert [b["title"] for b in why_buttons(RESULT)] == ["为什么低保", "为什么医疗救助"]


def test_nothing_likely_says_so() -> None:
    result = {
        "programs": [
            {"id": "dibao", "name": "最低生活保障", "status": "unlikely", "reasons": ["x"]}
        ]
    }
    assert "暂时没有哪一项" in _text(result)
    assert estimate_digest(result) == "暂无明显符合的项目"


def test_a_real_estimate_is_summarised() -> None:
    household = {
        "locality": "620422",
        "members": [
            {"relation": "self", "age": 46, "disability": {"grade": 2, "type": "physical"}}
        ],
        "household_monthly_income": 0,
    }
    text = _text(policies.estimate(household))
    assert "【较可能符合】" in text or "【还要核实】" in text
    assert "暂定值" not in text
