"""Facts derived from a validated household, with unknowns kept unknown (three-valued).

Comparisons with a provisional figure (a guessed 低保标准, a deduction ratio the documents leave
open) decide only when they hold across the figure's uncertainty: the threshold is widened by the
``provisional_margin`` and provisional deductions count anywhere from none to twice the guess.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from household.vocabulary import EXPENSE_FIELDS
from policies import documents
from policies.parameters import ParameterSet
from policies.tri import Tri, never_false, tri_all, tri_any, tri_not

__all__ = [
    "Facts",
    "Income",
    "Tri",
    "money_sum",
    "never_false",
    "tri_all",
    "tri_any",
    "tri_not",
    "yuan",
]

WORKING_EMPLOYMENTS = ("employed", "flexible")
# In work or looking for it: the person can work (contract: "none" = not seeking).
ABLE_EMPLOYMENTS = ("employed", "flexible", "unemployed")
SEVERE_GRADES = (1, 2)
SEVERE_GRADE3_TYPES = ("intellectual", "mental")
# 无劳动能力的残疾等级 (《特困人员认定办法》第五条): 一二三级智力/精神, 一二级肢体, 一级视力.
NO_WORK_DISABILITY: dict[str, tuple[int, ...]] = {
    "intellectual": (1, 2, 3),
    "mental": (1, 2, 3),
    "physical": (1, 2),
    "visual": (1,),
}
AREA_NAMES = {"urban": "城市", "rural": "农村"}

# Sums of money are capped here so that absurd but schema-valid figures (1e308) stay finite.
MONEY_CAP = 1e15


def money_sum(values: Iterable[float]) -> float:
    """Sum of yuan figures, capped at MONEY_CAP (never inf)."""
    total = 0.0
    for value in values:
        total = min(MONEY_CAP, total + min(float(value), MONEY_CAP))
    return total


def yuan(amount: float) -> str:
    """Render a yuan figure without needless decimals: 800 -> '800', 266.666 -> '266.67'."""
    rounded = round(min(amount, MONEY_CAP), 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0")


def member_label(index: int) -> str:
    return "申请人本人" if index == 0 else f"第{index + 1}位家庭成员"


@dataclass
class Income:
    """Counted household income per month after exclusions and deductions."""

    total: float | None  # counted, before deductions; None if unknown
    lower_bound: float  # counted income known so far (member incomes given)
    deductions: float  # nominal (the guesses as shipped)
    deductions_low: float  # provisional deductions at none
    deductions_high: float  # provisional deductions at twice the guess (a ratio at most 100%)
    per_capita: float | None  # nominal
    unknown_paths: list[str]
    reasons: list[str] = field(default_factory=list)
    provisional: bool = False

    def per_capita_range(self, size: int) -> tuple[float, float]:
        """(lowest, highest) plausible per-capita income; highest is inf when unknown."""
        if self.total is None:
            return max(0.0, self.lower_bound - self.deductions_high) / size, math.inf
        low = max(0.0, self.total - self.deductions_high) / size
        high = max(0.0, self.total - self.deductions_low) / size
        return low, high


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing a figure with a threshold, and why it is undecided if so."""

    value: Tri
    # "" decided, "income" unknown income, "area" unknown area, "deduction" the open deduction
    # ratios, "provisional" a provisional threshold
    cause: str
    low: float = 0.0
    high: float = 0.0


