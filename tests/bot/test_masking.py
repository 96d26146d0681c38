import logging

import pytest

from bot.actions.masking import (
    PersonalDataFilter,
    install_log_masking,
    mask_personal_data,
    mask_phone,
)


@pytest.mark.parametrize(
    ("raw", "hidden", "kept"),
    [
        ("电话13812345678请回电", "13812345678", "138****5678"),
        ("号码 +86 138-1234-5678", "1234", "5678"),
        ("身份证620422198001011234", "620422198001011234", "1234"),
        ("身份证62042219800101123X。", "62042219800101123X", "123X"),
        ("座机0943-5221234", "5221234", "1234"),
    ],
)
def test_mask_personal_data_hides_the_middle(raw: str, hidden: str, kept: str) -> None:
    masked = mask_personal_data(raw)
    assert hidden not in masked
    assert kept in masked


def test_mask_leaves_other_numbers_alone() -> None:
    text = "工单号 12345-20261123-000042，3口人，月收入600元"
    assert mask_personal_data(text) == text


def test_mask_phone_for_display() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) == ""


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
