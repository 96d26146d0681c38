"""Replays the reproductions of issue #12 against the real system and prints each as
refused/handled (or NOT HANDLED).

Starts the ticket API, the action server and Rasa with the trained model (tests/e2e/servers.py:
throw-away database and data directory, loopback ports), seeds the demo accounts, then replays
items 1–10 of the issue: the bot side (keys unique per request, a 40,000-character message, the
closed internal APIs, the outbox, tracker retention) and the API side (Idempotency-Key, 并单,
public lookup, bodies, tokens, headers, CSRF, version, WAL, uploads, logs).

    .venv/bin/python bench/security_probe.py            # all probes, exit 1 if any is not handled
    .venv/bin/python bench/security_probe.py --fast     # without the slow ones (60 MB, kill)

A trained model is needed (bash scripts/train.sh). tests/e2e/test_security_probe.py runs the
fast probes under pytest.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.servers import VENV, VENV_BOT, System, build_system, ensure_model  # noqa: E402

DEMO_PASSWORD = "probe-" + uuid.uuid4().hex[:12]
NUMBER_RE = re.compile(r"12345-\d{8}-\d{6}")


@dataclass
class Outcome:
    item: int
    name: str
    handled: bool
    detail: str


@dataclass
class Probe:
    system: System
    results: list[Outcome] = field(default_factory=list)
    _phones: int = 0

    # ------------------------------------------------------------ helpers

    @property
    def api(self) -> str:
        return self.system.api_url

    def record(self, item: int, name: str, handled: bool, detail: str) -> Outcome:
        outcome = Outcome(item, name, handled, detail)
        self.results.append(outcome)
        mark = "refused/handled" if handled else "NOT HANDLED"
        print(f"[{item:>2}] {mark:<15} {name}: {detail}", flush=True)
        return outcome

    def phone(self) -> str:
        self._phones += 1
        return f"1370{os.getpid() % 10000:04d}{self._phones:03d}"[:11]

    def token(self, username: str, password: str | None = None) -> str:
        if password is None:
            password = self.system.env.get("DEMO_PASSWORD", DEMO_PASSWORD)
        response = httpx.post(
            f"{self.api}/api/v1/auth/token",
            data={"username": username, "password": password},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def headers(self, username: str) -> dict[str, str]:
        if username == "assistant":
            user, password = self.system.assistant_credentials()
            return {"Authorization": f"Bearer {self.token(user, password)}"}
        return {"Authorization": f"Bearer {self.token(username)}"}

    def create(self, who: str, body: dict, key: str | None = None) -> httpx.Response:
        return httpx.post(
            f"{self.api}/api/v1/tickets",
            headers={**self.headers(who), "Idempotency-Key": key or uuid.uuid4().hex},
            json=body,
            timeout=60,
        )

    @staticmethod
    def client_from(address: str) -> httpx.Client:
        """A client whose requests come from another loopback address (127.0.0.0/8): the lookup
        guard counts per address, so each probe starts with a fresh client count."""
        return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)

    @staticmethod
    def body(text: str, phone: str, category: str = "request_dibao", **extra) -> dict:
        return {
            "channel": "phone",
            "text": text,
            "locality": "620422",
            "category": category,
            "contact_phone": phone,
            "urgency": "normal",
            **extra,
        }

    def say(self, sender: str, text: str) -> str:
        replies = self.system.say(sender, text)
        return "\n".join(reply.get("text") or "" for reply in replies)

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.system.data_dir / "hotline.db", timeout=30)

    def logged_in_page(self, username: str) -> httpx.Client:
        client = httpx.Client(base_url=self.api, timeout=60)
        page = client.get("/login")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
        done = client.post(
            "/login",
            data={
                "username": username,
                "password": self.system.env.get("DEMO_PASSWORD", DEMO_PASSWORD),
                "csrf": csrf,
            },
        )
        assert done.status_code == 303, done.text[:300]
        return client

    # ------------------------------------------------------------ 1. keys per request

    def chat_until_filed(self, sender: str, text: str, phone: str) -> tuple[str | None, str]:
        """Talk as a citizen until the assistant names an order number (or says it merged)."""
        said = self.say(sender, text)
        consented = asked_phone = False
        for _ in range(16):
            match = NUMBER_RE.search(said)
            if match:
                return match.group(0), said
            if "已经有工单在办理" in said:
                return "merged", said
            if "提交成工单" in said:
                reply = "好"
            elif "手机号" in said and not asked_phone:
                reply, asked_phone = phone, True
            elif "同意" in said and not consented:
                reply, consented = "同意", True
            elif "确认" in said:
                reply = "确认"
            else:
                reply = "不知道"
            said = self.say(sender, reply)
        return None, said

    def p1_restart_then_new_request(self) -> None:
        sender = f"probe-restart-{uuid.uuid4().hex[:8]}"
        phone1, phone2 = self.phone(), self.phone()
        number1, _ = self.chat_until_filed(
            sender, f"家里已经断炊好几天了，孩子饿得直哭，电话{phone1}", phone1
        )
        self.say(sender, "/restart")
        number2, said = self.chat_until_filed(
            sender,
            f"来电人反映：母亲在家摔倒了，腿骨折住院，医药费负担不起，想申请医疗救助，电话{phone2}",
            phone2,
        )
        handled = bool(number1 and number2 and number1 != number2 and number2 != "merged")
        self.record(
            1,
            "/restart, then a new request gets a new number",
            handled,
            f"first {number1}, after /restart {number2}"
            + ("" if number2 else f" (last reply: {said[-120:]!r})"),
        )

    def p1_key_with_another_body(self) -> None:
        key = uuid.uuid4().hex
        phone = self.phone()
        first = self.create("assistant", self.body("家里断炊了，请求救助", phone), key)
        again = self.create(
            "assistant",
            self.body("老人摔倒在家，需要帮助", self.phone(), "request_temporary"),
            key,
        )
        number = first.json().get("number", "")
        handled = again.status_code == 422 and number not in again.text
        self.record(
            1,
            "the API: an Idempotency-Key reused with another body",
            handled,
            f"first {first.status_code}, reuse with another body {again.status_code}",
        )

    def p1_intake_without_nonce(self) -> None:
        page = self.logged_in_page("operator")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.get("/operator/intake").text)
        ids: list[int | None] = []
        codes: list[int] = []
        for text in ("来电反映：家中断炊，申请临时救助", "来电反映：老人摔倒无人照料"):
            response = page.post(
                "/operator/intake/file",
                data={
                    "csrf": csrf.group(1),
                    "text": text,
                    "category": "request_temporary",
                    "locality": "620422",
                    "phone": self.phone(),
                    "urgency": "normal",
                },
            )
            match = re.search(r"/operator/tickets/(\d+)", response.headers.get("location", ""))
            ids.append(int(match.group(1)) if match else None)
            codes.append(response.status_code)
        page.close()
        # Handled: two separate orders, or both forms refused (422: 表单已失效) — never one key
        # shared by every form without a nonce.
        refused = ids == [None, None] and codes == [422, 422]
        handled = refused or (None not in ids and ids[0] != ids[1])
        self.record(
            1,
            "intake console without a nonce: two submissions",
            handled,
            f"orders {ids}, answers {codes}",
        )

    # ------------------------------------------------------------ 2. one long message

    def p2_long_message(self) -> None:
        sender = f"probe-long-{uuid.uuid4().hex[:8]}"
        started = time.monotonic()
        try:
            replies = self.system.say(sender, "家里困难" * 10_000)  # 40,000 characters
            answered = f"answered in {time.monotonic() - started:.1f} s ({len(replies)} messages)"
        except httpx.HTTPError as error:
            answered = f"no answer ({type(error).__name__})"
        up = {
            "rasa": self._up(
                f"{self.system.rasa_url}/status", {"token": self.system.env["RASA_TOKEN"]}
            ),
            "api": self._up(f"{self.api}/api/v1/health"),
            "actions": self._up(f"{self.system.actions_url}/health"),
        }
        after = self.say(sender, "我想申请低保")
        self.record(
            2,
            "a 40,000-character chat message",
            all(up.values()) and bool(after),
            f"{answered}; still up: {up}; the next message answered: {bool(after)}",
        )

    def p2_one_death_does_not_stop_the_others(self) -> None:
        rasa = self.system.processes["rasa"]
        os.killpg(rasa.popen.pid, signal.SIGKILL)
        rasa.popen.wait(timeout=30)
        up = {
            "api": self._up(f"{self.api}/api/v1/health"),
            "actions": self._up(f"{self.system.actions_url}/health"),
        }
        self.record(
            2,
            "Rasa killed: the API and the action server keep running",
            all(up.values()),
            f"still up: {up} (scripts/supervise.py restarts it with back-off)",
        )

    @staticmethod
    def _up(url: str, params: dict | None = None) -> bool:
        try:
            return httpx.get(url, params=params, timeout=30).status_code == 200
        except httpx.HTTPError:
            return False

    # ------------------------------------------------------------ 3. 并单

    def p3_merge_tells_nothing(self) -> None:
        phone = self.phone()
        victim = self.create(
            "operator", self.body("独居老人，家中断炊三天，请求救助", phone, "request_temporary")
        ).json()
        sender = f"probe-stranger-{uuid.uuid4().hex[:8]}"
        said = self.say(sender, f"我家里也断炊了，没饭吃了，电话{phone}")
        merged = self.create(
            "assistant",
            self.body("我是他邻居，想知道他的工单号", phone, "request_temporary", channel="chat"),
        )
        leaked = [
            secret
            for secret in (victim["number"], "独居老人")
            if secret in said or secret in merged.text
        ]
        after = httpx.get(
            f"{self.api}/api/v1/tickets/{victim['id']}", headers=self.headers("supervisor")
        ).json()
        own_text_kept = after["text"] == victim["text"]
        events = [e["action"] for e in after["events"]]
        assistant_view = httpx.get(
            f"{self.api}/api/v1/tickets/{victim['id']}", headers=self.headers("assistant")
        ).status_code
        handled = not leaked and own_text_kept and "merge" in events and assistant_view == 403
        self.record(
            3,
            "knowing a phone number: 并单 in chat and through the API",
            handled,
            f"leaked {leaked or 'nothing'}; API answer {merged.json()}; the open order's text "
            f"unchanged: {own_text_kept}; merged texts as events: {events.count('merge')}; "
            f"the assistant's GET of it: {assistant_view}",
        )

    # ------------------------------------------------------------ 4. internal APIs

    def p4_internal_apis(self) -> None:
        tracker = httpx.get(f"{self.system.rasa_url}/conversations/anyone/tracker", timeout=30)
        parse = httpx.post(f"{self.system.rasa_url}/model/parse", json={"text": "低保"}, timeout=30)
        cors = httpx.options(
            f"{self.system.rasa_url}/webhooks/rest/webhook",
            headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
            timeout=30,
        ).headers.get("access-control-allow-origin")
        self.record(
            4,
            "Rasa's HTTP API without the token; CORS for another origin",
            tracker.status_code == 401 and parse.status_code == 401 and cors in (None, ""),
            f"tracker {tracker.status_code}, parse {parse.status_code}, "
            f"CORS for evil.example: {cors!r}",
        )
        forged = httpx.post(
            f"{self.system.actions_url}/webhook",
            json={
                "next_action": "action_file_ticket",
                "sender_id": "stranger",
                "tracker": {
                    "sender_id": "stranger",
                    "slots": {"filing_confirmed": True},
                    "events": [],
                },
                "domain": {},
                "version": "3.6.2",
            },
            timeout=30,
        )
        self.record(4, "a forged POST /webhook", forged.status_code == 401, f"{forged.status_code}")
        ports = {
            "api": _port(self.api),
            "rasa": _port(self.system.rasa_url),
            "actions": _port(self.system.actions_url),
        }
        bound = {name: listen_addresses(port) for name, port in ports.items()}
        loopback = all(
            addrs and all(a.startswith("127.") or a == "::1" for a in addrs)
            for addrs in bound.values()
        )
        self.record(4, "every port bound to loopback", loopback, f"{bound}")

    # ------------------------------------------------------------ 5. keys and visibility

    def p5_key_reads_no_other_order(self) -> None:
        key = uuid.uuid4().hex
        body = self.body("来电反映：申请低保，家中三口人", self.phone())
        by_operator = self.create("operator", body, key).json()
        get = httpx.get(
            f"{self.api}/api/v1/tickets/{by_operator['id']}", headers=self.headers("assistant")
        ).status_code
        stolen = self.create("assistant", body, key)
        handled = stolen.status_code == 422 and by_operator["number"] not in stolen.text
        self.record(
            5,
            "the assistant replays an operator's Idempotency-Key",
            handled,
            f"GET {get}; POST with the key {stolen.status_code}, order in the answer: "
            f"{by_operator['number'] in stolen.text}",
        )

    # ------------------------------------------------------------ 6. the outbox

    def p6_outbox(self) -> None:
        script = r"""
