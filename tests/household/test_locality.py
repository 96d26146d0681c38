"""The household's locality from a citizen's words: the places of other people and errands are
not the household's, and a place said in passing does not move a known locality."""

from __future__ import annotations

import pytest

from household.facts import (
    locality_from_answer,
    place_of_another,
    resolve_locality,
    said_as_home,
)

FIRST_MESSAGES = [
    (
        "我家朋乡的 一个人住老房子 屋顶漏雨后墙裂开一条缝 下大雨都不敢睡 "
        "囡在杭州做保姆一个月寄三百块给我 这个房子政府能不能帮着修一修",
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
    ("俺是会宁太平店的五保户", "620422"),
    ("我是大靖的初三学生", "620622"),
    ("岐山蔡家坡的", "610323"),
    ("古浪泗水的", "620622"),
    ("哦呀 我是哈溪的 老汉二十天前走了", "620623"),
    (
        "儿子17 再障 就是再生障碍性贫血 半个月就得去输一回血 今年报完自己还掏了两万六 "
        "他还在上高二 我做保洁一个月一千 我们家是低保户 绩溪县城的 还能再给点医疗救助吗",
        "341824",
    ),
    (
        "娃他爸在新疆打工 一个月往回寄两千 我在家带两个娃 大的15上初三 小的12上五年级 "
        "都住校 古浪黄花滩的 听说住校的娃有生活补助 咋申请",
        "620622",
    ),
    (
        "我刚查出来宫颈癌 要去兰州做手术 医生说先准备五万 家里根本拿不出来 "
        "凉州永昌镇的 有没有啥救助",
        "620602",
    ),
]


@pytest.mark.parametrize(("text", "code"), FIRST_MESSAGES)
def test_first_messages_give_the_households_county(text: str, code: str) -> None:
    assert resolve_locality(text) == (code, [])


@pytest.mark.parametrize(
    "text",
    [
        "囡在杭州做保姆一个月寄三百块给我",
        "儿子在汉中开出租",
        "儿子在新疆打工",
        "医生说最好去上海做骨髓移植",
        "父母在宁波打工",
        "我儿子在西安上大学",
        "闺女嫁到兰州了",
        "儿子今年三十，在兰州打工",  # the clause before says whose
        "2口人，我、孩子。医生说最好去上海做骨髓移植",
        "要去兰州做手术",
        "就我跟老汉两个人 儿子在兰州不回来",
        "我两个孙子 爹娘离婚了都在广东打工 一分钱不寄回来",  # the grandchildren's parents
        "原来在浙江打工 我爸查出来胃癌我就回来了",  # where one worked before
    ],
)
def test_a_place_of_another_person_or_an_errand_is_not_the_households(text: str) -> None:
    assert resolve_locality(text) == (None, [])


def test_the_nlus_place_of_another_person_is_no_hint() -> None:
    assert resolve_locality("儿子在汉中开出租", "610700", "汉中") == (None, [])
    assert place_of_another("儿子在汉中开出租", "汉中")
    assert not place_of_another("我在汉中开出租", "汉中")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("我一个人在西安，老婆娃在宣汉老家", "610100"),
        ("我和老伴在会宁住", "620422"),
        ("我带娃在兰州看病", "620100"),  # the household together
        ("俺娃初中毕业上了民勤职专", "620621"),  # a school below university is at home
        ("我是四川宣汉的，在西安长安区工地上干活", "610116"),
        ("我今年60了，在会宁住", "620422"),
        ("我在会宁县城打零工 家里三口人", "620422"),
        ("我在西安打工 家里在会宁 三口人", "620422"),  # the household's place, not the work's
        ("我在合肥上大学 老家是绩溪的 家里困难", "341824"),
        # hurt at work in the city, now back home in the county said by its stem
        ("我在西安工地上从架子上摔下来了 腰和腿都断了 现在回丹凤屋里躺着 娃还上学", "611022"),
        ("我在西安跑外卖叫车撞了 腿骨折了 现在回永寿屋里养着 我爸妈种地也挣不下啥", "610426"),
        ("永寿", "610426"),  # the stem alone, to the question where one lives
        # stranded where one came to work: that place, not the one come from
        (
            "我是江西来绩溪工地上干活的 工地停了 身上就剩几块钱 这几天晚上都睡在汽车站 想回家又没路费",
            "341824",
        ),
    ],
)
def test_the_speakers_own_place_is_kept(text: str, code: str) -> None:
    assert resolve_locality(text)[0] == code


