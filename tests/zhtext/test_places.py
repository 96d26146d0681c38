"""Unit tests of the GB/T 2260 place resolver (zhtext.places): counties, towns, word boundaries."""

import csv
import re

import pytest

from zhtext.places import (
    EVERYDAY_TOWN_WORDS,
    TABLE_PATH,
    find_place_mentions,
    full_name,
    load_places,
    load_towns,
    place_by_code,
    place_names,
    resolve_place,
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("会宁县", "620422", "会宁县"),
        ("会宁", "620422", "会宁县"),
        ("我是会宁县郭城驿镇的", "620422", "会宁县"),
        ("白银市会宁县", "620422", "会宁县"),
        ("白银市", "620400", "白银市"),
        ("武威市", "620600", "武威市"),
        ("武威凉州区", "620602", "凉州区"),
        ("甘肃省", "620000", "甘肃省"),
        ("绩溪", "341824", "绩溪县"),
        ("宣城市", "341800", "宣城市"),
        ("安徽", "340000", "安徽省"),
        ("陕西省", "610000", "陕西省"),
        ("西安", "610100", "西安市"),
        ("兰州市城关区", "620102", "城关区"),
        ("拉萨城关区", "540102", "城关区"),
        ("铜陵市郊区", "340711", "郊区"),
        ("我老家会宁，现在在兰州打工", "620422", "会宁县"),
    ],
)
def test_known_places_resolve_to_their_code(text: str, code: str, name: str) -> None:
    match = resolve_place(text)
    assert match is not None
    assert (match.code, match.name, match.ambiguous) == (code, name, False)
    assert match.candidates == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("城关区", {"620102", "540102"}),
        ("朝阳区", {"110105", "220104"}),
        ("临夏", {"622900", "622901", "622921"}),
        ("白银", {"620400", "620402"}),
    ],
)
def test_shared_names_are_ambiguous_not_guessed(text: str, codes: set[str]) -> None:
    match = resolve_place(text)
    assert match is not None and match.ambiguous
    assert match.code == ""
    assert {code for code, _ in match.candidates} == codes


@pytest.mark.parametrize(
    "text", ["火星", "", "住在郊区", "生活安定", "我们要合作", "😀" * 50, "啊" * 20_000]
)
def test_unknown_places_give_none(text: str) -> None:
    assert resolve_place(text) is None


def test_wrong_types_give_none() -> None:
    assert resolve_place(None) is None  # type: ignore[arg-type]
    assert resolve_place(620422) is None  # type: ignore[arg-type]


def test_table_is_well_formed() -> None:
    with TABLE_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[1-8]\d{5}", code) for code in codes)
    # Every county-level row has its city and province in the table (municipality districts
    # hang directly below the province).
    known = set(codes)
    for code in codes:
        assert code[:2] + "0000" in known
        if not code.endswith("00") and code[:2] in {"34", "61", "62"}:
            assert code[:4] + "00" in known


def test_seed_codes_and_coverage() -> None:
    for code, name in [
        ("620422", "会宁县"),
        ("620400", "白银市"),
        ("620600", "武威市"),
        ("620602", "凉州区"),
        ("620000", "甘肃省"),
        ("341824", "绩溪县"),
        ("341800", "宣城市"),
        ("340000", "安徽省"),
        ("610000", "陕西省"),
    ]:
        place = place_by_code(code)
        assert place is not None and place.name == name
    places = load_places()
    counties = {p.code[:2]: 0 for p in places}
    for place in places:
        if place.level == 3:
            counties[place.code[:2]] += 1
    assert counties["62"] == 86
    assert counties["34"] == 104
    assert counties["61"] == 107
    assert sum(1 for p in places if p.level == 1) == 34


