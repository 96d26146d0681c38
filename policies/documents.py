"""The five seed policy documents, cited by title and 文号 (never by file name)."""

from __future__ import annotations

import functools

DOCUMENTS: dict[str, str] = {
    "huining_2022": "会宁县城镇困难群众脱困解困行动方案（2022年-2023年）",
    # An Anhui (江淮) city's plan; it names no city, so it is cited by its title only.
    "anhui_jianghuai_plan": (
        "巩固拓展脱贫攻坚兜底保障成果进一步做好困难群众基本生活保障工作实施方案"
    ),
    "shaanxi_2021": "陕西省民政厅2021年加强城镇困难群众救助帮扶十项措施（陕民发〔2021〕21号）",
    "jixi_2021": "绩溪县改革完善社会救助制度实施方案（绩办〔2021〕27号）",
    "wuwei_2023": (
        "关于加强低收入人口动态监测做好分层分类社会救助工作的实施意见（武政办发〔2023〕78号）"
    ),
}

Clause = tuple[str, str]  # (document key, clause)


def citations(clauses: list[Clause], applicable: tuple[str, ...]) -> list[dict[str, str]]:
    """Cite the clauses of the documents that apply to the locality, or all if none applies."""
    return [dict(c) for c in _citations(tuple(clauses), applicable)]


@functools.lru_cache(maxsize=1024)
def _citations(
    clauses: tuple[Clause, ...], applicable: tuple[str, ...]
) -> tuple[dict[str, str], ...]:
    local = [c for c in clauses if c[0] in applicable]
    chosen = local or list(clauses)
    return tuple({"document": DOCUMENTS[key], "clause": clause} for key, clause in chosen)
