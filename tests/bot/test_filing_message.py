"""What the citizen is told when the order is filed: who answers for it."""

from __future__ import annotations

import pytest

from bot.actions.filing import _result_from_ticket, filing_message, serves_locality


class NoNames:
    def department_names(self) -> dict[str, str]:
        return {}


@pytest.mark.parametrize(
    ("department", "locality", "serves"),
    [
        ("620422-minzheng", "620422", True),  # the county itself
        ("620600-minzheng", "620602", True),  # its city
        ("610000-minzheng", "610112", True),  # its province
        ("620422-minzheng", "620602", False),  # another county of the same province
        ("620422-minzheng", "610112", False),  # another province: the hotline's default
        (None, "610112", True),
    ],
)
def test_a_department_serves_its_county_city_and_province(department, locality, serves) -> None:
    assert serves_locality(department, locality) is serves


def test_a_citizen_elsewhere_is_not_told_a_far_county_answers() -> None:
    ticket = {
        "number": "12345-20261128-000001",
        "locality": "610112",
        "department": "620422-minzheng",
        "department_name": "会宁县民政局",
    }
    said = filing_message(_result_from_ticket("k", ticket, NoNames()))  # type: ignore[arg-type]
    assert "会宁县民政局" not in said and "所在地的相关部门" in said
    ticket["locality"] = "620422"
    said = filing_message(_result_from_ticket("k", ticket, NoNames()))  # type: ignore[arg-type]
    assert "首问负责部门：会宁县民政局" in said
