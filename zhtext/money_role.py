"""Whether a sum of money in a message is a monthly income or another amount.

The NLU contract (and the household facts) distinguish ``monthly_income`` (money earned or
received per month: wages, pensions, 低保金, support from children) from ``amount`` (costs,
debts, losses, fees, rent, yearly income, anything else). The words of the clause around the
number decide it; where they say nothing clear the model's label stands (``None``).
"""

from __future__ import annotations

import re

# Only the clause the number is in counts: back to the last punctuation mark.
_CLAUSE_BREAK = re.compile(r"[，。,；;！？!?：:\n ]")
_OTHER_PERIOD = re.compile(
    r"(?:一年|每年|年收入|年均|全年|一整年|一天|每天|一季|半年|一学期|去年|今年)"
)
_COST = re.compile(
    r"(?:房租|房贷|车贷|租金|药费|医药费|医疗费|治疗费|手术费|住院费|丧葬费|学费|押金|欠|借|"
    r"损失|赔|自付|自费|开销|支出|花|交|还差|贷款|账单|电费|水费|看病|吃药|买药|租房|生活费|"
    r"费用|就要|得要|康复|训练|(?:月|天|次|回)要$|"
    # 「报完了自己还得掏三万」「垫了两万」: money paid out
    r"掏|报完|报销|垫付|垫了|凑|租的|租着)"
)
_MONTHLY = re.compile(r"(?:每月|每个月|一个月|个把月|月收入|月工资|月薪|月入|月均|每人每月|一月)")
# 工资2000, 收入一千出头: an income word just before the sum, in the same clause.
_INCOME_BEFORE = re.compile(r"(?:工资|收入|月入|退休金|养老金)[^，。,；;]{0,4}$")
_INCOME_AFTER = re.compile(
    r"^[^，。,；;！？!?]{0,6}?(?:工资|收入|养老金|退休金|低保金|补贴|生活费|失业金|过活|维持|生活)"
)


def money_role(text: str, start: int, end: int) -> str | None:
    """ "monthly_income", "amount", or None when the words around ``text[start:end]`` don't say."""
    before = text[max(0, start - 16) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if _OTHER_PERIOD.search(clause) or _COST.search(clause):
        return "amount"
    if _MONTHLY.search(clause) or _INCOME_BEFORE.search(clause):
        return "monthly_income"
    if _INCOME_AFTER.match(text[end:]) and _MONTHLY.search(text[max(0, start - 24) : start]):
        return "monthly_income"
    return None
