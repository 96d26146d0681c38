import logging

import pytest

from bot.actions.log_masking import PersonalDataFilter, install_log_masking


def test_filter_masks_message_and_args(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("bot.test.filter")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="bot.test.filter"):
        logger.info("citizen %s id %s", "13812345678", "620422198001011234")
    assert "13812345678" not in caplog.text
    assert "620422198001011234" not in caplog.text
    assert "138****5678" in caplog.text


def test_installed_masking_covers_every_logger(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking()
    with caplog.at_level(logging.INFO):
        logging.getLogger("rasa_sdk.somewhere").info("user said 我的电话是13900001111")
        logging.getLogger("some.library").warning("payload=%s", {"phone": "13900001111"})
    assert "13900001111" not in caplog.text
    assert caplog.text.count("139****1111") == 2


def test_exception_text_is_masked(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking()
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError("bad phone 13900002222")
        except ValueError:
            logging.getLogger("bot.test.exc").exception("failed")
    assert "13900002222" not in caplog.text
    assert "139****2222" in caplog.text
