"""Dated, per-locality parameters (OpenFisca style) with prefix fallback.

Each file ``parameters/<code>.yaml`` holds ``parameters: {name: {values: {date: {value, source,
provisional?, basis?, document?}}}}``; ``document`` names the seed a figure comes from (see
``policies.documents``), so that a figure of one place is used elsewhere only as 「参照」.
A parameter is looked up along the chain county -> city -> province -> national default
(``000000``); within a file the value in force on ``as_of`` is the one with the latest date not
after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policies.documents import DOCUMENTS
from policies.errors import ParameterError

PARAMETER_DIR = Path(__file__).with_name("parameters")
NATIONAL = "000000"
LOCALITY_PATTERN = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class ParameterValue:
    name: str
    value: Any
    effective_from: str
    source: str
    provisional: bool
    basis: str | None
    locality: str  # the file it came from
    document: str | None = None  # the seed document the figure comes from, if any

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": self.value,
            "effective_from": self.effective_from,
            "source": self.source,
            "from": self.locality,
            "provisional": self.provisional,
        }
        if self.basis:
            data["basis"] = self.basis
        if self.document:
            data["document"] = self.document
        return data


@dataclass(frozen=True)
class LocalityFile:
    code: str
    name: str
    level: str
    parameters: dict[str, dict[str, Any]]


def fallback_chain(code: str) -> list[str]:
    """County 620422 -> [620422, 620400, 620000, 000000]; duplicates removed."""
    chain = [code, code[:4] + "00", code[:2] + "0000", NATIONAL]
    seen: list[str] = []
    for item in chain:
        if item not in seen:
            seen.append(item)
    return seen


def _parse_file(path: Path) -> LocalityFile:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not isinstance(data.get("parameters", {}), dict):
        raise ParameterError(f"malformed parameter file {path.name}")
    code = str(data.get("locality", path.stem))
    if code != path.stem:
        raise ParameterError(f"{path.name}: locality {code} does not match the file name")
    parameters: dict[str, dict[str, Any]] = {}
    for name, spec in (data.get("parameters") or {}).items():
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(values, dict) or not values:
            raise ParameterError(f"{path.name}: parameter {name} has no dated values")
        for date_key, entry in values.items():
            dt.date.fromisoformat(str(date_key))
            if not isinstance(entry, dict) or "value" not in entry or not entry.get("source"):
                raise ParameterError(f"{path.name}: {name}@{date_key} needs value and source")
            if entry.get("provisional") and not entry.get("basis"):
                raise ParameterError(f"{path.name}: provisional {name}@{date_key} needs a basis")
            if entry.get("document") and entry["document"] not in DOCUMENTS:
                raise ParameterError(f"{path.name}: {name}@{date_key} names an unknown document")
        parameters[name] = {str(k): v for k, v in values.items()}
    return LocalityFile(
        code=code,
        name=str(data.get("name", code)),
        level=str(data.get("level", "")),
        parameters=parameters,
    )


@functools.lru_cache(maxsize=1)
def locality_files() -> dict[str, LocalityFile]:
    files = {path.stem: _parse_file(path) for path in sorted(PARAMETER_DIR.glob("*.yaml"))}
    if NATIONAL not in files:
        raise ParameterError("the national default parameter file 000000.yaml is missing")
    return files


def _value_on(values: dict[str, dict[str, Any]], as_of: dt.date) -> tuple[str, dict[str, Any]]:
    dates = sorted(values)
    chosen = dates[0]  # before the first dated value: use the earliest known one
    for date_key in dates:
        if dt.date.fromisoformat(date_key) <= as_of:
            chosen = date_key
    return chosen, values[chosen]


@dataclass(frozen=True)
class ParameterSet:
    """All parameters in force for one locality on one date."""

    asked: str
    parameters_from: str  # the most specific code in the chain that has a file
    known_locality: bool  # the asked code itself has a file
    names: dict[str, str]  # code -> name, for the codes in the chain that have files
    values: dict[str, ParameterValue]

    def get(self, name: str) -> Any:
        try:
            return self.values[name].value
        except KeyError as exc:
            raise ParameterError(f"parameter {name} is not defined anywhere") from exc

    def entry(self, name: str) -> ParameterValue:
        return self.values[name]

    def provisional(self, name: str) -> bool:
        return self.values[name].provisional

    def place_name(self) -> str:
        return self.names.get(self.parameters_from, "")

    def origin(self, name: str) -> str:
        """Where a figure comes from, for reasons: 本地 / 白银市 / 全国参考."""
        locality = self.values[name].locality
        if locality == NATIONAL:
            return "全国参考"
        if locality == self.asked:
            return "本地"
        return self.names.get(locality, locality)


@functools.lru_cache(maxsize=4096)
def parameters_for(code: str, as_of: dt.date) -> ParameterSet:
    if not isinstance(code, str) or not LOCALITY_PATTERN.match(code):
        raise ValueError("locality must be 6 digits")
    files = locality_files()
    chain = [c for c in fallback_chain(code) if c in files]
    values: dict[str, ParameterValue] = {}
    for locality in chain:
        file = files[locality]
        for name, dated in file.parameters.items():
            if name in values:
                continue
            date_key, entry = _value_on(dated, as_of)
            values[name] = ParameterValue(
                name=name,
                value=entry["value"],
                effective_from=date_key,
                source=str(entry["source"]),
                provisional=bool(entry.get("provisional", False)),
                basis=entry.get("basis"),
                locality=locality,
                document=entry.get("document"),
            )
    return ParameterSet(
        asked=code,
        parameters_from=chain[0],
        known_locality=code in files,
        names={c: files[c].name for c in chain},
        values=values,
    )
