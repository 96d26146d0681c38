"""Build `towns.csv` (the 乡镇/街道 of 甘肃, 安徽 and 陕西) from china-division's `streets.csv`.

    .venv/bin/python zhtext/data/build_towns.py path/to/china-division/dist/streets.csv

The source and the rules are described in `zhtext/data/README.md`. Each row is a town's full
name, its short name (the name without 镇/乡/街道, left empty when it must not be read on its
own) and the GB/T 2260 code of the county it lies in.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import jieba

from zhtext.places import (
    EVERYDAY_TOWN_WORDS,
    TOWN_SUFFIX_RE,
    TOWNS_PATH,
    load_places,
)

PROVINCES = ("62", "34", "61")
# Rows of the statistical list that are no 乡镇 or 街道: development zones, industrial parks,
# management committees, state farms and forest farms, companies, prisons, scenic areas.
TOWN_RE = re.compile(r"(?:镇|乡|街道)$")
NOT_A_PLACE_RE = re.compile(r"开发区|工业园|产业园|园区|管理委员会|管委会")
# Short names that glue to the words around them in ordinary speech.
NUMERALS = "一二三四五六七八九十"
MEASURES = "十百千亩间条顷里个口户块斤头只张"  # 四亩地, 九间房, 三口: amounts, not places
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤左庞阎包关伏巨洪齐"
)
# A surname and one of these is any village's name (王庄, 李集, 张寨), not one town's.
SETTLEMENT = "家村庄集店寨湾桥楼营屯圩岗坪河沟坝堡铺院湖疃郢畈塬岔台墩园"
# The commonest surnames and one character are also people's names (张新的房子, 李兴的娃).
NAME_SURNAMES = SURNAMES[:20]
# So is a side or a size and a landform (上坝, 东湾, 大滩, 新庄, 小关).
GENERIC = "上下东西南北中大小前后新老"
LANDFORM = SETTLEMENT + "滩川峪峡岭坡梁塘池井泉洞坪山水寺庙关市场镇口头里石洼"
WORD_FREQUENCY = {2: 20, 3: 100}  # jieba's count from which a short name is an everyday word


def dictionary_words() -> dict[str, int]:
    with jieba.get_dict_file() as handle:
        lines = handle.read().decode("utf-8").splitlines()
    words: dict[str, int] = {}
    for line in lines:
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            words[parts[0]] = int(parts[1])
    return words


def county_names() -> set[str]:
    """Every name of the county table and the stems of the county and city names."""
    names: set[str] = set()
    for place in load_places():
        names |= {place.name, place.short_name}
        stem = re.sub(r"(?:自治县|自治州|地区|盟|县|区|市|州|旗)$", "", place.name)
        if len(stem) >= 2:
            names.add(stem)
    return names - {""}


def everyday(stem: str, words: dict[str, int]) -> bool:
    threshold = WORD_FREQUENCY[min(len(stem), 3)]
    if words.get(stem, 0) >= threshold or stem in EVERYDAY_TOWN_WORDS:
        return True
    if len(stem) == 2 and (
        stem[0] in NUMERALS
        or stem[0] in NAME_SURNAMES
        or (stem[0] in SURNAMES and stem[1] in SETTLEMENT)
        or (stem[0] in GENERIC and stem[1] in LANDFORM)
    ):
        return True
    return stem[0] in NUMERALS and stem[1] in MEASURES


def build(source: Path) -> list[dict[str, str]]:
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["provinceCode"] in PROVINCES]
    towns = [r for r in rows if TOWN_RE.search(r["name"]) and not NOT_A_PLACE_RE.search(r["name"])]
    counties = {place.code for place in load_places()}
    stems = Counter(TOWN_SUFFIX_RE.sub("", r["name"]) for r in towns)
    known = county_names()
    words = dictionary_words()
    table = []
    for row in sorted(towns, key=lambda r: r["code"]):
        name = row["name"]
        stem = TOWN_SUFFIX_RE.sub("", name)
        usable = (
            not name.endswith("街道")
            and len(stem) >= 2
            and stems[stem] == 1
            and stem not in known
            and not everyday(stem, words)
        )
        # A development zone of the statistical list is no GB/T 2260 county: its city then.
        county = row["areaCode"] if row["areaCode"] in counties else row["areaCode"][:4] + "00"
        table.append({"name": name, "short_name": stem if usable else "", "county": county})
    return table


def main() -> None:
    table = build(Path(sys.argv[1]))
    with TOWNS_PATH.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "short_name", "county"])
        writer.writeheader()
        writer.writerows(table)
    print(f"{len(table)} towns, {sum(1 for t in table if t['short_name'])} short names")


if __name__ == "__main__":
    main()
