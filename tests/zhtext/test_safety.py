import pytest

from zhtext.safety import detect_life_safety, urgency_of


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("我实在不想活了", "suicide"),
        ("有时候想轻生", "suicide"),
        ("家里已经断炊三天了", "no_food"),
        ("孩子们没饭吃了", "no_food"),
        ("现在露宿街头，晚上很冷", "exposure"),
        ("老人在外面冻饿交加", "exposure"),
        ("父亲急病住院，没钱抢救", "medical_emergency"),
        ("急病无钱医治", "medical_emergency"),
        ("长期遭受家暴", "domestic_violence"),
        ("我老公打我，打伤了", "domestic_violence"),
        ("我刚才喝了一瓶敌敌畏", "suicide"),
        ("吃了半瓶安眠药，头晕", "suicide"),
        ("活着也没什么意思了", "suicide"),
        ("人在天台上，欠的钱还不上，我受不了了", "suicide"),
        ("实在撑不下去了，现在就站在大桥上", "suicide"),
        ("我男人提着斧头追着要打我", "violence"),
        ("他说要杀了我，我和孩子躲在卫生间里不敢出来", "violence"),
        ("天太冷 晚上睡桥洞 要冻死了", "exposure"),
        ("快帮帮忙 屋里生着炉子 我媳妇跟娃头晕吐了 娃叫了半天叫不醒", "medical_emergency"),
        ("媳妇跟娃煤烟中毒了", "medical_emergency"),
        ("家里没粮 鸡都饿死了 娃也要饿死了", "exposure"),
        ("救命啊 我娃锁在车里了 钥匙也锁里面了 车停在太阳底下 在里面哭呢 咋办呀", "trapped"),
        ("孩子掉进河里了 快来人", "trapped"),
        ("房子着火了 我妈还在里面没出来", "trapped"),
        ("救命！我被关在厂里了", "trapped"),
    ],
)
def test_detects_each_signal(text: str, signal: str) -> None:
    assert signal in detect_life_safety(text)


@pytest.mark.parametrize(
    "text",
    [
        "我想申请低保，家里3口人",
        "孩子上学学费交不起",
        "住院花了两万，报销以后自付很多",
        "想问问临时救助怎么申请",
        "老伴失眠，每天吃安眠药",
        "买农药化肥的钱都拿不出来",
        "住在楼上，日子撑不下去了，想申请低保",
        "家里刀具都生锈了",
        # livestock and crops lost to snow or hunger: a disaster, not a person in danger
        "上个礼拜下了一场大雪 冻死了二十多头牦牛四十多只羊 十几万的东西没了",
        "雪灾羊都冻死了",
        "冻死了好几头牛",
        "前年煤气中毒住过院，现在看病花钱多",
        # a cry for help in a sum's name, keys locked in, a lift complaint, a past drowning
        "这是救命钱，被人骗走了",
        "我把钥匙锁在车里了",
        "上个星期一个老人被困在电梯里一个多小时，物业和维保公司都联系不上",
        "丈夫上个月溺水走了，留下我和儿子女儿，现在日子难",
        "",
    ],
)
def test_ordinary_requests_are_not_emergencies(text: str) -> None:
    assert detect_life_safety(text) == []


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("活不下去了，不想活了", "urgent"),
        ("家里断粮三天了", "urgent"),
        ("流浪老人在桥下，天气寒冷，请救助", "urgent"),
        ("救命，孩子在医院等着交钱", "urgent"),
        ("想问问低保怎么申请", "normal"),
        ("我很着急，低保什么时候能批下来", "normal"),
    ],
)
def test_urgency_is_one_list_for_chat_and_console(text: str, urgency: str) -> None:
    assert urgency_of(text) == urgency


def test_coal_burnt_for_winter_heat_is_no_suicide_signal() -> None:
    assert not detect_life_safety("冬天烧炭也得花钱 一个月一百多")
    assert detect_life_safety("我不想拖累孩子了 晚上关了门窗烧炭")


@pytest.mark.parametrize(
    "text",
    [
        "你好 想问一下 我要是没了 我女儿的低保找谁办 药我已经吃下去了 不要紧的",
        "等我不在了 这房子留给谁",
    ],
)
def test_arranging_things_for_after_ones_own_death_is_a_suicide_signal(text: str) -> None:
    assert "suicide" in detect_life_safety(text)


@pytest.mark.parametrize(
    "text",
    ["老伴走了以后我一个人过", "我老伴没了以后低保还能领吗", "降压药每天都吃", "他要是走了我咋办"],
)
def test_others_deaths_and_daily_pills_are_no_suicide_signal(text: str) -> None:
    assert "suicide" not in detect_life_safety(text)