def test_place_names_are_longest_first() -> None:
    names = place_names()
    assert "会宁县" in names and "会宁" in names
    assert names.index("会宁县") < names.index("会宁")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("俺是商水县的", "411623"),  # a county outside the seeds' provinces: full name
        ("我是河南周口的", "411600"),  # a prefecture city by its short name
        ("郑州市中原区", "410102"),
    ],
)
def test_counties_of_the_whole_country_resolve_by_full_name(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


@pytest.mark.parametrize("text", ["女儿上高中", "我叫程永福，五十岁", "我叫杨建平", "朝阳路上"])
def test_short_forms_of_far_away_counties_are_not_read_into_words(text: str) -> None:
    assert resolve_place(text) is None


def test_same_named_districts_are_told_apart_by_their_full_names() -> None:
    match = resolve_place("长安区")
    assert match is not None and match.ambiguous
    assert sorted(full_name(code) for code, _ in match.candidates) == [
        "河北省石家庄市长安区",
        "陕西省西安市长安区",
    ]


def test_the_nlu_data_uses_the_curated_names_only() -> None:
    curated = place_names(curated_only=True)
    assert "会宁县" in curated and "商水县" not in curated
    assert "商水县" in place_names()


# ------------------------------------------------------------------ towns (乡镇, 街道)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("家朋乡", "341824"),
        ("荆州乡的", "341824"),  # 绩溪县, not 湖北荆州市
        ("大靖镇", "620622"),
        ("哈溪镇", "620623"),
        ("抓喜秀龙镇", "620623"),
        ("新添堡回族乡", "620422"),
        ("新添堡乡", "620422"),  # said without the people of the 民族乡
        ("扬溪镇某村去年修的水泥路", "341824"),
    ],
)
def test_a_town_by_its_full_name_gives_its_county(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and not match.ambiguous
    assert match.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("大靖的", "620622"),
        ("我是大靖的初三学生", "620622"),
        ("哦呀 我是哈溪的 老汉二十天前走了", "620623"),
        ("抓喜秀龙的", "620623"),
        ("太平店的", "620422"),
        ("海子滩的", "620622"),
        ("蔡家坡的", "610323"),
        ("老君坡的", "620422"),
        ("住在华藏寺", "620623"),
        ("华藏寺这边雪大", "620623"),
        ("我现在在哈溪", "620623"),
        ("大靖人", "620622"),
        ("我们大靖镇上", "620622"),
        ("大靖乡里", "620622"),
    ],
)
def test_a_town_by_its_short_name_counts_as_where_someone_lives(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


@pytest.mark.parametrize(
    "text",
    [
        "大靖",  # no word says it is a place
        "哈溪今年旱得很",
        "泗水的",  # 古浪县泗水镇 and 泗县泗水街道
        "城关镇的",  # in dozens of counties
        "靖的",  # one character
    ],
)
def test_a_short_name_without_a_place_word_or_shared_gives_nothing(text: str) -> None:
    assert resolve_place(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("俺是会宁太平店的五保户", "620422"),
        ("岐山蔡家坡的", "610323"),
        ("古浪泗水的", "620622"),  # 泗水 alone is two towns; 古浪 says which
        ("会宁县大靖镇的", "620422"),  # the county named wins over a town elsewhere
        ("武威大靖的", "620622"),  # the city contains the town: the town's county
        ("河南周口大靖镇的", "411600"),  # a city elsewhere: no 甘肃 town of that name
    ],
)
def test_a_county_named_beside_a_town_wins(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


def test_same_named_towns_are_asked_about_with_their_counties() -> None:
    match = resolve_place("长安镇的")
    assert match is not None and match.ambiguous
    assert {code for code, _ in match.candidates} == {"341824", "610926", "620702"}
    narrowed = resolve_place("宣城长安镇的")
    assert narrowed is not None and narrowed.code == "341824"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "我家朋乡的 一个人住老房子 屋顶漏雨后墙裂开一条缝 下大雨都不敢睡 "
            "这个房子政府能不能帮着修一修",
            "341824",
        ),
        (
            "前天晚上暴雨 山上的水冲下来 一楼全进水了 灶台家具稻谷都泡了 厨房后墙塌了一角 "
            "荆州乡的 我们现在住在隔壁家 受灾了能有啥补助",
            "341824",
        ),
        (
            "上个礼拜下了一场大雪 冻死了二十多头牦牛四十多只羊 十几万的东西没了 "
            "我们一家就靠放牧 抓喜秀龙的 这个雪灾有没有补助",
            "620623",
        ),
        (
            "俺是会宁太平店的五保户 今年八十了 一个人过 上个月在院里绊了一跤 "
            "现在做饭挑水都难 听说能去敬老院 俺想去 咋个弄",
            "620422",
        ),
        (
            "我是大靖的初三学生 今年15 我爸去年在工地摔断了腿干不了重活 我妈种地一个月也就七百来块",
            "620622",
        ),
        (
            "我掌柜的胃癌 去年做了手术又化疗 报完自己还掏了七万 他原来跑货车 "
            "现在啥也干不了 我打零工一个月一千 女子15上初三 岐山蔡家坡的 这账咋还啊",
            "610323",
        ),
        ("俺女子32了 精神分裂 一级精神残疾证 古浪泗水的 有没有能托管照护的地方", "620622"),
        (
            "哦呀 我是哈溪的 老汉二十天前走了 前头看病后头办事 借了一万二的账 "
            "我一个人种两亩青稞 一年也就一千来块 这个账咋还呀 有没有能帮一把的",
            "620623",
        ),
        (
            "儿子17 再障 就是再生障碍性贫血 半个月就得去输一回血 今年报完自己还掏了两万六 "
            "他还在上高二 我做保洁一个月一千 我们家是低保户 绩溪县城的 还能再给点医疗救助吗",
            "341824",
        ),
    ],
)
def test_first_messages_of_citizens_give_their_county(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


# ------------------------------------------------------------------ names inside other words


@pytest.mark.parametrize(
    "text",
    [
        "前天晚上暴雨 山上的水冲下来",  # 雨山区 (马鞍山) across a space
        "前天晚上暴雨山上的水冲下来",  # and inside 暴雨 + 山上
        "我和县里反映过好几次",  # 和县
        "当时说会转到镇上和县民政局",
        "我想和政府说说",  # 和政县
        "他们知道县里没钱",  # 道县
        "俺老汉中风了",  # 汉中
        "一年的收成都没了",  # 成都
        "一名中年男子长期露宿",  # 子长
        "医保定点药店",  # 保定
        "东西藏起来了",  # 西藏
        "住在城区",  # 城区 of five cities, and an everyday word
    ],
)
def test_names_inside_other_words_are_no_places(text: str) -> None:
    assert resolve_place(text) is None
    assert find_place_mentions(text) == [] or text == "住在城区"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("会宁的", "620422"),
        ("我来西安找活", "610100"),
        ("在兰州打工", "620100"),
        ("白银会宁", "620422"),
        ("甘肃 会宁", "620422"),  # a space ends a word, not a name
        ("我是原宝鸡某国营厂的职工", "610300"),
        ("其为河南籍外来务工人员", "410000"),
        ("请问安徽对困难群众有哪些帮扶政策", "340000"),
        ("俺娃初中毕业上了民勤职专", "620621"),
        ("住在和县", "340523"),
        ("我是和县的", "340523"),
    ],
)
def test_two_character_names_next_to_a_place_word_are_read(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


# ------------------------------------------------------------------ the stop list


@pytest.mark.parametrize("word", sorted(EVERYDAY_TOWN_WORDS))
def test_the_stop_list_words_are_no_towns(word: str) -> None:
    assert resolve_place(f"我是{word}的") is None
    assert resolve_place(f"在{word}") is None
    assert all(town.short_name != word for town in load_towns())


@pytest.mark.parametrize(
    "text",
    [
        "这家店是新开的",  # 新开 (新开乡)
        "我们家发的低保卡",  # 家发 (家发镇)
        "在岔口等了半天",  # 岔口 (岔口乡)
        "我在木厂上班",  # 木厂 (木厂乡)
        "我是种田的",  # 种田: a dictionary word
        "洪水的时候房子塌了",  # 洪水
        "补贴发放的时间",  # 发放
        "我们三口人",  # 三口: a number
        "我是张家的媳妇",  # surname + 家
        "在上坝那边放羊",  # side + landform
    ],
)
def test_everyday_words_that_are_also_town_names_give_nothing(text: str) -> None:
    assert resolve_place(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "我一个人住老房子，屋顶漏雨后墙裂开一条缝",
        "老伴前年走了，儿子在外地打工，一年回来一次",
        "家里四口人，我和老婆、两个娃，一个月收入两千",
        "今年天旱得很 地里的玉米都没出全 村里那条路修了一半又停了",
        "我腰椎不好，干不了重活，老公一个月挣600块，能吃低保吗",
        "娃在县城上高中，学费一年两千，住校",
        "上个礼拜下了一场大雪，羊冻死了十几只",
        "医生说要做手术，先准备五万",
        "我们这边山大沟深，出门全靠走",
        "新开的超市在路口那边",
        "他说是张新的房子",
    ],
)
def test_ordinary_sentences_name_no_place(text: str) -> None:
    assert resolve_place(text) is None


