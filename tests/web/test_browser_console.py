"""Headless Chromium through the console and the dashboard (ticket API only, no assistant):
an operator files a 12345 call and finds it in the queue; the county 民政局 accepts and transfers
it to 医保局, which accepts and replies; the supervisor dashboard counts it and lists it."""

from __future__ import annotations

import re

from tests.web.browser import act, log_in, log_out, new_page, screenshot

CALL = "来电人反映：家住会宁县，母亲72岁患尿毒症长期透析，医药费负担重，想申请医疗救助。电话13922223333"


def test_operator_files_handlers_accept_transfer_reply_supervisor_sees_it(browser, web) -> None:
    page = new_page(browser, web.url)
    log_in(page, "operator")

    # 12345 intake: the assistant is down here, so the form says so and is filled by hand.
    page.goto("/operator/intake")
    page.fill("#intake-parse textarea[name=text]", CALL)
    page.click("#intake-parse button[type=submit]")
    assert page.locator("#nlu-down").is_visible()
    assert page.input_value("input[name=locality]") == "620422"
    page.select_option("select[name=category]", "request_medical")
    screenshot(page, "console-intake")
    with page.expect_navigation():
        page.click("#file-button")
    number = page.inner_text("#ticket-number")
    assert re.fullmatch(r"12345-\d{8}-\d{6}", number)
    assert "已派单待签收" in page.inner_text("#ticket-status")
    assert page.inner_text("#ticket-department") == "会宁县医疗保障局"  # routed by category

    # The operator finds it in the queue with the category filter.
    page.goto("/operator")
    page.select_option("#queue-filters select[name=category]", "request_medical")
    with page.expect_navigation():
        page.click("#queue-filters button[type=submit]")
    assert page.locator(f"#queue-table a:has-text('{number}')").count() == 1
    screenshot(page, "console-queue")
    # Transfer it to 民政局 from the operator's console.
    page.click(f"#queue-table a:has-text('{number}')")
    act(page, "transfer", department="620422-minzheng", note="涉及低保认定，转民政局")
    assert page.inner_text("#ticket-department") == "会宁县民政局"
    log_out(page)

    # 民政局 accepts, then transfers to 医保局 (the medical bills are theirs).
    log_in(page, "minzheng")
    page.goto("/operator?mine=1")
    page.click(f"#queue-table a:has-text('{number}')")
    act(page, "accept")
    assert "办理中" in page.inner_text("#ticket-status")
    act(page, "transfer", department="620422-yibao", note="医疗费用报销由医保局办理")
    # No longer the department's order: back to its queue, where it is gone.
    assert "工单已转出" in page.inner_text("#queue-notice")
    assert page.locator(f"#queue-table a:has-text('{number}')").count() == 0
    log_out(page)

    # 医保局 accepts and replies to the citizen.
    log_in(page, "yibao")
    page.goto("/operator")
    page.click(f"#queue-table a:has-text('{number}')")
    act(page, "accept")
    act(page, "reply", note="已联系家属，符合医疗救助条件，已指导提交申请材料。")
    assert "已答复待回访" in page.inner_text("#ticket-status")
    # The history keeps every step; the first responder's own steps are highlighted.
    history = page.inner_text("#history")
    for step in ("受理", "派单", "转办", "签收", "答复办结"):
        assert step in history
    assert page.locator("#history li.first-responder").count() >= 2  # create + dispatch/transfer
    screenshot(page, "console-ticket")
    log_out(page)

    # The supervisor's dashboard counts it and drills down to it.
    log_in(page, "supervisor")
    page.goto("/supervisor")
    assert int(page.inner_text("#kpi-total")) >= 1
    assert "医疗救助" in page.inner_text("#volume-category")
    page.wait_for_function("document.querySelector('#chart-trend').width > 0")
    screenshot(page, "dashboard")
    page.click("#volume-category a:has-text('医疗救助')")
    assert page.locator(f"#queue-table a:has-text('{number}')").count() == 1


def test_pages_fit_a_phone(browser, web) -> None:
    page = new_page(browser, web.url, mobile=True)
    page.goto("/chat/lookup")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the lookup page scrolls sideways on a phone ({width}px)"
    log_in(page, "operator")
    page.goto("/operator/intake")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-intake")
