"""Every log line of the ticket service goes through structlog with phones and IDs masked."""

from __future__ import annotations

import io
import logging

import pytest

from api.core.logging import configure_logging, get_logger

PHONE = "13912345678"
ID_NUMBER = "62042219800101123X"


@pytest.fixture
def stream():
    buffer = io.StringIO()
    handler = configure_logging("INFO", stream=buffer)
    yield buffer
    logging.getLogger().removeHandler(handler)


def test_stdlib_records_are_masked(stream) -> None:
    logging.getLogger("api.tickets").warning("caller %s with ID %s", PHONE, ID_NUMBER)
    line = stream.getvalue()
    assert PHONE not in line and ID_NUMBER not in line
    assert "139****5678" in line and "620422********123X" in line
    assert "level='warning'" in line and "logger='api.tickets'" in line


def test_structlog_fields_and_uvicorn_access_lines_are_masked(stream) -> None:
    get_logger("api.web").info("lookup", phone=PHONE, people=[{"id": ID_NUMBER}])
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:5000",
        "GET",
        f"/chat/lookup?phone={PHONE}",
        "1.1",
        200,
    )
    text = stream.getvalue()
    assert PHONE not in text and ID_NUMBER not in text
    assert text.count("139****5678") == 2


def test_exception_tracebacks_are_masked(stream) -> None:
    try:
        raise ValueError(f"bad phone {PHONE}")
    except ValueError:
        logging.getLogger("api.core").exception("failed")
    text = stream.getvalue()
    assert "ValueError" in text and PHONE not in text


def test_a_traceback_moved_to_exc_text_is_kept_and_masked(stream) -> None:
    """Issue #12: a log-record factory that renders exc_info into exc_text (as the bot's masking
    factory does) must not cost the API its tracebacks."""
    previous = logging.getLogRecordFactory()

    def moving_factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        return record

    logging.setLogRecordFactory(moving_factory)
    try:
        try:
            raise RuntimeError(f"lookup of {PHONE} failed")
        except RuntimeError:
            logging.getLogger("api.tickets").exception("lookup failed")
    finally:
        logging.setLogRecordFactory(previous)
    text = stream.getvalue()
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text
    assert "test_a_traceback_moved_to_exc_text_is_kept_and_masked" in text
    assert PHONE not in text and "139****5678" in text
