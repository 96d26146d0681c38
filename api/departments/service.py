"""Department and routing data: loading the data files, look-ups, admin changes."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from api.core.errors import NotFound, Unprocessable
from api.departments import cache
from api.departments.models import Department, RoutingRule
from api.departments.schemas import DepartmentUpsert, Route, RoutingRuleUpsert

DATA_DIR = Path(__file__).parent / "data"
INTAKE = "*intake*"  # routing category marking a locality's intake department
DEFAULT_LOCALITY = "620422"


def load_data_files(session: Session, data_dir: Path = DATA_DIR) -> int:
    """Upsert every department and routing rule of the YAML files; returns departments seen."""
    seen = 0
    for path in sorted(data_dir.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        locality = str(doc["locality"])
        for item in doc["departments"]:
            upsert_department(
                session,
                DepartmentUpsert(
                    code=item["code"],
                    name=item["name"],
                    locality=locality,
                    kind=item.get("kind", ""),
                    on_duty_username=item.get("on_duty"),
                ),
            )
            seen += 1
        session.flush()
        for category, code in (doc.get("routing") or {}).items():
            upsert_routing(
                session,
                RoutingRuleUpsert(locality=locality, category=category, department_code=code),
            )
        if doc.get("intake_department"):
            _set_intake(session, locality, doc["intake_department"])
    session.flush()
    return seen


def upsert_department(session: Session, data: DepartmentUpsert) -> Department:
    cache.invalidate()
    dept = session.get(Department, data.code)
    if dept is None:
        dept = Department(code=data.code)
        session.add(dept)
    dept.name = data.name
    dept.locality = data.locality
    dept.kind = data.kind
    dept.on_duty_username = data.on_duty_username
    dept.active = True
    return dept


def get_department(session: Session, code: str) -> Department:
    dept = session.get(Department, code)
    if dept is None or not dept.active:
        raise NotFound(f"未知的部门编码：{code[:64]}")
    return dept


def require_department(session: Session, code: str) -> Department:
    """Like get_department, but a bad code in a request body is a 422, not a 404."""
    dept = session.get(Department, code)
    if dept is None or not dept.active:
        raise Unprocessable(f"未知的部门编码：{code[:64]}")
    return dept


def list_departments(session: Session, locality: str | None = None) -> list[Department]:
    stmt = select(Department).where(Department.active.is_(True)).order_by(Department.code)
    if locality:
        stmt = stmt.where(Department.locality == locality)
    return list(session.scalars(stmt))


def upsert_routing(session: Session, data: RoutingRuleUpsert) -> RoutingRule:
    cache.invalidate()
    require_department(session, data.department_code)
    rule = session.scalar(
        select(RoutingRule).where(
            RoutingRule.locality == data.locality, RoutingRule.category == data.category
        )
    )
    if rule is None:
        rule = RoutingRule(locality=data.locality, category=data.category, intake=False)
        session.add(rule)
    rule.department_code = data.department_code
    return rule


def _set_intake(session: Session, locality: str, code: str) -> None:
    upsert_routing(
        session, RoutingRuleUpsert(locality=locality, category="*", department_code=code)
    )
    session.flush()
    rule = session.scalar(
        select(RoutingRule).where(RoutingRule.locality == locality, RoutingRule.category == "*")
    )
    rule.intake = True
    cache.invalidate()


def list_routing(session: Session, locality: str | None = None) -> list[RoutingRule]:
    stmt = select(RoutingRule).order_by(RoutingRule.locality, RoutingRule.category)
    if locality:
        stmt = stmt.where(RoutingRule.locality == locality)
    return list(session.scalars(stmt))


def _candidate_localities(locality: str) -> list[str]:
    """County -> city -> province -> the default locality (never lose a request)."""
    out = [locality, locality[:4] + "00", locality[:2] + "0000", DEFAULT_LOCALITY]
    return list(dict.fromkeys(out))


def route(session: Session, locality: str, category: str) -> Route:
    """The department of a locality and category, and the locality's intake department (from
    the in-memory routing table)."""
    rules_by_locality = cache.reference(session).rules
    for candidate in _candidate_localities(locality):
        rules = rules_by_locality.get(candidate)
        if not rules:
            continue
        by_category = {r.category: r for r in rules}
        specific = by_category.get(category) or by_category.get("*")
        intake = next((r for r in rules if r.intake), None)
        return Route(
            locality_used=candidate,
            department_code=specific.department_code if specific else None,
            intake_department_code=intake.department_code if intake else None,
        )
    return Route(locality_used=locality, department_code=None, intake_department_code=None)


def on_duty(session: Session, code: str) -> str | None:
    """The on-duty officer of a department (from the in-memory table)."""
    dept = cache.reference(session).departments.get(code)
    return dept.on_duty_username if dept is not None else None


def department_info(session: Session, code: str | None) -> cache.DepartmentInfo | None:
    """A department as the in-memory table has it (None when unknown)."""
    return cache.reference(session).departments.get(code) if code else None


def department_names(session: Session | Connection) -> dict[str, str]:
    """Code -> name of every department (from the in-memory table)."""
    return cache.reference(session).names
