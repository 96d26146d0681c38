"""What a citizen needs: the request categories of the NLU contract (contracts/intents.md).

A work order's ``category`` is one of these intent names; the ticket service's ``Category``
enum, the assistant's domain intents and the NLU checker all take them from here.
"""

from __future__ import annotations

# The needs that start the household questions and an estimate.
ASSISTANCE_NEEDS: dict[str, str] = {
    "request_dibao": "最低生活保障（低保）",
    "request_tekun": "特困人员救助供养",
    "request_temporary": "临时救助",
    "request_medical": "医疗救助",
    "request_education": "教育救助",
    "request_housing": "住房救助",
    "request_employment": "就业救助",
    "request_disability": "残疾人补贴",
    "request_child_welfare": "困境儿童保障",
    "request_disaster": "受灾人员救助",
    "request_vagrant": "流浪乞讨人员救助",
    "ask_eligibility": "救助政策咨询",
}
# Matters filed as a work order without household questions.
FILING_ONLY: dict[str, str] = {
    "complain_handling": "救助办理投诉",
    "report_fraud": "违规享受救助举报",
    "out_of_scope": "一般诉求（非社会救助）",
}
OTHER: dict[str, str] = {"query_ticket_status": "工单进度查询"}

CATEGORY_ZH: dict[str, str] = {**ASSISTANCE_NEEDS, **FILING_ONLY, **OTHER}
CATEGORIES = tuple(CATEGORY_ZH)
REQUEST_INTENTS = tuple(ASSISTANCE_NEEDS)
FILING_ONLY_INTENTS = tuple(FILING_ONLY)
# In scope of social assistance (everything but general 12345 matters).
IN_SCOPE = tuple(c for c in CATEGORIES if c != "out_of_scope")

# The contract's conversation intents (answers, greetings, hand-over): not work-order categories.
CONVERSATION_INTENTS = (
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "inform",
    "request_human",
    "restart",
    "bot_challenge",
)
CONTRACT_INTENTS = CATEGORIES + CONVERSATION_INTENTS

# The program a need names (the estimate shows it first).
PROGRAM_OF_NEED: dict[str, str] = {
    "request_dibao": "dibao",
    "request_tekun": "tekun",
    "request_temporary": "temporary",
    "request_medical": "medical",
    "request_education": "education",
    "request_housing": "housing",
    "request_employment": "employment",
    "request_disability": "disability_subsidies",
    "request_child_welfare": "orphan_child",
    "request_disaster": "disaster",
    "request_vagrant": "vagrant",
}
