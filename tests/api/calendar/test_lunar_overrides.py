"""The lunar-date holidays of the override table (春节, 端午, 中秋) are the right Gregorian days."""

import datetime as dt
from pathlib import Path

import yaml
from lunardate import LunarDate

from api.calendar.workdays import is_working_day

TABLE = Path(__file__).resolve().parents[3] / "api" / "calendar" / "holiday_overrides.yaml"


def _lunar_holidays(year: int) -> dict[dt.date, str]:
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days = {new_year - dt.timedelta(days=1): "春节"}  # 除夕
    days.update({new_year + dt.timedelta(days=i): "春节" for i in range(3)})
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    return days


def test_every_lunar_holiday_of_each_override_year_is_listed_and_is_a_rest_day() -> None:
    years = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["years"]
    for year, spec in years.items():
        listed = {entry["date"]: entry["name"] for entry in spec["holidays"]}
        for day, name in _lunar_holidays(int(year)).items():
            assert listed.get(day) == name, f"{year}: {day} {name} missing or misnamed"
            assert not is_working_day(day)


def test_no_lunar_named_holiday_is_listed_on_a_wrong_day() -> None:
    years = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["years"]
    for year, spec in years.items():
        expected = _lunar_holidays(int(year))
        for entry in spec["holidays"]:
            if entry["name"] in ("春节", "端午节", "中秋节"):
                assert expected.get(entry["date"]) == entry["name"], entry
