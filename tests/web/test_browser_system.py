"""Headless Chromium against the real system (ticket API + Rasa + action server + trained model):
a citizen's conversation on the chat page files a work order; the hotline and the county
departments handle it in the console; a 100-row 12345 export is imported twice; the supervisor
dashboard counts the citizen's order."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page

from household.needs import CATEGORY_ZH
from tests.e2e.servers import System
from tests.web.browser import act, log_in, log_out, new_page, screenshot
from tests.web.rows import export_csv, export_rows
from tests.web.servers import output_dir

NUMBER = re.compile(r"12345-\d{8}-\d{6}")
PHONE = "13912345678"


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


def chat_until_filed(page: Page, first: str) -> str:
    """The citizen's conversation from `first` until the assistant tells a work-order number."""
    said = send(page, first)
    said = send(page, "同意")
    for _ in range(30):
        found = NUMBER.search(" ".join(said))
        if found:
            return found.group(0)
        said = send(page, answer_for(said))
    raise AssertionError(f"the conversation did not file a work order: {said}")


def test_a_chat_order_is_dispatched_at_once_and_walks_the_closed_loop(
    browser, system: System
) -> None:
    """chat order -> dispatched at once -> 民政局 accepts, asks 协办, reveals the phone (audited),
    replies -> the operator calls back (回访) -> closed."""
    citizen = new_page(browser, system.api_url, mobile=True)
    citizen.goto("/chat")
    try:
        first = wait_for_reply(citizen, 0)
        assert any("12345" in text for text in first), first
        number = chat_until_filed(
            citizen, "我家住会宁县，三口人，丈夫瘫痪，每月收入800元，想申请低保"
        )
    finally:
        screenshot(citizen, "chat")

    # The citizen looks it up with the digits only (a phone keypad has no hyphen).
    citizen.goto(f"/chat/lookup?number={number.replace('-', '')}&phone_last4={PHONE[-4:]}")
    result = citizen.inner_text("#lookup-result")
    assert "已派单待签收" in result and "会宁县民政局" in result
    assert "答复期限" in citizen.inner_text("#expected-by")
    screenshot(citizen, "system-lookup")

    # Nobody dispatched it by hand: the assistant's confirmed need went to 民政局 at once.
    page = new_page(browser, system.api_url)
    log_in(page, "operator")
    page.fill("#queue-q", number)
    with page.expect_navigation():
        page.click("#queue-search button[type=submit]")
    page.click(f"#queue-table a:has-text('{number}')")
    assert "已派单待签收" in page.inner_text("#ticket-status")
    assert page.inner_text("#ticket-department") == "会宁县民政局"
    assert "自动派单" in page.inner_text("#history")
    assert "139****5678" in page.inner_text("main") and PHONE not in page.content()
    log_out(page)

    log_in(page, "minzheng")
    page.goto("/operator?mine=1")
    page.click(f"#queue-table a:has-text('{number}')")
    act(page, "accept")
    box = page.locator("details.action[data-action='add_assisting']")
    box.locator("summary").click()
    box.locator("select[name=departments]").select_option(["620422-yibao"])
    box.locator("textarea[name=note]").fill("请核实丈夫的医疗费用报销情况")
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert "会宁县医疗保障局" in page.inner_text("#ticket-assisting")
    page.click("#reveal summary")
    page.select_option("#reveal select[name=reason]", "联系市民核实情况")
    with page.expect_navigation():
        page.click("#reveal button[type=submit]")
    assert page.inner_text("#revealed-phones") == PHONE
    page.goto(page.url.split("/reveal")[0])
    act(page, "reply", note="已入户核查，符合低保条件，已受理低保申请。")
    assert "已答复待回访" in page.inner_text("#ticket-status")
    history = page.inner_text("#history")
    assert "查看联系电话" in history and "联系市民核实情况" in history
    screenshot(page, "system-ticket")
    log_out(page)

    log_in(page, "operator")
    page.goto("/operator?status=replied")
    page.click(f"#queue-table a:has-text('{number}')")
    box = page.locator("details.action[data-action='callback']")
    box.locator("summary").click()
    box.locator("input[name=satisfaction][value=satisfied]").check()
    box.locator("input[name=resolved][value=yes]").check()
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    act(page, "close")
    assert "已办结归档" in page.inner_text("#ticket-status")
    for step in ("受理", "派单", "签收", "增加协办", "查看联系电话", "答复办结", "回访", "归档"):
        assert step in page.inner_text("#history"), step
    screenshot(page, "system-closed")
    log_out(page)

    log_in(page, "supervisor")
    page.goto("/supervisor")
    assert int(page.inner_text("#kpi-total")) >= 1
    dibao = CATEGORY_ZH["request_dibao"]
    assert dibao in page.inner_text("#volume-category")
    page.wait_for_function("document.querySelector('#chart-trend').width > 0")
    screenshot(page, "system-dashboard")
    page.click(f"#volume-category a:has-text('{dibao}')")
    assert page.locator(f"#queue-table a:has-text('{number}')").count() == 1


def test_a_handoff_and_a_life_safety_chat_reach_the_queue_with_phone_and_urgency(
    browser, system: System
) -> None:
    handoff_phone, urgent_phone = "13912345601", "13912341111"
    asking = new_page(browser, system.api_url, mobile=True)
    asking.goto("/chat")
    wait_for_reply(asking, 0)
    send(asking, f"我电话{handoff_phone}，我想申请低保")
    said = send(asking, "转人工")
    handoff = NUMBER.search(" ".join(said))
    assert handoff, said
    screenshot(asking, "chat-handoff")

    danger = new_page(browser, system.api_url, mobile=True)
    danger.goto("/chat")
    wait_for_reply(danger, 0)
    said = send(danger, f"活不下去了，不想活了，我电话{urgent_phone}")
    urgent = NUMBER.search(" ".join(said))
    assert urgent, said
    assert any("110" in text for text in said)
    screenshot(danger, "chat-life-safety")

    page = new_page(browser, system.api_url)
    log_in(page, "operator")
    row = page.locator("#handoff-table tr", has_text=handoff.group(0))
    text = row.inner_text()
    assert handoff_phone[:3] + "****" + handoff_phone[-4:] in text and "一般" in text
    assert re.search(r"\d+分钟", text)
    # The life-safety order went to its department at once, urgent, with the phone.
    page.fill("#queue-q", urgent.group(0))
    with page.expect_navigation():
        page.click("#queue-search button[type=submit]")
    row = page.locator("#queue-table tr", has_text=urgent.group(0))
    assert "紧急" in row.inner_text()
    row.locator("a").first.click()
    status = page.inner_text("#ticket-status")
    assert "已派单待签收" in status and "生命安全" in status
    assert urgent_phone[:3] + "****" + urgent_phone[-4:] in page.inner_text("#ticket-phone")
    assert "紧急" in page.inner_text("main")
    screenshot(page, "system-life-safety")
    log_out(page)
    # The supervisor was told at once.
    log_in(page, "supervisor")
    page.goto("/operator/notifications")
    assert f"【紧急·涉及生命安全】工单 {urgent.group(0)}" in page.inner_text("main")


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
