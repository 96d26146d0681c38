"""Headless Chromium against the real system (ticket API + Rasa + action server + trained model):
a citizen's conversation on the chat page files a work order; the hotline and the county
departments handle it in the console; a 100-row 12345 export is imported twice; the supervisor
dashboard counts the citizen's order."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.e2e.servers import ROOT, System, build_system, ensure_model
from tests.web.browser import act, log_in, log_out, new_page, screenshot
from tests.web.rows import export_csv, export_rows
from tests.web.servers import PEOPLE, output_dir, seed_people

NUMBER = re.compile(r"12345-\d{8}-\d{6}")
PHONE = "13912345678"


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    if not (ROOT / "bot" / "domain.yml").exists():
        pytest.fail("bot/domain.yml is missing: the assistant is not there to test")
    ensure_model()
    system = build_system(tmp_path_factory.mktemp("websystem"))
    # The pages call Rasa's NLU server-side, and the chat page's browser reaches Rasa's
    # socket.io channel from the API's origin.
    system.env["RASA_URL"] = system.rasa_url
    system.env["RASA_PUBLIC_URL"] = system.rasa_url
    system.processes["rasa"].args += ["--cors", system.api_url]
    try:
        for name in ("api", "actions", "rasa"):
            system.start(name)
        # Not the assistant: its password is the generated one the action server reads.
        seed_people(system.env, {k: v for k, v in PEOPLE.items() if k != "assistant"})
        yield system
    finally:
        for process in system.processes.values():
            process.stop()
        shutil.rmtree(system.data_dir, ignore_errors=True)


def bot_texts(page: Page) -> list[str]:
    return page.locator("#webchat .rw-response").all_inner_texts()


def wait_for_reply(page: Page, seen: int, timeout: float = 60) -> list[str]:
    """Wait until the bot said something new, every new message shows its text, and nothing
    changed for 1.5 s (the widget shows messages one after another)."""
    deadline = time.monotonic() + timeout
    last: list[str] = []
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        texts = bot_texts(page)
        if texts != last:
            last, stable_since = texts, time.monotonic()
        elif (
            len(texts) > seen
            and all(t.strip() for t in texts[seen:])
            and time.monotonic() - stable_since > 1.5
        ):
            return texts[seen:]
        page.wait_for_timeout(200)
    raise AssertionError(
        f"the assistant did not answer over socket.io; it said: {bot_texts(page)[-3:]} "
        "(python-socketio must stay at 5.9.0 for Rasa 3.6's session rooms: RasaHQ/rasa#13027)"
    )


def send(page: Page, text: str) -> list[str]:
    seen = len(bot_texts(page))
    page.fill("#webchat .rw-new-message", text)
    page.press("#webchat .rw-new-message", "Enter")
    return wait_for_reply(page, seen)


def answer_for(said: list[str]) -> str:
    """A citizen who knows little: the phone when asked, 50 for an age, yes to filing."""
    spoken = [text for text in said if text.strip()]
    question = spoken[-1] if spoken else ""
    if "确认提交" in " ".join(spoken):
        return "确认"
    if "电话" in question or "手机" in question:
        return PHONE
    if "多大" in question or "年纪" in question:
        return "50"
    if "提交" in question or "登记" in question:
        return "是的"
    return "不知道"


def test_citizen_chat_files_an_order_the_console_handles_it_the_dashboard_counts_it(
    browser, system: System
) -> None:
    citizen = new_page(browser, system.api_url, mobile=True)
    citizen.goto("/chat")
    number = None
    try:
        first = wait_for_reply(citizen, 0)
        assert any("12345" in text for text in first), first
        said = send(citizen, "我家住会宁县，三口人，丈夫瘫痪，每月收入800元，想申请低保")
        said = send(citizen, "同意")
        for _ in range(30):
            found = NUMBER.search(" ".join(said))
            if found:
                number = found.group(0)
                break
            said = send(citizen, answer_for(said))
    finally:
        screenshot(citizen, "chat")
    assert number, "the conversation did not file a work order"

    # The citizen looks it up by number and the last four digits of the phone.
    citizen.goto(f"/chat/lookup?number={number}&phone_last4={PHONE[-4:]}")
    assert "已受理" in citizen.inner_text("#lookup-result")

    page = new_page(browser, system.api_url)
    log_in(page, "operator")
    page.goto("/operator?category=request_dibao")
    page.click(f"#queue-table a:has-text('{number}')")
    assert "网上咨询" in page.inner_text("main")
    assert "139****5678" in page.inner_text("main") and PHONE not in page.content()
    act(page, "dispatch")
    assert page.inner_text("#ticket-department") == "会宁县民政局"
    log_out(page)

    log_in(page, "minzheng")
    page.goto("/operator?mine=1")
    page.click(f"#queue-table a:has-text('{number}')")
    act(page, "accept")
    act(page, "transfer", department="620422-window", note="请乡镇救助窗口入户核查")
    log_out(page)
    # The assistant's order names 民政局's on-duty officer as first responder: they still see it.

    log_in(page, "supervisor")
    page.goto("/operator?status=all&category=request_dibao")
    page.click(f"#queue-table a:has-text('{number}')")
    act(page, "accept")
    act(page, "reply", note="已入户核查，符合低保条件，已受理低保申请。")
    assert "已答复待回访" in page.inner_text("#ticket-status")
    screenshot(page, "system-ticket")

    page.goto("/supervisor")
    assert int(page.inner_text("#kpi-total")) >= 1
    assert "申请低保" in page.inner_text("#volume-category")
    page.wait_for_function("document.querySelector('#chart-trend').width > 0")
    screenshot(page, "system-dashboard")
    page.click("#volume-category a:has-text('申请低保')")
    assert page.locator(f"#queue-table a:has-text('{number}')").count() == 1


def run_import(page: Page, path) -> dict[str, int]:
    page.goto("/operator/import")
    page.set_input_files("#import-upload input[type=file]", str(path))
    with page.expect_navigation():
        page.click("#import-upload button[type=submit]")
    assert "共 100 行" in page.inner_text("#import-mapping")
    assert page.input_value("select[name=map-text]") == "3"
    page.click("#import-start")
    page.wait_for_selector("#import-summary[data-done='1']", timeout=300_000)
    outcomes = page.locator("#import-results tbody tr").evaluate_all(
        "rows => rows.map(r => r.className.replace('row-', ''))"
    )
    assert len(outcomes) == 100  # one result per row, none lost
    return {kind: outcomes.count(kind) for kind in ("filed", "duplicate", "error")}


def test_bulk_import_of_100_rows_twice(browser, system: System) -> None:
    path = output_dir() / "export-100.csv"
    path.write_bytes(export_csv(100))
    page = new_page(browser, system.api_url)
    log_in(page, "operator")
    first = run_import(page, path)
    screenshot(page, "import")
    rows = export_rows(100)[1:]
    assert first["error"] == 1  # row 60 has no text
    assert first["duplicate"] >= 3  # rows 41-43 repeat rows 1-3
    assert first["filed"] + first["duplicate"] == 99
    error_row = page.locator("#import-results tbody tr.row-error td").nth(0).inner_text()
    assert error_row == "60" and not rows[59][3]

    page.goto("/operator?status=all")
    total_after_first = int(page.inner_text("#queue-total"))
    second = run_import(page, path)
    assert second == {"filed": 0, "duplicate": 99, "error": 1}
    page.goto("/operator?status=all")
    assert int(page.inner_text("#queue-total")) == total_after_first


def test_on_a_phone_the_chat_has_short_bubbles_buttons_and_a_copyable_number(
    browser, system: System
) -> None:
    """A 390-px screen: quick replies for consent, yes/no and filing; no bubble taller than the
    chat area; the estimate in several short bubbles; the order number with a copy button."""
    page = new_page(browser, system.api_url, mobile=True)
    page.goto("/chat")
    try:
        wait_for_reply(page, 0)
        said = send(page, "我是会宁县城里的，家里三口人，我下岗了没有收入，想问问能不能办低保")
        area = page.locator("#webchat .rw-messages-container").bounding_box()
        assert area is not None
        consent = page.locator("#webchat .rw-reply", has_text="同意")
        assert consent.count() >= 1, "no 同意 button under the privacy notice"
        seen = len(bot_texts(page))
        consent.first.click()
        said = wait_for_reply(page, seen)
        tapped = 0
        number = None
        for _ in range(30):
            found = NUMBER.search(" ".join(said))
            if found:
                number = found.group(0)
                break
            buttons = page.locator("#webchat .rw-reply")
            wanted = next(
                (
                    title
                    for title in ("确认提交", "提交工单", "没有", "不知道")
                    if buttons.filter(has_text=title).count()
                ),
                None,
            )
            seen = len(bot_texts(page))
            if wanted and "手机" not in said[-1]:
                buttons.filter(has_text=wanted).last.click()
                tapped += 1
                said = wait_for_reply(page, seen)
            else:
                said = send(page, answer_for(said))
        assert number, "the conversation did not file a work order"
        assert tapped >= 2, "the citizen could not answer by tapping"
        heights = [
            box["height"]
            for box in (b.bounding_box() for b in page.locator("#webchat .rw-response").all())
            if box
        ]
        assert max(heights) <= area["height"], (max(heights), area["height"])
        copy = page.locator("#webchat .copy-number")
        assert copy.count() >= 1 and "复制工单号" in copy.last.inner_text()
    finally:
        screenshot(page, "chat-phone")
