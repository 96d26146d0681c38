"""Facts derived from a validated household, with unknowns kept unknown (three-valued)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from household.vocabulary import EXPENSE_FIELDS
from policies.parameters import ParameterSet

Tri = bool | None  # True / False / None (unknown)

WORKING_EMPLOYMENTS = ("employed", "flexible")
SEVERE_GRADES = (1, 2)
SEVERE_GRADE3_TYPES = ("intellectual", "mental")
# 无劳动能力的残疾等级 (特困): 一二三级智力/精神, 一二级肢体, 一级视力.
NO_WORK_DISABILITY = {
    "intellectual": (1, 2, 3),
    "mental": (1, 2, 3),
    "physical": (1, 2),
    "visual": (1,),
}


# Sums of money are capped here so that absurd but schema-valid figures (1e308) stay finite.
MONEY_CAP = 1e15


def money_sum(values) -> float:
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


def tri_any(values: list[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def tri_all(values: list[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def tri_not(value: Tri) -> Tri:
    return None if value is None else not value


@dataclass
class Income:
    """Counted household income per month after exclusions and deductions."""

    total: float | None  # counted, before deductions; None if unknown
    lower_bound: float  # counted income known so far (member incomes given)
    deductions: float
    per_capita: float | None
    unknown_paths: list[str]
    reasons: list[str] = field(default_factory=list)
    provisional: bool = False


def member_label(index: int) -> str:
    return "申请人本人" if index == 0 else f"第{index + 1}位家庭成员"


class Facts:
    """Read-only view on one household plus the parameters in force."""

    def __init__(self, household: dict[str, Any], params: ParameterSet) -> None:
        self.h = household
        self.params = params
        self.members: list[dict[str, Any]] = household["members"]
        self.size = len(self.members)
        self.area: str | None = household.get("area")
        self.assets: Tri = household.get("assets_within_local_limits")
        self.expenses: dict[str, float] = household.get("expenses_12m") or {}
        self.events: list[dict[str, Any]] | None = household.get("events")
        benefits = household.get("current_benefits")
        self.benefits: set[str] | None = set(benefits) if benefits is not None else None
        self._versus: dict[float, str] = {}
        self.memo: dict[str, Any] = {}  # per-household memo for rules (e.g. group membership)
        self.income = self._income()

    # --- standards -------------------------------------------------------------------------
    def standard(self, area: str) -> float:
        return float(self.params.get(f"dibao_{area}_monthly"))

    def standard_provisional(self, area: str) -> bool:
        return self.params.provisional(f"dibao_{area}_monthly")

    def areas(self) -> list[str]:
        """The areas whose standard may apply: the known one, or both when unknown."""
        return [self.area] if self.area else ["urban", "rural"]

    def standard_text(self, area: str, multiple: float = 1.0) -> str:
        name = {"urban": "城市", "rural": "农村"}[area]
        mark = "（暂定值）" if self.standard_provisional(area) else ""
        figure = yuan(self.standard(area) * multiple)
        scaled = f"{multiple:g}倍" if multiple != 1 else ""
        return f"本地{name}低保标准{scaled} {figure} 元{mark}"

    def any_provisional_standard(self) -> bool:
        return any(self.standard_provisional(a) for a in self.areas())

    # --- income ------------------------------------------------------------------------------
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
        if not unknown_paths:
            total = money_sum(known)
            reasons.append(f"家庭成员月收入合计 {yuan(total)} 元")
            unknown_paths = []
        elif household_total is not None:
            # The stated total, but never less than the member incomes already known.
            total = max(min(float(household_total), MONEY_CAP), money_sum(known))
            reasons.append(f"家庭月收入 {yuan(total)} 元（按您告知的家庭总收入）")
            unknown_paths = []
        else:
            total = None
            unknown_paths = ["household_monthly_income", *unknown_paths]
        if excluded:
            reasons.append(
                f"基础养老金、抚恤金、奖励扶助金、奖学金、见义勇为奖励、救助款物等 {yuan(excluded)} 元"
                "不计入家庭收入"
            )
        deductions, provisional = self._deductions(reasons)
        per_capita = None
        if total is not None:
            per_capita = max(0.0, total - deductions) / self.size
            reasons.append(f"共同生活 {self.size} 人，人均月收入 {yuan(per_capita)} 元")
        return Income(
            total=total,
            lower_bound=money_sum(known),
            deductions=deductions,
            per_capita=per_capita,
            unknown_paths=unknown_paths,
            reasons=reasons,
            provisional=provisional and total is not None,
        )

    def _deductions(self, reasons: list[str]) -> tuple[float, bool]:
        deductions = 0.0
        provisional = False
        rigid = self.rigid_expenses_12m()
        if rigid:
            ratio = float(self.params.get("rigid_expense_deduction_ratio"))
            amount = rigid / 12 * ratio
            mark = "，暂定值" if self.params.provisional("rigid_expense_deduction_ratio") else ""
            provisional |= bool(mark)
            deductions += amount
            reasons.append(
                f"扣减因病、因残、因学刚性支出 {yuan(amount)} 元/月"
                f"（近12个月 {yuan(rigid)} 元，按 {ratio:.0%} 扣减{mark}）"
            )
        workers = sum(
            1
            for m in self.members
            if m.get("employment") in WORKING_EMPLOYMENTS and m.get("monthly_income", 1) > 0
        )
        if workers:
            per_worker = float(self.params.get("employment_cost_deduction_monthly"))
            mark = (
                "，暂定值" if self.params.provisional("employment_cost_deduction_monthly") else ""
            )
            provisional |= bool(mark)
            deductions += per_worker * workers
            reasons.append(
                f"扣减 {workers} 名在业成员必要就业成本 {yuan(per_worker * workers)} 元/月"
                f"（每人 {yuan(per_worker)} 元{mark}）"
            )
        return deductions, provisional

    def income_below(self, multiple: float, area: str | None = None) -> Tri:
        """Is per-capita counted income strictly below ``multiple`` x the dibao standard?"""
        areas = [area] if area else self.areas()
        thresholds = [self.standard(a) * multiple for a in areas]
        per_capita = self.income.per_capita
        if per_capita is None:
            floor = max(0.0, self.income.lower_bound - self.income.deductions) / self.size
            return False if floor >= max(thresholds) else None
        if all(per_capita < t for t in thresholds):
            return True
        if all(per_capita >= t for t in thresholds):
            return False
        return None

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

    def versus_standard(self, multiple: float = 1.0) -> str:
        """'人均月收入 200 元，本地城市低保标准 790 元（暂定值）' (both areas when unknown)."""
        cached = self._versus.get(multiple)
        if cached is None:
            standards = "、".join(self.standard_text(a, multiple) for a in self.areas())
            cached = self._versus[multiple] = f"{self.income_text()}；{standards}"
        return cached

    # --- members -------------------------------------------------------------------------------
    def age(self, index: int) -> int | None:
        return self.members[index].get("age")

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

    def serious_illness(self, index: int) -> Tri:
        """重病: 重特大疾病, or out-of-pocket medical costs above last year's household income."""
        if self.members[index].get("serious_illness") is True:
            return True
        if self.medical_above_last_year_income() is True:
            return True
        flag = self.members[index].get("serious_illness")
        if flag is False and self.medical_above_last_year_income() is False:
            return False
        return None

    def medical_above_last_year_income(self) -> Tri:
        medical = self.expenses.get("medical_out_of_pocket")
        last_year = self.h.get("last_year_total_income")
        if medical is None or last_year is None:
            return None
        return medical > last_year

    def lacks_work_ability(self, index: int) -> Tri:
        """无劳动能力: 60+ or under 16, the qualifying disability grades, or stated."""
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

    def any_member(self, predicate) -> tuple[Tri, list[int]]:
        """(tri-any over members, indices where the predicate holds)."""
        values = [predicate(i) for i in range(self.size)]
        return tri_any(values), [i for i, v in enumerate(values) if v is True]

    def receives(self, program: str) -> Tri:
        if self.benefits is None:
            return None
        return program in self.benefits
