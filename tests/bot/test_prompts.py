from bot.actions.prompts import caring_message


def test_caring_message_gives_the_24_hour_numbers() -> None:
    message = caring_message(["suicide"])
    for number in ("110", "120", "12345"):
        assert number in message
