import pytest

from bot.actions.safety import caring_message, detect_life_safety


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
        "",
    ],
)
def test_ordinary_requests_are_not_emergencies(text: str) -> None:
    assert detect_life_safety(text) == []


def test_caring_message_gives_the_24_hour_numbers() -> None:
    message = caring_message(["suicide"])
    for number in ("110", "120", "12345"):
        assert number in message