import json, sys, tempfile
from pathlib import Path
from bot.actions.outbox import Outbox
from bot.actions.ticket_api import ApiUnavailable, TicketApi

class FlakyApi(TicketApi):
    # The API as it is, except that order "stuck" always gets a 5xx.
    def create_ticket(self, payload, key):
        if key.startswith("stuck"):
            raise ApiUnavailable("HTTP 503", reachable=True)
        return super().create_ticket(payload, key)

box = Outbox(Path(tempfile.mkdtemp()) / "outbox.db", backoff_base=0)
api = FlakyApi()
phone = sys.argv[1]
def order(text, **extra):
    return {"channel": "chat", "text": text, "locality": "620422", "category": "request_dibao",
            "urgency": "normal", "contact_phone": phone, **extra}
box.add("stuck-1", order("一直失败的工单"))
box.add("later-1", order("排在后面的工单 1", category="request_medical"))
box.add("later-2", order("排在后面的工单 2", category="request_tekun"))
box.add("refused-1", order("被拒绝的工单", locality="620422", household={"x": "y" * 40000},
                           category="request_housing"))
delivered = box.deliver_pending(api)
entries = {k: box.get(k) for k in ("stuck-1", "later-1", "later-2", "refused-1")}
print(json.dumps({
    "delivered": delivered,
    "status": {k: (e.status if e else None) for k, e in entries.items()},
    "degraded": bool(entries["refused-1"] and entries["refused-1"].degraded),
    "payload_kept": {k: bool(e and e.payload) for k, e in entries.items() if e and e.status == "delivered"},
}))
"""
        result = subprocess.run(
            [str(VENV_BOT / "python"), "-c", script, self.phone()],
            cwd=ROOT,
            env=self.system.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        try:
            data = json.loads(result.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            self.record(6, "the outbox", False, f"replay failed: {result.stderr[-500:]}")
            return
        status = data["status"]
        handled = (
            status["stuck-1"] == "pending"
            and status["later-1"] == status["later-2"] == "delivered"
            and status["refused-1"] == "delivered"
            and data["degraded"]
            and not any(data["payload_kept"].values())
        )
        self.record(
            6,
            "outbox: one order always 5xx, one refused (4xx)",
            handled,
            f"{status}; the refused one resent in plain form: {data['degraded']}; "
            f"delivered payloads kept: {data['payload_kept']}",
        )

    # ------------------------------------------------------------ 7. personal data

    def p7_masking_and_retention(self, phones_said: list[str]) -> None:
        forms = ["１３８１２３４５６７８", "138.1234.5678", "620422 1980 0101 123X"]
        created = self.create(
            "operator",
            self.body("联系电话" + "，".join(forms) + "，申请低保", self.phone()),
        )
        raw = [form for form in forms if form in created.text]
        self.record(
            7,
            "full-width and separated phone/ID forms in an order",
            created.status_code == 201 and not raw,
            f"stored text: {created.json().get('text', '')[:80]}",
        )
        # Uploaded imports: private while they wait, deleted when done.
        page = self.logged_in_page("operator")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.get("/operator/import").text)
        content = f"诉求内容,来电号码\n家中困难申请低保,{self.phone()}\n".encode()
        upload = page.post(
            "/operator/import",
            data={"csrf": csrf.group(1)},
            files={"file": ("export.csv", content, "text/csv")},
        )
        files = list((self.system.data_dir / "imports").glob("*.json"))
        modes = sorted({oct(f.stat().st_mode & 0o777) for f in files})
        token = re.search(r'data-token="([0-9a-f]{32})"', upload.text)
        if token:
            page.post(
                f"/operator/import/{token.group(1)}/rows",
                json={
                    "csrf": re.search(r'name="csrf" value="([0-9a-f]+)"', upload.text).group(1),
                    "start": 0,
                    "count": 1,
                    "mapping": {"text": 0, "phone": 1},
                    "default_locality": "620422",
                },
            )
        left = list((self.system.data_dir / "imports").glob("*.json"))
        page.close()
        self.record(
            7,
            "an uploaded import: mode 0600, deleted once done",
            modes == ["0o600"] and not left,
            f"modes while waiting {modes}; files left after the import: {len(left)}",
        )
        # Rasa's tracker: phones masked by the retention run (after 0 hours here).
        result = subprocess.run(
            [
                str(VENV_BOT / "python"),
                "-c",
                "from bot import retention; print(retention.run_once())",
            ],
            cwd=ROOT,
            env={**self.system.env, "TRACKER_MASK_AFTER_HOURS": "0"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        tracker_db = Path(self.system.env["TRACKER_DB"])
        dump = (
            b"".join(
                str(row).encode()
                for row in sqlite3.connect(tracker_db).execute("SELECT * FROM events")
            ).decode("unicode_escape", "replace")
            if tracker_db.exists()
            else ""
        )
        raw_in_tracker = [p for p in phones_said if p in dump]
        self.record(
            7,
            "Rasa's stored conversations after the retention run",
            result.returncode == 0 and not raw_in_tracker,
            f"retention {result.stdout.strip() or result.stderr[-200:]}; "
            f"raw phones left: {raw_in_tracker}",
        )

    def p7_logs(self, phones: list[str]) -> None:
        out = Path(self.system.processes["api"].log_path).parent
        leaked = {}
        for name in ("api", "actions", "rasa"):
            path = out / f"{name}.log"
            text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
            hits = [p for p in phones if p in text]
            if hits:
                leaked[name] = hits
        self.record(
            7, "raw phone numbers in the three processes' logs", not leaked, f"{leaked or 'none'}"
        )

    # ------------------------------------------------------------ 8. public lookup

    def p8_lookup(self) -> None:
        phone = self.phone()
        ticket = self.create("operator", self.body("来电反映：申请低保", phone)).json()
        url = f"{self.api}/api/v1/public/tickets/{ticket['number']}"
        wrong = "0000" if phone[-4:] != "0000" else "1111"
        stranger, citizen = self.client_from("127.0.2.1"), self.client_from("127.0.2.2")
        codes = [stranger.get(url, params={"phone_last4": wrong}).status_code for _ in range(10)]
        right = citizen.get(url, params={"phone_last4": phone[-4:]})
        waited = 0.0
        if right.status_code == 429:
            waited = float(right.headers.get("retry-after", "1"))
            time.sleep(waited)
            right = citizen.get(url, params={"phone_last4": phone[-4:]})
        self.record(
            8,
            "10 wrong guesses, then the right digits",
            right.status_code == 200 and waited <= 5,
            f"guesses {sorted(set(codes))}; right digits {right.status_code} "
            f"after waiting {waited:.0f} s (not an hour)",
        )
        plain = ticket["number"].replace("-", "")
        found = self.client_from("127.0.2.3").get(
            f"{self.api}/api/v1/public/tickets/{plain}", params={"phone_last4": phone[-4:]}
        )
        self.record(
            8, "the number without hyphens", found.status_code == 200, f"{found.status_code}"
        )
        # 61 concurrent guesses on a fresh number.
        phone2 = self.phone()
        other = self.create(
            "operator", self.body("来电反映：申请医疗救助", phone2, "request_medical")
        ).json()
        url2 = f"{self.api}/api/v1/public/tickets/{other['number']}"
        wrong2 = "0000" if phone2[-4:] != "0000" else "1111"
        started = time.monotonic()
        guessers = [self.client_from(f"127.0.3.{i + 1}") for i in range(61)]  # 61 clients
        with concurrent.futures.ThreadPoolExecutor(61) as pool:
            codes = list(
                pool.map(
                    lambda c: c.get(url2, params={"phone_last4": wrong2}).status_code, guessers
                )
            )
        elapsed = time.monotonic() - started
        evaluated = codes.count(404)
        # 10 free; after that the number allows one more after 1 s, 2 s, 4 s … (doubling).
        allowed = 10 + int(math.log2(elapsed + 1))
        self.record(
            8,
            "61 concurrent wrong guesses",
            evaluated <= allowed and codes.count(429) + evaluated == 61,
            f"evaluated {evaluated} (limit 10, +{allowed - 10} by the slowing in {elapsed:.1f} s), "
            f"refused {codes.count(429)}",
        )
        with self.db() as conn:
            before = conn.execute("SELECT count(*) FROM lookup_throttles").fetchone()[0]
        anonymous = self.client_from("127.0.4.1")
        for i in range(200):
            anonymous.get(
                f"{self.api}/api/v1/public/tickets/12345-19990101-{i:06d}",
                params={"phone_last4": "1234"},
            )
        with self.db() as conn:
            after = conn.execute("SELECT count(*) FROM lookup_throttles").fetchone()[0]
        self.record(
            8,
            "200 misses from an unauthenticated client",
            after - before <= 1,
            f"rows written: {after - before}",
        )

    # ------------------------------------------------------------ 9. bodies

    def p9_bodies(self, huge: bool) -> None:
        size = 60 * 1024 * 1024
        for path, kind in (
            ("/api/v1/tickets", "application/json"),
            ("/operator/import", "multipart/form-data; boundary=x"),
        ):
            status, sent, seconds = raw_post(self.api, path, kind, size, send_all=huge)
            self.record(
                9,
                f"a 60 MB body to {path} without login",
                status in (401, 303, 413) and seconds < 10,
                f"answered {status} in {seconds:.2f} s after sending {sent / 1e6:.1f} MB",
            )
        token = self.token("operator")
        status, sent, seconds = raw_post(
            self.api,
            "/api/v1/tickets",
            "application/json",
            size,
            send_all=huge,
            extra=f"Authorization: Bearer {token}\r\n",
        )
        self.record(
            9,
            "a 60 MB JSON with a valid token",
            status == 413 and seconds < 10,
            f"answered {status} in {seconds:.2f} s after sending {sent / 1e6:.1f} MB",
        )

    def p9_import_and_writes(self) -> None:
        page = self.logged_in_page("operator")
        csrf = re.search(
            r'name="csrf" value="([0-9a-f]+)"', page.get("/operator/import").text
        ).group(1)
        rows = "\n".join(
            f"第{i}户家中困难想申请低保{uuid.uuid4().hex[:6]},{self.phone()}" for i in range(8)
        )
        upload = page.post(
            "/operator/import",
            data={"csrf": csrf},
            files={"file": ("export.csv", f"诉求内容,来电号码\n{rows}\n".encode(), "text/csv")},
        )
        token = re.search(r'data-token="([0-9a-f]{32})"', upload.text).group(1)
        form_csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', upload.text).group(1)
        times: list[float] = []
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            importing = pool.submit(
                page.post,
                f"/operator/import/{token}/rows",
                json={
                    "csrf": form_csrf,
                    "start": 0,
                    "count": 8,
                    "mapping": {"text": 0, "phone": 1},
                    "default_locality": "620422",
                },
            )
            while not importing.done():
                started = time.monotonic()
                self.create("operator", self.body("来电反映：申请低保", self.phone()))
                times.append(time.monotonic() - started)
            imported = importing.result()
        page.close()
        results = imported.json().get("results", [])
        outcomes = [r["outcome"] for r in results]
        reasons = sorted({r["reason"] for r in results if r["outcome"] == "error"})
        self.record(
            9,
            "other writes while a bulk import waits on the NLU",
            bool(times) and max(times) < 5 and outcomes.count("filed") == 8,
            f"{len(times)} orders filed meanwhile, slowest {max(times or [0]):.2f} s; "
            f"import rows {outcomes} {reasons or ''}",
        )

    # ------------------------------------------------------------ 10. tokens, headers, CSRF, version, WAL

    def p10_tokens_and_forms(self) -> None:
        import jwt

        secret = _secrets(self.system)["JWT_SECRET"]
        forever = jwt.encode({"sub": "supervisor", "role": "supervisor"}, secret, algorithm="HS256")
        me = httpx.get(f"{self.api}/api/v1/auth/me", headers={"Authorization": f"Bearer {forever}"})
        self.record(10, "a token without exp", me.status_code == 401, f"{me.status_code}")
        chat = httpx.get(f"{self.api}/chat")
        wanted = (
            "content-security-policy",
            "x-frame-options",
            "x-content-type-options",
            "referrer-policy",
        )
        missing = [h for h in wanted if h not in chat.headers]
        self.record(
            10,
            "security headers (CSP, X-Frame-Options, nosniff, Referrer-Policy)",
            not missing and chat.headers.get("x-frame-options") == "DENY",
            f"missing {missing or 'none'}; CSP: {chat.headers.get('content-security-policy', '')[:90]}…",
        )
        forged = httpx.post(
            f"{self.api}/login",
            data={
                "username": "operator",
                "password": self.system.env.get("DEMO_PASSWORD", DEMO_PASSWORD),
            },
        )
        self.record(
            10, "a login without its CSRF token", forged.status_code == 403, f"{forged.status_code}"
        )
        ticket = self.create("operator", self.body("来电反映：申请低保", self.phone())).json()
        no_version = httpx.post(
            f"{self.api}/api/v1/tickets/{ticket['id']}/transitions",
            headers=self.headers("operator"),
            json={"action": "dispatch"},
        )
        self.record(
            10,
            "a transition without version",
            no_version.status_code == 422,
            f"{no_version.status_code}",
        )

    def p10_wal(self) -> None:
        for _ in range(40):
            self.create("operator", self.body("来电反映：申请低保，WAL", self.phone()))
        db = self.system.data_dir / "hotline.db"
        wal = Path(str(db) + "-wal")
        before = wal.stat().st_size if wal.exists() else 0
        subprocess.run(
            [str(VENV / "python"), "-m", "api.cli", "sweep"],
            cwd=ROOT,
            env=self.system.env,
            check=True,
            capture_output=True,
        )
        after = wal.stat().st_size if wal.exists() else 0
        ratio = after / max(db.stat().st_size, 1)
        self.record(
            10,
            "SQLite's WAL after writes and a sweep",
            ratio <= 1.0,
            f"WAL {before / 1e6:.2f} MB before the sweep, {after / 1e6:.2f} MB after "
            f"({ratio:.1f}× the database)",
        )


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def _secrets(system: System) -> dict[str, str]:
    from tests.e2e.servers import read_secrets

    return read_secrets(Path(system.env["SECRETS_FILE"]))


def listen_addresses(port: int) -> list[str]:
    """The addresses a TCP port listens on (from /proc/net/tcp and tcp6)."""
    found = []
    for name, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state = parts[1], parts[3]
            address, _, hex_port = local.partition(":")
            if state != "0A" or int(hex_port, 16) != port:
                continue
            raw = bytes.fromhex(address)
            if width == 8:
                found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
            else:
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                found.append(socket.inet_ntop(socket.AF_INET6, words))
    return found


def raw_post(
    base: str, path: str, content_type: str, size: int, *, send_all: bool, extra: str = ""
) -> tuple[int, int, float]:
    """POST a body of `size` bytes over a raw socket; returns (status, bytes sent, seconds).
    Sends in 64 KB pieces until the server answers (or all of it when send_all is False: only
    the first MB, then waits for the answer)."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {size}\r\n{extra}Connection: close\r\n\r\n"
    )
    started = time.monotonic()
    sock.sendall(head.encode())
    sent = 0
    chunk = b"{" * 65536
    limit = size if send_all else 1024 * 1024
    sock.setblocking(False)
    answer = b""
    try:
        while sent < limit:
            try:
                answer += sock.recv(65536)
                if answer:
                    break
            except BlockingIOError:
                pass
            try:
                sent += sock.send(chunk)
            except BlockingIOError:
                time.sleep(0.01)
            except (BrokenPipeError, ConnectionResetError):
                break
        sock.setblocking(True)
        sock.settimeout(30)
        while b"\r\n" not in answer:
            piece = sock.recv(65536)
            if not piece:
                break
            answer += piece
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        pass
    finally:
        sock.close()
    match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return (int(match.group(1)) if match else 0), sent, time.monotonic() - started


