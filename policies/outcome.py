"""Three-valued rule paths and how they combine into a program's finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policies.documents import Clause
from policies.tri import Tri

LIKELY, POSSIBLE, UNLIKELY = "likely", "possible", "unlikely"
RANK = {UNLIKELY: 0, POSSIBLE: 1, LIKELY: 2}
MAX_REASONS = 30
MAX_MISSING = 40


def best_status(statuses: list[str]) -> str:
    return max(statuses, key=RANK.__getitem__) if statuses else UNLIKELY


def status_tri(status: str) -> Tri:
    """likely -> True, possible -> None (unknown), unlikely -> False."""
    return {LIKELY: True, POSSIBLE: None, UNLIKELY: False}[status]


def worst_status(statuses: list[str]) -> str:
    return min(statuses, key=RANK.__getitem__) if statuses else UNLIKELY


@dataclass
class Condition:
    value: Tri
    yes: str
    no: str
    unknown: str
    missing: list[str]


@dataclass
class Path:
    """One way to qualify: every condition must hold (a conjunction)."""

    label: str
    conditions: list[Condition] = field(default_factory=list)
    amount: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)  # extra reasons shown when the path is chosen

    def require(
        self,
        value: Tri,
        yes: str,
        no: str,
        unknown: str | None = None,
        missing: list[str] | tuple[str, ...] = (),
    ) -> Path:
        self.conditions.append(
            Condition(value, yes, no, unknown or yes + "？尚不清楚", list(missing))
        )
        return self

    @property
    def status(self) -> str:
        unknown = False
        for condition in self.conditions:
            if condition.value is False:
                return UNLIKELY
            if condition.value is None:
                unknown = True
        return POSSIBLE if unknown else LIKELY

    def reasons(self) -> list[str]:
        status = self.status  # computed once per call
        texts: list[str] = []
        for c in self.conditions:
            if status == UNLIKELY:
                if c.value is False:
                    texts.append(c.no)
            elif c.value is True:
                texts.append(c.yes)
            elif c.value is None:
                texts.append(c.unknown)
        prefix = f"【{self.label}】" if self.label else ""
        result = [prefix + t for t in texts if t]
        if status != UNLIKELY:
            result.extend(self.notes)
        return result

    def rests_on(self, value: Tri, borrowed: str, missing: list[str] | None = None) -> Path:
        """The path rests on a rule that is local (True), borrowed (False: 「参照」, never more than
        possible, never ruling out), or local only for 城镇 households with the area unknown."""
        if value is True:
            return self
        if value is None and missing:
            text = f"{borrowed}：该规定只适用于城镇，城镇还是农村尚不清楚"
            return self.require(None, "", "", text, missing)
        text = f"{borrowed}，本地是否执行同样的规定尚待核实"
        return self.require(None, "", "", text)

    def missing(self) -> list[str]:
        if self.status == UNLIKELY:
            return []
        return [p for c in self.conditions if c.value is None for p in c.missing]


@dataclass
class Finding:
    status: str
    reasons: list[str]
    missing: list[str]
    clauses: list[Clause]
    amount: dict[str, Any] | None = None


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def decide(
    paths: list[Path],
    clauses: list[Clause],
    context: list[str] | None = None,
    cap: str | None = None,
) -> Finding:
    """Combine alternative paths: the best status wins and its reasons explain it.

    ``cap`` limits the status (e.g. POSSIBLE where the schema has no fact that could confirm it).
    """
    statuses = [p.status for p in paths]
    status = best_status(statuses)
    if status == UNLIKELY:
        reasons = [r for p in paths for r in p.reasons()]
    else:
        reasons = [
            r for p, s in zip(paths, statuses, strict=True) if s == status for r in p.reasons()
        ]
    missing = [
        m for p, s in zip(paths, statuses, strict=True) if s == POSSIBLE for m in p.missing()
    ]
    amount = next(
        (p.amount for p, s in zip(paths, statuses, strict=True) if s == status and p.amount), None
    )
    if cap is not None and RANK[status] > RANK[cap]:
        status = cap
    # The decisive reasons first (a short answer shows only the first), then the context.
    reasons = _dedupe([*reasons, *(context or [])]) or ["现有信息不足以判断"]
    if status == UNLIKELY:
        amount = None
    if status == LIKELY:
        missing = []  # already met: no answer is needed to confirm it
    if len(reasons) > MAX_REASONS:  # e.g. one line per member of a very large household
        hidden = len(reasons) - MAX_REASONS + 1
        reasons = [*reasons[: MAX_REASONS - 1], f"（其余 {hidden} 条同类理由从略）"]
    return Finding(status, reasons, _dedupe(missing)[:MAX_MISSING], clauses, amount)
