"""Headless Chromium through issue 15 (ticket API + pages; a stand-in NLU where the intake and
the import need one): the 转人工 list and taking an order, the audited reveal, 协办 asked by the
lead department and answered, queue search, the intake household form beside the estimate with
its open questions, the import's rows, and the dashboard of a seeded day against a plain count."""

from __future__ import annotations

import csv
import itertools
import re
from datetime import datetime, timedelta

import httpx

from api.core.timeutil import SHANGHAI, utcnow
from tests.web.browser import act, log_in, log_out, new_page, screenshot
from tests.web.servers import api_client, file_order, output_dir

_keys = itertools.count(1)
_phones = itertools.count(1)
HANDOFF = (
    "【转人工】市民要求转人工。\n\n对话记录：\n市民：/greet\n助手：您好！这里是12345。\n"
    "市民：我家的低保停了三个月了，想找人问问\n市民：/request_human"
)
CALL = (
    "来电人反映：家住会宁县河畔镇，丈夫去年因车祸瘫痪在床，两个孩子在读小学，家里没有收入，"
    "医疗费已花费6万余元，希望得到救助。电话13912345678"
)


def phone() -> str:
    return f"1381{next(_phones):07d}"


def api(server, username: str) -> httpx.Client:
    return api_client(server, username)


def file(client: httpx.Client, **body) -> dict:
    return file_order(
        client, f"browser-{next(_keys)}", body.pop("contact_phone", None) or phone(), **body
    )


def fits_a_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px)"


def test_a_handoff_is_taken_the_phone_revealed_and_assistance_asked(browser, web) -> None:
    secret = phone()
    handoff = file(
        api(web, "assistant"),
        text=HANDOFF,
        category="request_dibao",
        handoff=True,
        contact_phone=secret,
    )
    page = new_page(browser, web.url)
    log_in(page, "operator")
    row = page.locator(f"#handoff-table tr[data-ticket='{handoff['id']}']")
    assert "我家的低保停了三个月了" in row.inner_text()
    assert secret[:3] + "****" + secret[-4:] in row.inner_text()
    assert re.search(r"\d+分钟", row.locator("td.age").inner_text())
    screenshot(page, "staff-queue-handoff")
    with page.expect_navigation():
        row.locator("button:has-text('接手')").click()
    assert "已接手" in page.inner_text("main")
    # The transcript is text, the button payloads are words.
    transcript = page.inner_text("#transcript")
    assert "（点选：转人工）" in transcript and "/request_human" not in transcript
    assert secret not in page.content()
    # 查看完整号码: a reason, then the number (tel: link), and an audited event.
    page.click("#reveal summary")
    page.select_option("#reveal select[name=reason]", "转人工回电")
    with page.expect_navigation():
        page.click("#reveal button[type=submit]")
    assert page.inner_text("#revealed-phones") == secret
    assert page.locator(f"a[href='tel:{secret}']").count() == 1
    screenshot(page, "staff-reveal")
    page.goto(f"/operator/tickets/{handoff['id']}")
    history = page.inner_text("#history")
    assert "查看联系电话" in history and "转人工回电" in history and secret not in page.content()
    act(page, "dispatch")  # to 民政局 by the route
    log_out(page)

    log_in(page, "minzheng")
    page.goto(f"/operator/tickets/{handoff['id']}")
    act(page, "accept")
    # The department lists are the county's only, unless asked.
    box = page.locator("details.action[data-action='add_assisting']")
    box.locator("summary").click()
    options = box.locator("select[name=departments] option").all_inner_texts()
    assert "会宁县医疗保障局" in options and not any("绩溪" in o for o in options)
    box.locator("select[name=departments]").select_option(["620422-yibao"])
    box.locator("textarea[name=note]").fill("请核实丈夫住院费用的报销情况")
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert "会宁县医疗保障局" in page.inner_text("#ticket-assisting")
    assert "待反馈" in page.inner_text("#assist-parts")
    log_out(page)

    log_in(page, "yibao")
    page.goto(f"/operator/tickets/{handoff['id']}")
    assert "请核实丈夫住院费用的报销情况" in page.inner_text("#assist-parts")
    page.fill("#assist-reply-form textarea[name=note]", "已报销4万元，自付2万元")
    with page.expect_navigation():
        page.click("#assist-reply-form button[type=submit]")
    assert "已报销4万元，自付2万元" in page.inner_text("#assist-parts")
    screenshot(page, "staff-assist")

    phone_page = new_page(browser, web.url, mobile=True)
    log_in(phone_page, "operator")
    fits_a_phone(phone_page)
    phone_page.goto(f"/operator/tickets/{handoff['id']}")
    fits_a_phone(phone_page)
    screenshot(phone_page, "phone-ticket")


