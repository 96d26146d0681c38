"""The console's 「提醒」: header badge, the list page, the count the header polls, marking read.

Against the live API of `tests/web/servers.py`. The deadline warning is made by the real sweep
(`api.tickets.sweep.sweep`) run in a subprocess on the server's database with its clock set to
the warning point of one work order's 办结 deadline.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.servers import ROOT, VENV
from tests.web.servers import PASSWORD, WebServer, csrf_of, login, seed_people, transition

_phones = itertools.count(1)

SWEEP_AT_WARNING = """
import sys
from datetime import timedelta
from sqlalchemy import select
from api.core.database import write_session
from api.tickets import clock
from api.tickets.models import TicketDeadline
from api.tickets.sweep import sweep
with write_session() as s:
    dl = s.scalars(select(TicketDeadline).where(
        TicketDeadline.ticket_id == int(sys.argv[1]),
        TicketDeadline.state == "open",
        TicketDeadline.step == "close",
    )).one()
    now = clock.warn_at(dl.started_at, dl.due_at) + timedelta(seconds=1)
    assert now < dl.due_at
    result = sweep(s, now)
    s.commit()
print(result.warned)
"""


def _api(web: WebServer, username: str) -> httpx.Client:
    token = httpx.post(
        f"{web.url}/api/v1/auth/token", data={"username": username, "password": PASSWORD}
    ).json()["access_token"]
    return httpx.Client(base_url=web.url, headers={"Authorization": f"Bearer {token}"})


def _page_client(web: WebServer, username: str) -> httpx.Client:
    client = httpx.Client(base_url=web.url, timeout=30, follow_redirects=False)
    assert login(client, username).status_code == 303
    return client


def _unread(client: httpx.Client) -> int:
    response = client.get("/operator/notifications/count")
    assert response.status_code == 200
    return response.json()["unread"]


def _badge(html: str) -> int:
    return int(re.search(r'id="notify-badge" data-unread="(\d+)"', html).group(1))


def _accepted_ticket(web: WebServer) -> dict:
    """A 低保 order filed by `operator`, dispatched to 民政局 and accepted by `minzheng`."""
    operator, handler = _api(web, "operator"), _api(web, "minzheng")
    ticket = operator.post(
        "/api/v1/tickets",
        json={
            "channel": "phone",
            "text": "提醒测试：家中三口人，想申请低保",
            "locality": "620422",
            "category": "request_dibao",
            "contact_phone": f"1361111{next(_phones):04d}",
        },
    ).json()
    tid = ticket["id"]
    assert transition(operator, tid, "dispatch").is_success
    accepted = transition(handler, tid, "accept")
    assert accepted.is_success, accepted.text
    return ticket


@pytest.fixture(scope="module")
def warned(web: WebServer) -> dict:
    """One accepted order whose 办结 deadline the sweep has just warned about."""
    ticket = _accepted_ticket(web)
    done = subprocess.run(
        [str(VENV / "python"), "-c", SWEEP_AT_WARNING, str(ticket["id"])],
        cwd=ROOT,
        env=web.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) >= 1
    return ticket


@pytest.fixture
def clients(web: WebServer) -> Iterator[dict[str, httpx.Client]]:
    opened = {name: _page_client(web, name) for name in ("operator", "minzheng", "yibao")}
    yield opened
    for client in opened.values():
        client.close()


def _my_note(web: WebServer, username: str, ticket_id: int, kind: str) -> dict:
    notes = _api(web, username).get("/api/v1/notifications", params={"limit": 500}).json()
    return next(n for n in notes if n["ticket_id"] == ticket_id and n["kind"] == kind)


def test_pages_need_a_login(http: httpx.Client) -> None:
    page = http.get("/operator/notifications")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/operator/notifications"
    count = http.get("/operator/notifications/count")
    assert count.status_code == 401 and count.headers["cache-control"] == "no-store"
    assert http.post("/operator/notifications/read", data={"csrf": "x"}).status_code == 303
    assert http.get("/operator/notifications/1/open").status_code == 303
    assert 'id="notify-link"' not in http.get("/").text  # no badge for citizens


def test_deadline_warning_reaches_the_first_responder_and_the_handler_only(
    warned: dict, clients: dict[str, httpx.Client]
) -> None:
    number = warned["number"]
    for name in ("operator", "minzheng"):
        page = clients[name].get("/operator/notifications")
        assert page.status_code == 200
        assert page.headers["cache-control"] == "no-store"
        rows = re.finditer(
            r'<tr class="unread overdue" data-id="(\d+)">(.*?)</tr>', page.text, re.S
        )
        row = next((r for r in rows if f"工单 {number} " in r.group(2)), None)
        assert row, page.text[:2000]
        assert f"工单 {number} 的办结时限将于" in row.group(2)
        assert "临期提醒" in row.group(2) and "未读" in row.group(2)
        assert re.search(r"<td>\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>", row.group(2))
        assert f'href="/operator/notifications/{row.group(1)}/open"' in row.group(2)
    # Another department's handler: not a word about it.
    other = clients["yibao"].get("/operator/notifications")
    assert other.status_code == 200 and number not in other.text


def test_badge_and_count_endpoint_agree(warned: dict, clients: dict[str, httpx.Client]) -> None:
    client = clients["minzheng"]
    count = client.get("/operator/notifications/count")
    assert count.status_code == 200
    assert count.headers["content-type"].startswith("application/json")
    assert count.headers["cache-control"] == "no-store"
    unread = count.json()["unread"]
    assert unread >= 1
    queue = client.get("/operator").text
    assert _badge(queue) == unread
    assert re.search(rf'id="notify-badge" data-unread="{unread}">{unread}</span>', queue)
    assert '<script src="/static/notify.js" defer></script>' in queue
    script = client.get("/static/notify.js")
    assert script.status_code == 200
    for part in ("/operator/notifications/count", "60000", "visibilityState", "no-store"):
        assert part in script.text


def test_mark_all_read_needs_the_csrf_token(web: WebServer, warned: dict) -> None:
    client = _page_client(web, "minzheng")
    assert _unread(client) >= 1
    refused = client.post("/operator/notifications/read", data={})
    assert refused.status_code == 403
    forged = client.post("/operator/notifications/read", data={"csrf": "0" * 40})
    assert forged.status_code == 403
    assert _unread(client) >= 1
    csrf = csrf_of(client.get("/operator/notifications").text)
    done = client.post("/operator/notifications/read", data={"csrf": csrf})
    assert done.status_code == 303
    assert done.headers["location"] == "/operator/notifications?done=all"
    assert _unread(client) == 0
    page = client.get(done.headers["location"]).text
    assert "已全部标为已读" in page and _badge(page) == 0
    assert 'data-unread="0" hidden' in page and 'class="unread' not in page
    assert "全部标为已读</button>" not in page
    assert warned["number"] in page  # still listed, as read
    # The operator's own copy of the warning is untouched.
    assert _my_note(web, "operator", warned["id"], "deadline_warning")["read_at"] is None


def test_nobody_marks_another_persons_notification(
    web: WebServer, warned: dict, clients: dict[str, httpx.Client]
) -> None:
    note = _my_note(web, "operator", warned["id"], "deadline_warning")
    intruder = clients["yibao"]
    csrf = csrf_of(intruder.get("/operator/notifications").text)
    answer = intruder.post("/operator/notifications/read", data={"csrf": csrf, "id": note["id"]})
    assert answer.status_code == 303
    assert intruder.get(f"/operator/notifications/{note['id']}/open").status_code == 404
    assert _my_note(web, "operator", warned["id"], "deadline_warning")["read_at"] is None
    # The owner opens the work order from the list: it is marked read, the others are not.
    owner = clients["operator"]
    before = _unread(owner)
    opened = owner.get(f"/operator/notifications/{note['id']}/open")
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/operator/tickets/{warned['id']}"
    assert _my_note(web, "operator", warned["id"], "deadline_warning")["read_at"] is not None
    assert _unread(owner) == before - 1
    assert owner.get(opened.headers["location"]).status_code == 200


def test_transfer_notification_and_one_item_marked_read(
    web: WebServer, clients: dict[str, httpx.Client]
) -> None:
    ticket = _accepted_ticket(web)
    moved = transition(
        _api(web, "minzheng"),
        ticket["id"],
        "transfer",
        department="620422-yibao",
        note="属医保事项",
    )
    assert moved.is_success, moved.text
    page = clients["operator"].get("/operator/notifications").text
    assert "转办" in page and f"您首问负责的工单 {ticket['number']} 已由" in page
    assert ticket["number"] not in clients["yibao"].get("/operator/notifications").text
    note = _my_note(web, "operator", ticket["id"], "transfer")
    before = _unread(clients["operator"])
    done = clients["operator"].post(
        "/operator/notifications/read", data={"csrf": csrf_of(page), "id": note["id"]}
    )
    assert done.status_code == 303 and done.headers["location"] == "/operator/notifications"
    assert _unread(clients["operator"]) == before - 1


def test_html_in_a_message_is_escaped(web: WebServer, clients: dict[str, httpx.Client]) -> None:
    ticket = _accepted_ticket(web)
    escalated = transition(
        _api(web, "supervisor"),
        ticket["id"],
        "escalate",
        note='<script>alert("x")</script><b>请尽快办理</b>',
    )
    assert escalated.is_success, escalated.text
    page = clients["minzheng"].get("/operator/notifications").text
    assert "督办" in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;请尽快办理&lt;/b&gt;" in page
    assert '<script>alert("x")' not in page and "<b>请尽快办理</b>" not in page


def test_empty_list(web: WebServer) -> None:
    seed_people(web.env, {"jiaoyu": ("handler", "620422-jiaoyu")})
    client = _page_client(web, "jiaoyu")
    page = client.get("/operator/notifications")
    assert page.status_code == 200
    assert 'id="notifications-empty"' in page.text and "暂无提醒" in page.text
    assert _badge(page.text) == 0 and "全部标为已读" not in page.text
    assert client.get("/operator/notifications/count").json() == {"unread": 0}