class Facts:
    """Read-only view on one household plus the parameters and documents in force."""

    def __init__(
        self,
        household: dict[str, Any],
        params: ParameterSet,
        as_of: dt.date,
        defaulted: frozenset[str] = frozenset(),
    ) -> None:
        self.h = household
        self.params = params
        self.as_of = as_of
        self.locality: str = household["locality"]
        self.defaulted = defaulted  # field paths filled by a written-down default
        self.members: list[dict[str, Any]] = household["members"]
        self.size = len(self.members)
        self.area: str | None = household.get("area")
        self.assets: Tri = household.get("assets_within_local_limits")
        self.expenses: dict[str, float] = household.get("expenses_12m") or {}
        self.events: list[dict[str, Any]] | None = household.get("events")
        benefits = household.get("current_benefits")
        self.benefits: set[str] | None = set(benefits) if benefits is not None else None
        self._versus: dict[tuple[float, bool], str] = {}
        self.memo: dict[Any, Any] = {}  # per-household memo for rules (e.g. group membership)
        self.margin = float(params.get("provisional_margin"))
        self.income = self._income()

    # --- documents -------------------------------------------------------------------------
    def local(self, key: str) -> Tri:
        """Is the document the rule here and now (None: only the unknown area decides)?"""
        return documents.applies(key, self.locality, self.as_of, self.area)

    def basis(self, keys: tuple[str, ...]) -> Tri:
        memo_key = ("basis", keys)
        if memo_key not in self.memo:
            self.memo[memo_key] = tri_any(self.local(k) for k in keys)
        value: Tri = self.memo[memo_key]
        return value

    def borrowed_text(self, keys: tuple[str, ...]) -> str:
        """「参照会宁县…（实施期至2023年底已过）」 naming each document and why it is not local."""
        memo_key = ("borrowed", keys)
        if memo_key not in self.memo:
            parts = []
            for key in keys:
                why = documents.why_borrowed(key, self.locality, self.as_of, self.area)
                parts.append(f"{documents.DOCUMENTS[key].short}（{why}）")
            self.memo[memo_key] = "参照" + "、".join(dict.fromkeys(parts))
        text: str = self.memo[memo_key]
        return text

    def param_local(self, name: str) -> Tri:
        """A figure tied to a seed document is local only where that document applies."""
        document = self.params.entry(name).document
        return True if document is None else self.local(document)

    # --- standards -------------------------------------------------------------------------
    def standard(self, area: str) -> float:
        return float(self.params.get(f"dibao_{area}_monthly"))

    def standard_provisional(self, area: str) -> bool:
        return self.params.provisional(f"dibao_{area}_monthly")

    def areas(self) -> list[str]:
        """The areas whose standard may apply: the known one, or both when unknown."""
        return [self.area] if self.area else ["urban", "rural"]

    def standard_label(self, area: str) -> str:
        """白银市城市低保标准 / 全国参考城市低保标准 / 本地城市低保标准."""
        return f"{self.params.origin(f'dibao_{area}_monthly')}{AREA_NAMES[area]}低保标准"

    def standard_text(self, area: str, multiple: float = 1.0) -> str:
        mark = "（暂定值）" if self.standard_provisional(area) else ""
        figure = yuan(self.standard(area) * multiple)
        scaled = f"{multiple:g}倍" if multiple != 1 else ""
        return f"{self.standard_label(area)}{scaled} {figure} 元{mark}"

    def any_provisional_standard(self) -> bool:
        return any(self.standard_provisional(a) for a in self.areas())

    def threshold_range(self, multiple: float, provisional: bool = False) -> tuple[float, float]:
        """The range the threshold ``multiple`` x standard may lie in, over the possible areas."""
        key = ("threshold", multiple, provisional)
        cached: tuple[float, float] | None = self.memo.get(key)
        if cached is not None:
            return cached
        lows, highs = [], []
        for area in self.areas():
            figure = self.standard(area) * multiple
            widen = provisional or self.standard_provisional(area)
            lows.append(figure * (1 - self.margin) if widen else figure)
            highs.append(figure * (1 + self.margin) if widen else figure)
        result = (min(lows), max(highs))
        self.memo[key] = result
        return result

    def below(
        self, low: float, high: float, multiple: float, provisional: bool = False
    ) -> Comparison:
        """Is a figure known to lie in [low, high] below ``multiple`` x the standard?"""
        t_low, t_high = self.threshold_range(multiple, provisional)
        if high < t_low:
            return Comparison(True, "")
        if low >= t_high:
            return Comparison(False, "")
        if math.isinf(high):
            return Comparison(None, "income")
        exact = [self.standard(a) * multiple for a in self.areas()]
        if len(set(exact)) > 1 and (high < min(exact) or low >= max(exact)):
            return Comparison(None, "area", low, high)
        if low < high and (high < t_low or low >= t_high or high - low > t_high - t_low):
            return Comparison(None, "deduction", low, high)
        return Comparison(None, "provisional", low, high)

    # --- income ----------------------------------------------------------------------------
    def rigid_expenses_12m(self) -> float | None:
        values = [self.expenses.get(k) for k in EXPENSE_FIELDS]
        known = [v for v in values if v is not None]
        return money_sum(known) if known else None

    def _income(self) -> Income:
        reasons: list[str] = []
        incomes = [m.get("monthly_income") for m in self.members]
        known = [v for v in incomes if v is not None]
        unknown_paths = [f"members[{i}].monthly_income" for i, v in enumerate(incomes) if v is None]
        excluded = money_sum(m.get("excluded_income", 0) for m in self.members)
        total: float | None
        household_total = self.h.get("household_monthly_income")
        defaulted = [
            i for i in range(self.size) if f"members[{i}].monthly_income" in self.defaulted
        ]
        member_sum = money_sum(known)
        from_members = False
        if not unknown_paths:
            total = member_sum
            if household_total is not None and defaulted:
                # A default never lowers what the household said it lives on.
                total = max(min(float(household_total), MONEY_CAP), member_sum)
            from_members = total == member_sum
            if from_members:
                reasons.append(f"家庭成员月收入合计 {yuan(total)} 元")
            else:
                reasons.append(f"家庭月收入 {yuan(total)} 元（按您告知的家庭总收入）")
        elif household_total is not None:
            # The stated total, but never less than the member incomes already known.
            total = max(min(float(household_total), MONEY_CAP), member_sum)
            reasons.append(f"家庭月收入 {yuan(total)} 元（按您告知的家庭总收入）")
            unknown_paths = []
        else:
            total = None
            unknown_paths = ["household_monthly_income", *unknown_paths]
        for i in defaulted:
            reasons.append(
                f"{member_label(i)}未满{self.params.get('child_no_work_age')}周岁或在校读书，"
                "未告知收入，按无收入计算（如有收入请告知）"
            )
        if excluded:
            reasons.append(
                f"基础养老金、抚恤金、奖励扶助金、奖学金、见义勇为奖励、救助款物等 {yuan(excluded)} 元"
                "不计入家庭收入"
            )
        nominal, low, high, provisional = self._deductions(reasons, from_members)
        per_capita = None
        if total is not None:
            per_capita = max(0.0, total - nominal) / self.size
            reasons.append(f"共同生活 {self.size} 人，人均月收入 {yuan(per_capita)} 元")
        return Income(
            total=total,
            lower_bound=member_sum,
            deductions=nominal,
            deductions_low=low,
            deductions_high=high,
            per_capita=per_capita,
            unknown_paths=unknown_paths,
            reasons=reasons,
            provisional=provisional and total is not None,
        )

    def _deductions(
        self, reasons: list[str], from_members: bool
    ) -> tuple[float, float, float, bool]:
        """(nominal, lowest, highest) monthly deductions, and whether any rests on a guess."""
        nominal = low = high = 0.0
        provisional = False
        rigid = self.rigid_expenses_12m()
        if rigid:
            ratio = float(self.params.get("rigid_expense_deduction_ratio"))
            guess = self.params.provisional("rigid_expense_deduction_ratio")
            amount = rigid / 12 * ratio
            nominal += amount
            low += 0.0 if guess else amount
            high += rigid / 12 * min(1.0, 2 * ratio) if guess else amount
            provisional |= guess
            mark = "，比例暂定，判断时按0-100%区间" if guess else ""
            reasons.append(
                f"扣减因病、因残、因学刚性支出 {yuan(amount)} 元/月"
                f"（近12个月 {yuan(rigid)} 元，按 {ratio:.0%} 扣减{mark}）"
            )
        per_worker = float(self.params.get("employment_cost_deduction_monthly"))
        guess = self.params.provisional("employment_cost_deduction_monthly")
        worker_costs = []
        for m in self.members:
            if m.get("employment") not in WORKING_EMPLOYMENTS:
                continue
            own = m.get("monthly_income")
            if from_members:
                if own is None or own <= 0:
                    continue
                worker_costs.append(min(per_worker, float(own)))
            else:  # a stated household total: the cost cannot be set against one person's pay
                worker_costs.append(per_worker)
        if worker_costs:
            amount = money_sum(worker_costs)
            nominal += amount
            low += 0.0 if guess else amount
            high += 2 * amount if guess else amount
            provisional |= guess
            mark = "，金额暂定，判断时按0-2倍区间" if guess else ""
            reasons.append(
                f"扣减 {len(worker_costs)} 名在业成员必要就业成本 {yuan(amount)} 元/月"
                f"（每人不超过 {yuan(per_worker)} 元{mark}）"
            )
        return nominal, low, high, provisional

    def income_compare(self, multiple: float, provisional: bool = False) -> Comparison:
        """Is per-capita counted income below ``multiple`` x the 低保 standard?"""
        low, high = self.income.per_capita_range(self.size)
        return self.below(low, high, multiple, provisional)

    def income_below(self, multiple: float, provisional: bool = False) -> Tri:
        return self.income_compare(multiple, provisional).value

    def income_missing(self) -> list[str]:
        missing = list(self.income.unknown_paths)
        if self.income.per_capita is not None and self.area is None:
            missing.append("area")
        return missing

    def income_text(self) -> str:
        if self.income.per_capita is None:
            return "家庭收入尚不清楚"
        mark = "（含暂定扣减）" if self.income.provisional else ""
        return f"人均月收入 {yuan(self.income.per_capita)} 元{mark}"

    def versus_standard(self, multiple: float = 1.0, ratio_provisional: bool = False) -> str:
        """'人均月收入 200 元；白银市城市低保标准 790 元（暂定值）' (both areas when unknown)."""
        key = (multiple, ratio_provisional)
        cached = self._versus.get(key)
        if cached is None:
            standards = "、".join(self.standard_text(a, multiple) for a in self.areas())
            cached = self._versus[key] = f"{self.income_text()}；{standards}"
        return cached

    def undecided_text(self, comparison: Comparison, what: str) -> str:
        """Why a comparison with ``what`` (e.g. 低保标准) is undecided, naming what it waits on."""
        if comparison.cause == "income":
            return f"家庭收入尚不清楚，能否低于{what}尚不确定"
        if comparison.cause == "area":
            return f"城镇、农村标准不同，能否低于{what}要看住在城镇还是农村"
        if comparison.cause == "deduction":
            return (
                f"因病、因残、因学等支出和就业成本的扣减比例文件未定，扣减后人均收入约在 "
                f"{yuan(comparison.low)}-{yuan(comparison.high)} 元之间，"
                f"能否低于{what}需按当地扣减办法核定"
            )
        return (
            f"与{what}接近，而该标准（或收入扣减比例）是暂定值，"
            f"差距在 {self.margin:.0%} 以内，需以当地公布的标准核定"
        )

    # --- members ---------------------------------------------------------------------------
    def age(self, index: int) -> int | None:
        age = self.members[index].get("age")
        return None if age is None else int(age)

    def adult(self, index: int) -> Tri:
        age = self.age(index)
        return None if age is None else age >= int(self.params.get("adult_age"))

    def disability(self, index: int) -> Tri:
        member = self.members[index]
        if "disability" not in member:
            return None
        return member["disability"] is not None

    def severe_disability(self, index: int) -> Tri:
        """重残: 一、二级, or 三级智力/精神."""
        member = self.members[index]
        if "disability" not in member:
            return None
        info = member["disability"]
        if info is None:
            return False
        grade = info.get("grade")
        if grade is None:
            return None
        if grade in SEVERE_GRADES:
            return True
        if grade == 3:
            kind = info.get("type")
            return None if kind is None else kind in SEVERE_GRADE3_TYPES
        return False

    def grade_1_2(self, index: int) -> Tri:
        member = self.members[index]
        if "disability" not in member:
            return None
        info = member["disability"]
        if info is None:
            return False
        grade = info.get("grade")
        return None if grade is None else grade in SEVERE_GRADES

    def medical_above_last_year_income(self) -> Tri:
        medical = self.expenses.get("medical_out_of_pocket")
        last_year = self.h.get("last_year_total_income")
        if medical is None or last_year is None:
            return None
        return bool(medical > last_year)

    def serious_illness(self, index: int) -> Tri:
        """重病: a recognised 重特大疾病; or, where the 会宁 plan applies, out-of-pocket medical
        costs above last year's household income (its definition; elsewhere only 「参照」)."""
        flag = self.members[index].get("serious_illness")
        if flag is True:
            return True
        costly = self.medical_above_last_year_income()
        if costly is True:
            return True if self.local("huining_2022") is True else None
        if flag is False and costly is False:
            return False
        return None

    def lacks_work_ability(self, index: int) -> Tri:
        """无劳动能力 (《特困人员认定办法》第五条): 60+ or under 16, the listed disability grades,
        or as stated (or inferred from being in work or seeking it, a written default)."""
        member = self.members[index]
        age = member.get("age")
        if age is not None and (
            age >= self.params.get("elder_age") or age < self.params.get("child_no_work_age")
        ):
            return True
        info = member.get("disability")
        if info and info.get("grade") in NO_WORK_DISABILITY.get(info.get("type", ""), ()):
            return True
        able = member.get("able_to_work")
        return None if able is None else not able

    def able_bodied(self, index: int) -> Tri:
        """Able to work and look after others: stated, or in work / seeking it."""
        member = self.members[index]
        if member.get("able_to_work") is True or member.get("employment") in ABLE_EMPLOYMENTS:
            return True
        if member.get("able_to_work") is False:
            return False
        return None

    def incapacitated(self, index: int) -> Tri:
        """重残、重病 or 完全失能: cannot raise a child or support a relative."""
        member = self.members[index]
        signs = [
            self.severe_disability(index),
            member.get("serious_illness"),
            None if member.get("self_care") is None else member["self_care"] == "total_loss",
        ]
        return tri_any(signs)

    def capable_obligor(self, index: int) -> Tri:
        """A co-resident relative who can 赡养、抚养、扶养: working age (under 60), able to work,
        not severely disabled or ill. Only ever True or unknown: never assumes incapacity."""
        age = self.age(index)
        if age is None or age >= int(self.params.get("elder_age")) or self.adult(index) is False:
            return None
        if self.able_bodied(index) is True and self.incapacitated(index) is not True:
            return True
        return None

    def obligors(self, index: int) -> list[int]:
        """Co-resident members with a legal duty to support member ``index`` (民法典: spouses,
        parents of minors, adult children of parents), by the relations to the first member."""
        relation = self.members[index].get("relation")
        if index == 0:
            relation = relation or "self"
        wanted: tuple[str, ...] = ()
        if relation == "self":
            wanted = ("spouse", "child", "parent")
        elif relation == "spouse":
            wanted = ("self", "child")
        elif relation == "child":
            wanted = ("self", "spouse")
        elif relation == "parent":
            wanted = ("self",)
        return [j for rel in wanted for j in self.with_relation(rel) if j != index]

    def with_relation(self, relation: str) -> list[int]:
        """Indices of the members with ``relation`` (the first member counts as self if unset)."""
        by_relation: dict[str, list[int]] | None = self.memo.get("by_relation")
        if by_relation is None:
            by_relation = {}
            for j, other in enumerate(self.members):
                rel = other.get("relation") or ("self" if j == 0 else "")
                by_relation.setdefault(rel, []).append(j)
            self.memo["by_relation"] = by_relation
        return by_relation.get(relation, [])

    def has_supporter(self, index: int) -> tuple[Tri, list[int]]:
        """(有能履行义务的法定义务人, the capable co-resident obligors found)."""
        stated = self.members[index].get("has_capable_supporter")
        if stated is not None:
            return bool(stated), []
        capable = [j for j in self.obligors(index) if self.capable_obligor(j) is True]
        return (True, capable) if capable else (None, [])

    def any_member(self, predicate: Callable[[int], Tri]) -> tuple[Tri, list[int]]:
        """(tri-any over members, indices where the predicate holds)."""
        values = [predicate(i) for i in range(self.size)]
        return tri_any(values), [i for i, v in enumerate(values) if v is True]

    def undecided_members(self, predicate: Callable[[int], Tri]) -> list[int]:
        return [i for i in range(self.size) if predicate(i) is None]

    def receives(self, program: str) -> Tri:
        if self.benefits is None:
            return None
        return program in self.benefits