@pytest.mark.parametrize(
    "text",
    [
        "我一个人在兰州",
        "我现在住在兰州",
        "我是会宁的",
        "我们古浪这边",
        "住在华藏寺",
        "俺是会宁太平店的五保户",
    ],
)
def test_a_place_said_as_where_the_speaker_lives(text: str) -> None:
    assert said_as_home(text)


@pytest.mark.parametrize(
    "text",
    [
        "3口人 会宁县的",
        "医生说最好去上海做骨髓移植",
        "2口人，我、孩子。",
        "儿子在兰州打工一个月三千",
        "兰州的医院说治不了",
        "我去年在兰州住院",
        "吃饭穿衣都得我管 他爸在兰州工地上 一个月两千来块",
        "要交啥材料不 我们人在兰州回不去",
        "我人还在上海",
        "我现在在兰州陪孩子看病",
    ],
)
def test_a_place_said_in_passing_is_not_where_the_speaker_lives(text: str) -> None:
    assert not said_as_home(text)


def test_a_later_answer_moves_a_known_locality_only_when_said_as_home() -> None:
    answer = "2口人，我、孩子。医生说最好去上海做骨髓移植"
    code, _ = resolve_locality(answer, "310000", "上海")
    assert code is None
    assert locality_from_answer("341824", code, answer) == "341824"
    # even a place that got through stays out unless said as where the speaker lives
    assert locality_from_answer("341824", "310000", "2口人 上海那边的专家说要移植") == "341824"
    assert locality_from_answer("341824", "620100", "我现在住在兰州") == "620100"
    # a place inside the known one refines it; one around it keeps it
    assert locality_from_answer("620400", "620422", "3口人 会宁县的") == "620422"
    assert locality_from_answer("610116", "610100", "我一个人在西安") == "610116"
    # nothing known yet: the place is taken
    assert locality_from_answer(None, "620422", "3口人 会宁县的") == "620422"
    assert locality_from_answer("620422", None, "3口人") == "620422"


@pytest.mark.parametrize(
    "text",
    [
        "家里四口人，我和老婆、两个娃，一个月收入两千",
        "老伴前年走了，一个人过",
        "我腰椎不好，干不了重活，老公一个月挣600块",
        "前天晚上暴雨 山上的水冲下来 一楼全进水了",
        "没有存款，也没有车",
        "娃在县城上高中，学费一年两千",
    ],
)
def test_answers_without_a_place_give_no_locality(text: str) -> None:
    assert resolve_locality(text) == (None, [])


def test_a_long_message_full_of_places_is_read_in_linear_time() -> None:
    import time

    started = time.perf_counter()
    assert resolve_locality("我是会宁县的" * 1600) == ("620422", [])
    assert resolve_locality("儿子在兰州 " * 1500) == (None, [])
    assert not said_as_home("儿子在兰州 " * 1500)
    assert time.perf_counter() - started < 10  # was minutes when every place read the whole text


def test_of_two_places_of_one_name_the_one_in_the_provinces_served_is_meant() -> None:
    assert resolve_locality("厂子改制下岗了 新城区的") == ("610102", [])
    code, candidates = resolve_locality("长安镇的")  # 绩溪, 平利 and 甘州 all served: ask
    assert code is None and len(candidates) == 3


def test_a_place_wished_back_to_is_not_where_a_stranded_teenager_is() -> None:
    text = "我17 跟家里吵架跑出来的 到银川想找个活干 钱也花完了 在南门汽车站待了两个晚上 想回会宁 车票钱都没有"
    assert resolve_locality(text, "620422", "会宁") == ("640100", [])


def test_the_askers_work_away_from_the_household_is_no_locality() -> None:
    text = "我妈住院了 在绩溪县医院 家里好像挺困难的 我在杭州上班 不太清楚家里情况 想问问能申请什么"
    assert resolve_locality(text)[0] is None  # asked, not 杭州


@pytest.mark.parametrize(
    ("text", "code"),
    [("威宁县", "520526"), ("贵州威宁", "520526"), ("巴里坤县", "650521"), ("天祝县", "620623")],
)
def test_an_autonomous_county_is_known_by_its_name_without_its_peoples(
    text: str, code: str
) -> None:
    assert resolve_locality(text) == (code, [])
