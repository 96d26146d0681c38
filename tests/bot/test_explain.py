import policies
from bot.actions.explain import estimate_digest, explain_details, summarize_estimate

RESULT = {
    "locality": "620422",
    "as_of": "2026-11-23",
    "per_capita_monthly_income": 200,
    "programs": [
        {
            "id": "dibao",
            "name": "最低生活保障",
            "status": "likely",
            "reasons": ["人均收入 200 元，低于本地低保标准 820 元（暂定值）", "财产在规定以内"],
            "missing_facts": [],
            "citations": [{"document": "武政办发〔2023〕78号", "clause": "二、（一）"}],
            "department": "县民政局",
            "next_steps": ["向户籍所在地乡镇（街道）提出申请", "带上身份证、户口簿、收入证明"],
            "estimated_amount": {"monthly": 1860},
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


def test_summary_puts_likely_first_with_the_main_reason_and_amount() -> None:
    text = summarize_estimate(RESULT)
    assert text.index("最低生活保障") < text.index("医疗救助")
    assert "低于本地低保标准 820 元" in text
    assert "1860" in text
    assert "财产在规定以内" not in text  # only the main reason in the short answer
    assert "特困" not in text  # unlikely programs are not listed


def test_summary_says_what_decides_a_possible_program() -> None:
    text = summarize_estimate(RESULT)
    assert "自付医疗费" in text and "是否患重大疾病" in text


def test_summary_says_where_to_apply_and_what_to_bring() -> None:
    text = summarize_estimate(RESULT)
    assert "县民政局" in text
    assert "身份证" in text
    assert "为什么" in text


def test_why_gives_all_reasons_and_the_document() -> None:
    text = explain_details(RESULT)
    assert "财产在规定以内" in text
    assert "武政办发〔2023〕78号" in text
    assert "200" in text


def test_nothing_likely_says_so() -> None:
    result = {
        "programs": [
            {"id": "dibao", "name": "最低生活保障", "status": "unlikely", "reasons": ["x"]}
        ]
    }
    assert "暂时没有看到明显符合" in summarize_estimate(result)
    assert estimate_digest(result) == "暂无明显符合的项目"


def test_a_real_estimate_is_summarised() -> None:
    household = {
        "locality": "620422",
        "members": [
            {"relation": "self", "age": 46, "disability": {"grade": 2, "type": "physical"}}
        ],
        "household_monthly_income": 0,
    }
    text = summarize_estimate(policies.estimate(household))
    assert "【较可能符合】" in text or "【可能符合，还要看】" in text