def test_the_queue_is_searched_by_number_phone_and_words(browser, web) -> None:
    given = phone()
    order = file(
        api(web, "assistant"),
        contact_phone=given,
        text="独居老人屋顶漏雨，想申请危房改造",
        category="request_housing",
    )
    page = new_page(browser, web.url)
    log_in(page, "operator")
    for query in (order["number"].replace("-", ""), given[-4:], "屋顶漏雨"):
        page.fill("#queue-q", query)
        with page.expect_navigation():
            page.click("#queue-search button[type=submit]")
        table = page.inner_text("#queue-table")
        assert order["number"] in table, query
    assert "独居老人屋顶漏雨" in page.inner_text("#queue-table")  # the preview
    screenshot(page, "staff-search")


def test_the_intake_shows_the_household_as_a_form_beside_the_estimate(browser, web_nlu) -> None:
    page = new_page(browser, web_nlu.url)
    log_in(page, "operator")
    page.goto("/operator/intake")
    page.fill("#intake-parse textarea[name=text]", CALL)
    with page.expect_navigation():
        page.click("#intake-parse button[type=submit]")
    members = page.locator("fieldset.hh-member")
    assert page.input_value("select[name=m1_relation]") == "spouse"
    assert page.is_checked("input[name=m1_illness]")
    assert page.input_value("select[name=m1_self_care]") == "total_loss"
    for i in (2, 3):
        assert page.input_value(f"select[name=m{i}_relation]") == "child"
        assert page.input_value(f"select[name=m{i}_school_stage]") == "primary"
    assert members.count() >= 5  # four people and room to add one
    assert page.input_value("input[name=hh_medical_out_of_pocket]") == "60000"
    assert page.input_value("select[name=ev0_type]") == "traffic_accident"
    assert page.input_value("input[name=ev0_loss]") == ""
    assert page.input_value("select[name=category]") != ""
    # The estimate is beside the form on a laptop.
    form_box = page.locator("#household-form").bounding_box()
    estimate_box = page.locator("#estimate").bounding_box()
    assert estimate_box["x"] > form_box["x"] + form_box["width"] - 5
    assert estimate_box["y"] < form_box["y"] + form_box["height"]
    screenshot(page, "staff-intake-form")
    questions = page.locator("input[name=question]")
    assert questions.count() >= 2
    answered = questions.nth(0).get_attribute("value")
    kept = questions.nth(1).get_attribute("value")
    questions.nth(0).uncheck()
    page.fill("input[name=m0_age]", "41")
    page.click("#re-estimate")
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=m0_age]") == "41"  # nothing lost on 重新测算
    page.select_option("select[name=category]", "request_temporary")
    with page.expect_navigation():
        page.click("#file-button")
    questions_kept = page.inner_text("#open-questions")
    assert kept in questions_kept and answered not in questions_kept
    facts = page.inner_text("#household-facts")
    assert "60,000元" in facts and "配偶" in facts and "上小学" in facts
    screenshot(page, "staff-intake-filed")
    phone_page = new_page(browser, web_nlu.url, mobile=True)
    log_in(phone_page, "operator")
    phone_page.goto("/operator/intake")
    phone_page.fill("#intake-parse textarea[name=text]", CALL)
    with phone_page.expect_navigation():
        phone_page.click("#intake-parse button[type=submit]")
    fits_a_phone(phone_page)
    screenshot(phone_page, "phone-intake-form")


def test_the_import_shows_each_rows_category_department_and_urgency(browser, web_nlu) -> None:
    called = (utcnow() - timedelta(days=1)).astimezone(SHANGHAI)
    path = output_dir() / "import-issue15.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["来电时间", "来电号码", "诉求内容", "所属区域"],
                [f"{called:%Y-%m-%d %H:%M}", phone(), "家里三口人想申请低保", "会宁县"],
                [f"{called:%Y-%m-%d %H:%M}", "6612345", "孩子学费交不起", "会宁县"],
                [
                    f"{called:%Y-%m-%d %H:%M}",
                    phone(),
                    "流浪老人在桥下，天气寒冷，请求救助",
                    "会宁县",
                ],
            ]
        )
    page = new_page(browser, web_nlu.url)
    log_in(page, "operator")
    page.goto("/operator/import")
    page.set_input_files("#import-upload input[type=file]", str(path))
    with page.expect_navigation():
        page.click("#import-upload button[type=submit]")
    page.click("#import-start")
    page.wait_for_selector("#import-summary[data-done='1']")
    rows = page.locator("#import-results tbody tr")
    first = rows.nth(0).inner_text()
    assert "最低生活保障" in first and "会宁县民政局" in first and "已派单待签收" in first
    assert f"{called:%Y-%m-%d %H:%M}" in first
    assert "区号" in rows.nth(1).inner_text() and "row-error" in rows.nth(1).get_attribute("class")
    assert "紧急" in rows.nth(2).inner_text()
    screenshot(page, "staff-import")


