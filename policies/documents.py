"""The documents the rules rest on: the five seeds and the national rules, with where and when
each one is the rule of the place asked about.

A seed document is *local* for a locality whose code starts with its scope, on a date inside its
period and, for the plans written for 城镇 only, for an urban household. Anywhere else a rule taken
from it is *borrowed*: it is cited as 「参照」 and cannot by itself make a program likely. National
rules apply everywhere. Documents are cited by title and 文号 (never by file name).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from policies.tri import Tri

Clause = tuple[str, str]  # (document key, clause)


@dataclass(frozen=True)
class Document:
    title: str  # as cited: title and 文号 where the document prints one
    short: str  # for reasons: 「参照{short}」
    scope: str | None  # locality-code prefix where it is the local rule; "" national; None nowhere
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    urban_only: bool = False  # a plan for 城镇 困难群众 only


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


DOCUMENTS: dict[str, Document] = {
    # --- the five seed documents -------------------------------------------------------------
    "huining_2022": Document(
        "会宁县城镇困难群众脱困解困行动方案（2022年-2023年）",
        "会宁县城镇困难群众脱困解困行动方案（2022年-2023年）",
        "620422",
        _d("2022-01-01"),
        _d("2023-12-31"),
        urban_only=True,
    ),
    # An Anhui city's plan (the 「情满江淮」 brand); it names no city, so it is local nowhere.
    "anhui_jianghuai_plan": Document(
        "巩固拓展脱贫攻坚兜底保障成果进一步做好困难群众基本生活保障工作实施方案",
        "安徽省某市巩固拓展脱贫攻坚兜底保障成果实施方案",
        None,
    ),
    "shaanxi_2021": Document(
        "陕西省民政厅2021年加强城镇困难群众救助帮扶十项措施（陕民发〔2021〕21号）",
        "陕民发〔2021〕21号（2021年措施）",
        "61",
        _d("2021-01-01"),
        _d("2021-12-31"),
        urban_only=True,
    ),
    "jixi_2021": Document(
        "绩溪县改革完善社会救助制度实施方案（绩办〔2021〕27号）",
        "绩溪县实施方案（绩办〔2021〕27号）",
        "341824",
        _d("2021-11-05"),
    ),
    "wuwei_2023": Document(
        "关于加强低收入人口动态监测做好分层分类社会救助工作的实施意见（武政办发〔2023〕78号）",
        "武威市实施意见（武政办发〔2023〕78号）",
        "6206",
        _d("2023-12-29"),
    ),
    # --- national rules (where their text came from: docs/policies.md) -------------------------
    "relief_measures": Document(
        "社会救助暂行办法（国务院令第649号，国务院令第709号修订）", "社会救助暂行办法", ""
    ),
    "tekun_rules": Document(
        "民政部《特困人员认定办法》（民发〔2021〕43号）", "特困人员认定办法", ""
    ),
    "low_income_opinion_2023": Document(
        "国务院办公厅转发民政部等单位《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》"
        "（国办发〔2023〕39号）",
        "国办发〔2023〕39号",
        "",
    ),
    "rigid_rules_2024": Document(
        "民政部《刚性支出困难家庭认定办法》（2024年10月24日印发）", "刚性支出困难家庭认定办法", ""
    ),
    "compulsory_education_law": Document("中华人民共和国义务教育法", "义务教育法", ""),
    "labour_law": Document("中华人民共和国劳动法", "劳动法", ""),
    "civil_code": Document("中华人民共和国民法典", "民法典", ""),
    "employment_promotion_law": Document("中华人民共和国就业促进法", "就业促进法", ""),
    "legal_aid_law": Document("中华人民共和国法律援助法", "法律援助法", ""),
    "disability_subsidies_2015": Document(
        "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见（国发〔2015〕52号）",
        "国发〔2015〕52号",
        "",
    ),
    "de_facto_orphans_2019": Document(
        "民政部等12部门《关于进一步加强事实无人抚养儿童保障工作的意见》（民发〔2019〕62号）",
        "民发〔2019〕62号",
        "",
    ),
    "vagrant_rules": Document(
        "城市生活无着的流浪乞讨人员救助管理办法（国务院令第381号）",
        "流浪乞讨人员救助管理办法",
        "",
    ),
    "pension_2014": Document(
        "国务院关于建立统一的城乡居民基本养老保险制度的意见（国发〔2014〕8号）",
        "国发〔2014〕8号",
        "",
    ),
}

SEEDS = ("huining_2022", "anhui_jianghuai_plan", "shaanxi_2021", "jixi_2021", "wuwei_2023")


def applies(key: str, locality: str, as_of: dt.date, area: str | None) -> Tri:
    """Is the document the rule of this place on this date? None where only the area decides."""
    return _applies(key, locality, as_of, area)


@functools.lru_cache(maxsize=8192)
def _applies(key: str, locality: str, as_of: dt.date, area: str | None) -> Tri:
    doc = DOCUMENTS[key]
    if doc.scope is None or not locality.startswith(doc.scope):
        return False
    if doc.valid_from is not None and as_of < doc.valid_from:
        return False
    if doc.valid_until is not None and as_of > doc.valid_until:
        return False
    if doc.urban_only and area != "urban":
        return None if area is None else False
    return True


def national(key: str) -> bool:
    return DOCUMENTS[key].scope == ""


def why_borrowed(key: str, locality: str, as_of: dt.date, area: str | None) -> str:
    """Why a seed does not apply here: 外地文件, 实施期已过, 尚未印发, 城镇方案."""
    doc = DOCUMENTS[key]
    if doc.scope is None or not locality.startswith(doc.scope):
        return "外地文件"
    if doc.valid_from is not None and as_of < doc.valid_from:
        return "当时尚未印发"
    if doc.valid_until is not None and as_of > doc.valid_until:
        return f"实施期至{doc.valid_until.year}年底已过"
    if doc.urban_only and area != "urban":
        return "城镇方案" if area == "rural" else "城镇方案，城乡未明"
    return ""


def citations(
    clauses: list[Clause], locality: str, as_of: dt.date, area: str | None
) -> list[dict[str, object]]:
    """The clauses as contract citations: local and national rules first, then borrowed ones,
    each borrowed one marked ``borrowed: true`` with 「参照」 and why in its clause."""
    return [dict(c) for c in _citations(tuple(clauses), locality, as_of, area)]


@functools.lru_cache(maxsize=4096)
def _citations(
    clauses: tuple[Clause, ...], locality: str, as_of: dt.date, area: str | None
) -> tuple[dict[str, object], ...]:
    own: list[dict[str, object]] = []
    borrowed: list[dict[str, object]] = []
    for key, clause in dict.fromkeys(clauses):
        doc = DOCUMENTS[key]
        if applies(key, locality, as_of, area) is True:
            own.append({"document": doc.title, "clause": clause, "borrowed": False})
        else:
            why = why_borrowed(key, locality, as_of, area)
            borrowed.append(
                {"document": doc.title, "clause": f"{clause}（参照：{why}）", "borrowed": True}
            )
    return tuple(own + borrowed)