FAST = (
    "p1_key_with_another_body",
    "p1_intake_without_nonce",
    "p3_merge_tells_nothing",
    "p4_internal_apis",
    "p5_key_reads_no_other_order",
    "p8_lookup",
    "p10_tokens_and_forms",
    "p10_wal",
)


def start(tmp: Path) -> System:
    ensure_model()
    system = build_system(
        tmp,
        {
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "OUTBOX_RETRY_SECONDS": "1",
            "SWEEP_INTERVAL_SECONDS": "0",
        },
    )
    # The API asks this system's Rasa (the intake and the bulk import).
    system.env["RASA_URL"] = system.rasa_url
    system.env["RASA_PUBLIC_URL"] = system.rasa_url
    subprocess.run(
        [str(VENV / "python"), "-m", "api.cli", "seed-demo"],
        cwd=ROOT,
        env=system.env,
        check=True,
        capture_output=True,
    )
    for name in ("api", "actions", "rasa"):
        system.start(name, timeout=600)  # Rasa loads its model slowly on shared cores
    return system


def run(system: System, *, fast: bool, huge: bool) -> Probe:
    probe = Probe(system)
    steps: list[Callable[[], None]] = []
    if not fast:
        steps += [probe.p1_restart_then_new_request]
    steps += [getattr(probe, name) for name in FAST[:2]]
    if not fast:
        steps += [probe.p2_long_message]
    steps += [getattr(probe, name) for name in FAST[2:5]]
    if not fast:
        steps += [probe.p6_outbox, lambda: probe.p7_masking_and_retention(_said(probe))]
    steps += [probe.p8_lookup]
    if not fast:
        steps += [lambda: probe.p9_bodies(huge), probe.p9_import_and_writes]
    steps += [probe.p10_tokens_and_forms, probe.p10_wal]
    if not fast:
        steps += [lambda: probe.p7_logs(_said(probe)), probe.p2_one_death_does_not_stop_the_others]
    for step in steps:
        name = getattr(step, "__name__", "step")
        try:
            step()
        except Exception as error:  # noqa: BLE001 - a probe that breaks is reported, not hidden
            probe.record(0, f"{name} broke", False, f"{type(error).__name__}: {error}")
    return probe


def _said(probe: Probe) -> list[str]:
    """Every phone number the probe used (all of them must stay out of logs and trackers)."""
    base = f"1370{os.getpid() % 10000:04d}"
    return [f"{base}{i:03d}"[:11] for i in range(1, probe._phones + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fast", action="store_true", help="only the fast probes")
    parser.add_argument(
        "--send-all",
        action="store_true",
        help="send the whole 60 MB bodies (default: the first MB, then wait for the answer)",
    )
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="security-probe-"))
    system = start(tmp)
    try:
        probe = run(system, fast=args.fast, huge=args.send_all)
    finally:
        for process in system.processes.values():
            process.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    bad = [r for r in probe.results if not r.handled]
    print(f"\n{len(probe.results) - len(bad)} of {len(probe.results)} refused/handled")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