def test_the_dashboard_of_a_seeded_day_matches_a_plain_count(browser, web) -> None:
    """Orders called in on one day no other test uses, taken through different ends; the
    dashboard's figures for that day equal a count over the orders' own deadlines."""
    day = (utcnow() - timedelta(days=45)).astimezone(SHANGHAI).date()
    operator, supervisor = api(web, "operator"), api(web, "supervisor")
    handlers = {"620422-minzheng": api(web, "minzheng"), "620422-yibao": api(web, "yibao")}
    seeded = []
    plan = [
        ("request_dibao", "closed", "satisfied", True),
        ("request_dibao", "closed", "basically", True),
        ("request_dibao", "replied", None, None),
        ("request_medical", "closed", "unsatisfied", False),
        ("request_medical", "in_progress", None, None),
        ("request_dibao", "registered", None, None),
    ]
    for i, (category, until, satisfaction, resolved) in enumerate(plan):
        at = f"{day.isoformat()}T{9 + i:02d}:15:00+08:00"
        order = file(
            operator,
            channel="phone",
            category=category,
            received_at=at,
            text=f"种子工单{i}：{category}",
        )
        tid = order["id"]
        if until != "registered":
            operator.post(f"/api/v1/tickets/{tid}/transitions", json={"action": "dispatch"})
            handler = handlers[operator.get(f"/api/v1/tickets/{tid}").json()["department"]]
            handler.post(f"/api/v1/tickets/{tid}/transitions", json={"action": "accept"})
        if until in ("replied", "closed"):
            handler.post(
                f"/api/v1/tickets/{tid}/transitions", json={"action": "reply", "note": "已答复"}
            )
        if until == "closed":
            operator.post(
                f"/api/v1/tickets/{tid}/transitions",
                json={"action": "callback", "satisfaction": satisfaction, "resolved": resolved},
            )
            if satisfaction != "unsatisfied":
                operator.post(f"/api/v1/tickets/{tid}/transitions", json={"action": "close"})
        seeded.append(supervisor.get(f"/api/v1/tickets/{tid}").json())
    now = utcnow()

    def counted(step: str, orders: list[dict]) -> tuple[int, int]:
        good = n = 0
        for order in orders:
            for d in order["deadline_details"]:
                if d["step"] != step or d["state"] == "cancelled":
                    continue
                due = datetime.fromisoformat(d["due_at"].replace("Z", "+00:00"))
                late_open = d["state"] == "open" and not d["paused"] and due < now
                if d["state"] in ("met", "breached") or late_open:
                    n += 1
                    good += d["state"] == "met"
        return good, n

    page = new_page(browser, web.url)
    log_in(page, "supervisor")
    page.goto(f"/supervisor?from={day.isoformat()}&to={day.isoformat()}")
    assert int(page.inner_text("#kpi-total")) == len(seeded)
    for step in ("dispatch", "accept", "close"):
        good, n = counted(step, seeded)
        assert page.inner_text(f"#n-{step}").startswith(f"{good}/{n} "), step
    callbacks = [o for o in seeded if o["satisfaction"]]
    satisfied = sum(o["satisfaction"] in ("satisfied", "basically") for o in callbacks)
    assert page.inner_text("#n-satisfaction").startswith(f"{satisfied}/{len(callbacks)} ")
    resolved = sum(o["resolved"] is True for o in callbacks)
    assert page.inner_text("#n-resolution").startswith(f"{resolved}/{len(callbacks)} ")
    # Per department: the ranking's n and rates are the same count per department.
    for code, name in (("620422-minzheng", "会宁县民政局"), ("620422-yibao", "会宁县医疗保障局")):
        mine = [o for o in seeded if o["department"] == code and o["status"] != "registered"]
        row = page.locator(f"#ranking-table tr[data-department='{code}']").inner_text()
        assert name in row
        good, n = counted("close", mine)
        expected = f"{good / n * 100:.1f}%" if n else "—"
        assert f"{expected} n={n}" in row.replace("\t", " "), (code, row)
    # 按地区 by name, and the CSV is what is on screen.
    assert "甘肃省白银市会宁县" in page.inner_text("#volume-locality")
    with page.expect_download() as download:
        page.click("#csv-export")
    text = download.value.path().read_text(encoding="utf-8-sig")
    exported = list(csv.DictReader(text.splitlines()))
    assert sorted(r["工单号"] for r in exported) == sorted(o["number"] for o in seeded)
    assert all(r["诉求内容"].startswith("种子工单") for r in exported)
    screenshot(page, "staff-dashboard-seeded-day")
    phone_page = new_page(browser, web.url, mobile=True)
    log_in(phone_page, "supervisor")
    phone_page.goto(f"/supervisor?from={day.isoformat()}&to={day.isoformat()}")
    fits_a_phone(phone_page)
