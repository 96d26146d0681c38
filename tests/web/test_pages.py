"""The pages over HTTP against a live API (no browser): auth, CSRF, intake, actions, queue,
lookup, dashboard, import upload. Rasa is not running here: the intake must still work."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from tests.web.servers import PASSWORD, csrf_of, login, login_csrf

CHAT_TEXT = "家住会宁县，家中4口人，丈夫瘫痪在床，想申请低保。电话13912345678"


def logged_in(http: httpx.Client, username: str) -> str:
    response = login(http, username)
    assert response.status_code == 303, response.text
    return csrf_of(http.get("/operator").text)


def file_by_intake(http: httpx.Client, text: str = CHAT_TEXT, **fields: str) -> httpx.Response:
    page = http.post(
        "/operator/intake",
        data={"csrf": csrf_of(http.get("/operator/intake").text), "text": text[:200]},
    )
    assert page.status_code == 200
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text).group(1)
    data = {
        "csrf": csrf_of(page.text),
        "nonce": nonce,
        "text": text,
        "category": "request_dibao",
        "locality": "620422",
        "phone": "13912345678",
        "urgency": "normal",
        "department": "",
        "members": "2",
        "m0_age": "45",
        "m1_relation": "spouse",
        "dispatch_now": "on",
    }
    data.update(fields)
    return http.post("/operator/intake/file", data=data)


def ticket_id_of(response: httpx.Response) -> int:
    assert response.status_code == 303, response.text[:500]
    return int(re.search(r"/operator/tickets/(\d+)", response.headers["location"]).group(1))


def test_landing_and_chat_page_need_no_login(http: httpx.Client) -> None:
    landing = http.get("/")
    assert landing.status_code == 200
    for link in ('href="/chat"', 'href="/operator"', 'href="/supervisor"'):
        assert link in landing.text
    chat = http.get("/chat")
    assert chat.status_code == 200
    assert "隐私说明" in chat.text and 'href="/chat/lookup"' in chat.text
    assert "/static/vendor/rasa-webchat-1.0.1/lib/index.js" in chat.text
    assert 'data-socket-url="http://127.0.0.1:' in chat.text
    script = http.get("/static/chat.js").text
    assert 'socketPath: "/socket.io/"' in script and 'initPayload: "/greet"' in script
    assert 'customData: { language: "zh" }' in script


def test_staff_pages_redirect_to_login(http: httpx.Client) -> None:
    for path in ("/operator", "/operator/intake", "/operator/import", "/supervisor"):
        response = http.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_login_sets_a_strict_httponly_cookie_and_rejects_wrong_passwords(
    http: httpx.Client,
) -> None:
    wrong = login(http, "operator", "nope")
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    # No session (the refreshed form sets only its login-CSRF cookie).
    assert "hotline_session" not in " ".join(wrong.headers.get_list("set-cookie"))
    ok = login(http, "operator")
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert ok.headers["location"] == "/operator"


def test_login_never_redirects_off_site(http: httpx.Client) -> None:
    response = http.post(
        "/login",
        data={
            "username": "operator",
            "password": "web-test-password",
            "next": "//evil.example",
            "csrf": login_csrf(http),
        },
    )
    assert response.headers["location"] == "/operator"


def test_assistant_account_cannot_use_the_console(http: httpx.Client) -> None:
    token = http.post("/api/v1/auth/token", data={"username": "assistant", "password": PASSWORD})
    assert token.status_code == 200  # the account works for the API...
    assert login(http, "assistant", PASSWORD).status_code == 401  # ...not the pages


def test_post_without_csrf_token_is_refused_and_changes_nothing(http: httpx.Client) -> None:
    logged_in(http, "operator")
    before = http.get("/operator?status=all").text
    total = re.search(r'id="queue-total">(\d+)<', before).group(1)
    response = http.post("/operator/intake/file", data={"csrf": "0" * 40, "text": "x"})
    assert response.status_code == 403
    after = http.get("/operator?status=all").text
    assert re.search(r'id="queue-total">(\d+)<', after).group(1) == total


def test_intake_without_the_assistant_shows_a_notice_and_still_files(http: httpx.Client) -> None:
    logged_in(http, "operator")
    page = http.post(
        "/operator/intake",
        data={"csrf": csrf_of(http.get("/operator/intake").text), "text": CHAT_TEXT},
    )
    assert page.status_code == 200
    assert "智能助手暂时无法连接" in page.text
    # The place in the text is still resolved locally and the phone kept for the form.
    assert 'name="locality" value="620422"' in page.text
    response = file_by_intake(http)
    ticket_id = ticket_id_of(response)
    ticket = http.get(f"/operator/tickets/{ticket_id}").text
    assert "已派单待签收" in ticket
    assert "139****5678" in ticket and "13912345678" not in ticket
    assert "会宁县民政局" in ticket  # routed: 会宁 x 低保 -> 县民政局


def test_the_same_intake_form_submitted_twice_files_one_order(http: httpx.Client) -> None:
    logged_in(http, "operator")
    page = http.post(
        "/operator/intake",
        data={"csrf": csrf_of(http.get("/operator/intake").text), "text": "第二次提交测试"},
    )
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text).group(1)
    fields = {
        "csrf": csrf_of(page.text),
        "nonce": nonce,
        "text": "孩子上大学学费困难，想问教育救助",
        "category": "request_education",
        "locality": "620422",
        "phone": "13800001111",
    }
    first = http.post("/operator/intake/file", data=fields)
    second = http.post("/operator/intake/file", data=fields)
    assert ticket_id_of(first) == ticket_id_of(second)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "长" * 10_000}, "诉求内容"),
        ({"category": "drop_table"}, "类别"),
        ({"locality": "62'; --"}, "地区代码"),
        ({"phone": "<script>"}, "联系电话"),
        ({"m0_age": "二百"}, "年龄"),
        ({"m1_income": "-5"}, "月收入"),
        ({"m1_relation": "boss"}, "关系"),
        ({"phone": "6612345"}, "区号"),
    ],
)
def test_bad_intake_input_is_refused_with_a_reason(http, fields, message) -> None:
    logged_in(http, "operator")
    before = re.search(r'id="queue-total">(\d+)<', http.get("/operator?status=all").text)
    response = file_by_intake(http, **fields)
    assert response.status_code == 422
    assert message in response.text
    after = re.search(r'id="queue-total">(\d+)<', http.get("/operator?status=all").text)
    assert before.group(1) == after.group(1)


def test_citizen_text_with_html_is_shown_as_text(http: httpx.Client) -> None:
    logged_in(http, "operator")
    text = "<img src=x onerror=alert(1)>家里困难😀"
    ticket_id = ticket_id_of(file_by_intake(http, text=text, phone="13700002222"))
    page = http.get(f"/operator/tickets/{ticket_id}").text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;家里困难😀" in page


def _action(http: httpx.Client, ticket_id: int, **fields: str) -> httpx.Response:
    page = http.get(f"/operator/tickets/{ticket_id}").text
    version = re.search(r'name="version" value="(\d+)"', page)
    data = {"csrf": csrf_of(page), "version": version.group(1) if version else ""}
    data.update(fields)
    return http.post(f"/operator/tickets/{ticket_id}/action", data=data)


def buttons(page: str) -> list[str]:
    return re.findall(r'data-action="([a-z_]+)"', page)


def test_buttons_follow_the_transition_table(web) -> None:
    with httpx.Client(base_url=web.url) as operator:
        logged_in(operator, "operator")
        ticket_id = ticket_id_of(file_by_intake(operator, phone="13700003333"))
        assert buttons(operator.get(f"/operator/tickets/{ticket_id}").text) == [
            "transfer",
            "add_assisting",
            "comment",
        ]
    with httpx.Client(base_url=web.url) as yibao:
        logged_in(yibao, "yibao")
        refused = yibao.get(f"/operator/tickets/{ticket_id}")
        assert refused.status_code == 403 and "无权" in refused.text
    with httpx.Client(base_url=web.url) as handler:
        logged_in(handler, "minzheng")
        page = handler.get(f"/operator/tickets/{ticket_id}").text
        assert buttons(page) == [
            "accept",
            "return",
            "transfer",
            "dispute",
            "add_assisting",
            "comment",
        ]
        accepted = _action(handler, ticket_id, action="accept")
        assert accepted.status_code == 303
        assert "已签收" in handler.get(accepted.headers["location"]).text
        page = handler.get(f"/operator/tickets/{ticket_id}").text
        assert "<strong>办理中" in page
        assert "accept" not in buttons(page) and "reply" in buttons(page)
        missing_note = _action(handler, ticket_id, action="reply", note="")
        assert missing_note.status_code == 422 and "说明" in missing_note.text
        stale = handler.post(
            f"/operator/tickets/{ticket_id}/action",
            data={"csrf": csrf_of(page), "version": "1", "action": "reply", "note": "已答复"},
        )
        assert stale.status_code == 409 and "刷新" in stale.text
        assert "已答复待回访" not in handler.get(f"/operator/tickets/{ticket_id}").text


def test_queue_filters_and_counts(http: httpx.Client) -> None:
    logged_in(http, "operator")
    ticket_id = ticket_id_of(
        file_by_intake(http, category="request_housing", phone="13700004444", text="房子漏雨")
    )
    page = http.get("/operator?category=request_housing").text
    assert f'/operator/tickets/{ticket_id}"' in page
    assert "最低生活保障（低保）" not in page.split('id="queue-table"')[1]
    assert "住房救助" in page.split('id="queue-table"')[1]
    other = http.get("/operator?category=request_vagrant").text
    assert f'/operator/tickets/{ticket_id}"' not in other
    assert 'id="queue-total">0<' in other
    mine = http.get("/operator?mine=1&status=all").text
    assert f'/operator/tickets/{ticket_id}"' in mine  # the operator is its first responder
    # Filed and dispatched a moment ago: the 签收 deadline is days away, not overdue.
    assert f'/operator/tickets/{ticket_id}"' not in http.get("/operator?overdue=1").text
    bad = http.get("/operator?locality=abc")
    assert bad.status_code == 422


def test_citizen_lookup(http: httpx.Client) -> None:
    logged_in(http, "operator")
    ticket_id = ticket_id_of(file_by_intake(http, phone="13700005555"))
    number = re.search(
        r'id="ticket-number">([^<]+)<', http.get(f"/operator/tickets/{ticket_id}").text
    ).group(1)
    with httpx.Client(base_url=str(http.base_url)) as citizen:
        found = citizen.get("/chat/lookup", params={"number": number, "phone_last4": "5555"})
        assert found.status_code == 200 and "已派单待签收" in found.text
        wrong = citizen.get("/chat/lookup", params={"number": number, "phone_last4": "0000"})
        assert wrong.status_code == 404 and "未找到" in wrong.text
        junk = citizen.get("/chat/lookup", params={"number": "'; drop", "phone_last4": "1"})
        assert junk.status_code == 422


def test_dashboard_and_csv_include_filed_orders(http: httpx.Client) -> None:
    logged_in(http, "operator")
    ticket_id = ticket_id_of(
        file_by_intake(
            http, category="request_disaster", phone="13700006666", text="房屋被洪水冲毁"
        )
    )
    number = re.search(
        r'id="ticket-number">([^<]+)<', http.get(f"/operator/tickets/{ticket_id}").text
    ).group(1)
    logged_in(http, "supervisor")
    page = http.get("/supervisor")
    assert page.status_code == 200
    total = int(re.search(r'id="kpi-total">(\d+)<', page.text).group(1))
    assert total >= 1
    assert "受灾人员救助" in page.text.split('id="volume-category"')[1].split("</table>")[0]
    assert 'id="chart-data"' in page.text
    csv_text = http.get("/supervisor/export.csv").text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][0] == "工单号"
    assert any(row[0] == number and row[3] == "受灾人员救助" for row in rows[1:])
    assert len(rows) - 1 == total
    empty = http.get("/supervisor", params={"from": "2001-01-01", "to": "2001-01-31"})
    assert 'id="kpi-total">0<' in empty.text
    swapped = http.get("/supervisor", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert swapped.status_code == 200 and "起始日期晚于结束日期" in swapped.text


def test_handler_dashboard_is_limited_to_its_department(web) -> None:
    with httpx.Client(base_url=web.url) as handler:
        logged_in(handler, "yibao")
        page = handler.get("/supervisor", params={"department": "620422-minzheng"}).text
        section = page.split('id="volume-department"')[1].split("</table>")[0]
        assert "会宁县民政局" not in section


def test_import_upload_shows_the_guessed_mapping(http: httpx.Client) -> None:
    logged_in(http, "operator")
    csrf = csrf_of(http.get("/operator/import").text)
    content = "工单编号,来电时间,来电号码,诉求内容,所属区域\n1,2026-11-20 09:00,13900000001,我想申请低保,会宁县\n"
    page = http.post(
        "/operator/import",
        data={"csrf": csrf},
        files={"file": ("export.csv", content.encode("utf-8"), "text/csv")},
    )
    assert page.status_code == 200
    assert "共 1 行" in page.text
    selected = dict(
        re.findall(r'name="map-(\w+)"[^>]*>.*?<option value="(\d+)" selected', page.text, re.S)
    )
    assert selected == {"text": "3", "time": "1", "phone": "2", "place": "4"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"hello", "只支持 CSV 或 XLSX"),
        ("a.csv", b"", "文件为空"),
        ("a.csv", "诉求内容\n".encode(), "没有数据行"),
        ("a.xlsx", b"not a workbook", "无法读取"),
    ],
)
def test_import_rejects_unreadable_files(http, name, content, message) -> None:
    logged_in(http, "operator")
    csrf = csrf_of(http.get("/operator/import").text)
    page = http.post("/operator/import", data={"csrf": csrf}, files={"file": (name, content)})
    assert page.status_code == 422 and message in page.text


def test_import_without_the_assistant_reports_each_row_and_files_none(http) -> None:
    logged_in(http, "operator")
    csrf = csrf_of(http.get("/operator/import").text)
    content = "诉求内容,来电号码\n我想申请低保,13900000002\n,13900000003\n"
    page = http.post(
        "/operator/import",
        data={"csrf": csrf},
        files={"file": ("rows.csv", content.encode(), "text/csv")},
    )
    token = re.search(r'data-token="([0-9a-f]+)"', page.text).group(1)
    before = re.search(r'id="queue-total">(\d+)<', http.get("/operator?status=all").text).group(1)
    response = http.post(
        f"/operator/import/{token}/rows",
        json={
            "csrf": csrf,
            "start": 0,
            "count": 2,
            "mapping": {"text": 0, "phone": 1},
            "default_locality": "620422",
        },
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["outcome"] for r in results] == ["error", "error"]
    assert "智能助手暂不可用" in results[0]["reason"] and results[1]["reason"] == "诉求内容为空"
    after = re.search(r'id="queue-total">(\d+)<', http.get("/operator?status=all").text).group(1)
    assert before == after
    refused = http.post(
        f"/operator/import/{token}/rows",
        json={
            "csrf": "bad",
            "start": 0,
            "count": 1,
            "mapping": {"text": 0},
            "default_locality": "620422",
        },
    )
    assert refused.status_code == 403
    # All rows done: the uploaded file (citizens' phone numbers) is no longer kept.
    again = http.post(
        f"/operator/import/{token}/rows",
        json={
            "csrf": csrf,
            "start": 0,
            "count": 1,
            "mapping": {"text": 0},
            "default_locality": "620422",
        },
    )
    assert again.status_code == 404 and "重新上传" in again.json()["detail"]


def test_import_reads_an_xlsx_export(http: httpx.Client) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["受理时间", "联系电话", "工单内容", "地址"])
    sheet.append(["2026-11-20 09:00", 13900000009, "老人无人照顾，想申请特困供养", "会宁县"])
    sheet.append(["2026-11-20 10:00", 13900000010, "孩子上学困难", "绩溪县"])
    buffer = io.BytesIO()
    book.save(buffer)
    logged_in(http, "operator")
    csrf = csrf_of(http.get("/operator/import").text)
    page = http.post(
        "/operator/import",
        data={"csrf": csrf},
        files={"file": ("export.xlsx", buffer.getvalue())},
    )
    assert page.status_code == 200 and "共 2 行" in page.text
    assert "13900000009" in page.text  # numbers read as digits, not 1.39e10
    selected = dict(
        re.findall(r'name="map-(\w+)"[^>]*>.*?<option value="(\d+)" selected', page.text, re.S)
    )
    assert selected == {"text": "2", "time": "0", "phone": "1", "place": "3"}