def test_the_town_table_is_well_formed() -> None:
    towns = load_towns()
    assert len(towns) == 4216
    counties = {place.code for place in load_places()}
    assert all(town.county in counties for town in towns)
    assert {town.county[:2] for town in towns} == {"34", "61", "62"}
    assert all(re.search(r"(?:镇|乡|街道)$", town.name) for town in towns)
    assert not any(
        re.search(r"开发区|工业园|园区|管委会|农场|林场|煤电公司|建材厂|监狱", town.name)
        for town in towns
    )
    shorts = [town.short_name for town in towns if town.short_name]
    assert len(shorts) == len(set(shorts))
    assert all(len(short) >= 2 for short in shorts)
    assert all(not town.short_name for town in towns if town.name.endswith("街道"))
    names = set(place_names())
    assert not names & set(shorts)  # no short name is a county's or a city's


@pytest.mark.parametrize(("text", "code"), [("云南镇雄的", "530627"), ("江西于都的", "360731")])
def test_a_far_county_by_its_stem_right_after_its_province(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


def test_a_far_countys_stem_yields_to_another_county_named() -> None:
    match = resolve_place("我是四川宣汉的，在西安长安区工地上干活")
    assert match is not None and match.code == "610116"
    assert resolve_place("镇雄的") is None  # no province before it: not read
