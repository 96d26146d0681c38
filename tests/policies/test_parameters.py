"""Dated per-locality parameters with prefix fallback, and the provisional-figure rules."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from policies import estimate
from policies.parameters import PARAMETER_DIR, fallback_chain, locality_files, parameters_for

SEED_LOCALITIES = {
    "620422": "会宁县",
    "620400": "白银市",
    "620600": "武威市",
    "620000": "甘肃省",
    "341824": "绩溪县",
    "341800": "宣城市",
    "340000": "安徽省",
    "610000": "陕西省",
}
DAY = dt.date(2025, 1, 1)


def test_fallback_chain_goes_county_city_province_national():
    assert fallback_chain("620423") == ["620423", "620400", "620000", "000000"]
    assert fallback_chain("620400") == ["620400", "620000", "000000"]
    assert fallback_chain("620000") == ["620000", "000000"]


def test_every_seed_locality_has_a_file_with_its_name():
    files = locality_files()
    for code, name in SEED_LOCALITIES.items():
        assert files[code].name == name


@pytest.mark.parametrize(
    ("asked", "used"),
    [
        ("620422", "620422"),
        ("620423", "620400"),  # another county of 白银市
        ("620421", "620400"),
        ("620602", "620600"),  # a district of 武威市
        ("620100", "620000"),  # 兰州市: no file, the province's
        ("341824", "341824"),
        ("341802", "341800"),
        ("340100", "340000"),
        ("610113", "610000"),
        ("110101", "000000"),  # no file on the chain: national default
        ("999999", "000000"),
    ],
)
def test_parameters_from_names_the_code_used(asked, used):
    result = estimate({"locality": asked, "as_of": "2025-01-01", "members": [{"age": 40}]})
    assert result["locality"] == asked
    assert result["parameters_from"] == used


def test_unknown_code_says_it_fell_back_in_every_program():
    result = estimate({"locality": "110101", "members": [{"age": 40}]})
    for entry in result["programs"]:
        assert any("全国参考值" in reason for reason in entry["reasons"][:2])


def test_county_without_own_standard_uses_the_city_figure():
    county = parameters_for("620422", DAY)
    assert county.entry("dibao_urban_monthly").locality == "620400"
    assert county.entry("dibao_disabled_uplift").locality == "620422"
    assert county.get("dibao_urban_monthly") == parameters_for("620400", DAY).get(
        "dibao_urban_monthly"
    )


def test_jixi_taper_ceiling_is_twice_the_standard_and_elsewhere_none():
    assert parameters_for("341824", DAY).get("dibao_taper_income_ceiling_ratio") == 2
    # 绩溪's ceiling is 绩溪's: the rest of 安徽 has no seed that sets one (江淮 plan: no city)
    assert parameters_for("340100", DAY).get("dibao_taper_income_ceiling_ratio") is None
    assert parameters_for("620422", DAY).get("dibao_taper_income_ceiling_ratio") is None


def test_dated_values_select_by_as_of(tmp_path, monkeypatch):
    (tmp_path / "000000.yaml").write_text(
        yaml.safe_dump(
            {
                "locality": "000000",
                "parameters": {
                    "x": {
                        "values": {
                            "2023-01-01": {"value": 1, "source": "a"},
                            "2024-07-01": {"value": 2, "source": "b"},
                        }
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr("policies.parameters.PARAMETER_DIR", tmp_path)
    locality_files.cache_clear()
    parameters_for.cache_clear()
    try:
        assert parameters_for("620422", dt.date(2022, 5, 1)).get("x") == 1  # before: earliest
        assert parameters_for("620422", dt.date(2024, 6, 30)).get("x") == 1
        assert parameters_for("620422", dt.date(2024, 7, 1)).get("x") == 2
        assert parameters_for("620422", dt.date(2024, 7, 1)).entry("x").source == "b"
    finally:
        locality_files.cache_clear()
        parameters_for.cache_clear()


def test_every_value_has_a_source_and_every_provisional_one_a_basis():
    for path in PARAMETER_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["locality"] == path.stem
        for name, spec in data["parameters"].items():
            for date_key, entry in spec["values"].items():
                dt.date.fromisoformat(str(date_key))
                assert entry["source"], f"{path.name}:{name}"
                if entry.get("provisional"):
                    assert entry["basis"], f"{path.name}:{name}"


def test_every_yuan_standard_is_provisional_since_no_source_confirms_it():
    for path in PARAMETER_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in ("dibao_urban_monthly", "dibao_rural_monthly"):
            for entry in data["parameters"].get(name, {}).get("values", {}).values():
                assert entry["provisional"] is True


def test_result_standards_report_the_figure_and_that_it_is_provisional():
    result = estimate({"locality": "620422", "area": "rural", "members": [{"age": 40}]})
    standards = result["standards"]
    assert standards["dibao_area"] == "rural"
    assert standards["dibao_monthly_per_person"] == parameters_for("620422", dt.date.today()).get(
        "dibao_rural_monthly"
    )
    assert standards["provisional"] is True
    assert standards["basis"]
    assert standards["parameters"]["dibao_rural_monthly"]["from"] == "620400"


def test_department_names_follow_the_locality():
    def department(code: str, pid: str = "dibao") -> str:
        result = estimate({"locality": code, "members": [{"age": 40}]})
        return next(p for p in result["programs"] if p["id"] == pid)["department"]

    assert department("620422") == "会宁县民政局"
    assert department("341824", "medical") == "绩溪县医保局"
    assert department("620400") == "白银市民政局"
    assert department("620423") == "白银市所在县（区）民政局"
    assert department("110101") == "所在县（市、区）民政局"


def test_today_is_the_default_as_of_and_as_of_wins_over_it():
    facts = {"locality": "620422", "members": [{"age": 40}]}
    assert estimate(facts, today=dt.date(2023, 3, 1))["as_of"] == "2023-03-01"
    dated = {**facts, "as_of": "2024-02-02"}
    assert estimate(dated, today=dt.date(2023, 3, 1))["as_of"] == "2024-02-02"


def test_default_as_of_is_the_date_in_china():
    from policies.estimator import beijing_today

    result = estimate({"locality": "620422", "members": [{"age": 40}]})
    assert result["as_of"] == beijing_today().isoformat()
    utc_now = dt.datetime.now(dt.timezone.utc)
    assert (beijing_today() - utc_now.date()).days in (0, 1)
