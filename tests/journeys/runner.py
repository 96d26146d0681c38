"""Plays personas against the real assistant over Rasa's REST channel and scores each journey.

`Target` is where the system answers (started here with tests/e2e/servers.py, or already running);
`play()` runs one persona to its end; `score()` checks the journey and the filed order against the
persona's `expect`; `write_report()` writes Markdown and JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.journeys import paths
from tests.journeys.citizen import Citizen, Reading, read_turn
from tests.journeys.personas import ROOT, Persona

TURN_CAP = 25
LOOP_REPEATS = 3


# --- Where the system answers --------------------------------------------------------------------


@dataclass
class Target:
    rasa_url: str
    api_url: str
    username: str
    password: str
    _token: str | None = None

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def token(self, refresh: bool = False) -> str:
        if self._token is None or refresh:
            response = httpx.post(
                f"{self.api_url}/api/v1/auth/token",
                data={"username": self.username, "password": self.password},
                timeout=30,
            )
            response.raise_for_status()
            self._token = response.json()["access_token"]
        return self._token

    def _get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        for refresh in (False, True):
            response = httpx.get(
                f"{self.api_url}{path}",
                params=params,
                headers={"Authorization": f"Bearer {self.token(refresh)}"},
                timeout=30,
            )
            if response.status_code != 401:
                return response
        return response

    def ticket(self, number: str, wait: float = 10.0) -> dict[str, Any] | None:
        """The filed order with this number (waits a little: an order may pass through the outbox)."""
        deadline = time.monotonic() + wait
        while True:
            response = self._get("/api/v1/tickets", {"number": number})
            response.raise_for_status()
            items = response.json().get("items", [])
            if items:
                ticket = items[0]
                if "household" not in ticket and "id" in ticket:
                    full = self._get(f"/api/v1/tickets/{ticket['id']}")
                    if full.status_code == 200:
                        ticket = full.json()
                return ticket
            if time.monotonic() > deadline:
                return None
            time.sleep(0.5)


@contextmanager
def started_system() -> Iterator[Target]:
    """Starts API, action server and Rasa on free ports with a throw-away database (trains first if
    the model is missing or stale), and stops them afterwards."""
    from tests.e2e.servers import build_system, ensure_model

    ensure_model()
    tmp = Path(tempfile.mkdtemp(prefix="journeys-"))
    system = build_system(tmp)
    try:
        timeout = float(os.environ.get("JOURNEYS_START_TIMEOUT", "600"))  # Rasa loads slowly
        system.start_all(["api", "actions", "rasa"], timeout=timeout)
        username, password = system.assistant_credentials()
        yield Target(system.rasa_url, system.api_url, username, password)
    finally:
        for process in system.processes.values():
            process.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# --- One journey ---------------------------------------------------------------------------------


@dataclass
class Turn:
    index: int  # the citizen's message number, 1-based
    citizen: str
    note: str
    bot: list[dict[str, Any]]
    kind: str
    asks: list[str]
    household_question: bool


@dataclass
class Journey:
    persona: str
    sender: str
    turns: list[Turn] = field(default_factory=list)
    number: str | None = None
    ticket: dict[str, Any] | None = None
    end: str = ""
    error: str | None = None
    seconds: float = 0.0


def play(persona: Persona, say: Callable[[str, str], list[dict[str, Any]]], run_id: str) -> Journey:
    citizen = Citizen(persona)
    sender = f"journey-{run_id}-{persona.id}"
    journey = Journey(persona=persona.id, sender=sender)
    started = time.monotonic()
    text: str | None = citizen.first_message()
    note = "first message"
    offered = False
    try:
        for index in range(1, TURN_CAP + 1):
            assert text is not None
            messages = say(sender, text)
            reading = read_turn(messages)
            offered = offered or reading.offer or reading.kind in ("phone", "summary", "filed")
            counted = _is_household_question(reading, offered, persona)
            journey.turns.append(
                Turn(
                    index=index,
                    citizen=text,
                    note=note,
                    bot=[_bot_message(m) for m in messages],
                    kind=reading.kind,
                    asks=[a.key for a in reading.asks],
                    household_question=counted,
                )
            )
            if reading.number:
                journey.number = reading.number
                journey.end = "filed"
                break
            reply = citizen.reply(messages, reading)
            if reply.text is None:
                journey.end = reply.note or "citizen left"
                break
            text, note = reply.text, reply.note
        else:
            journey.end = "turn cap"
    except Exception as exc:  # a crash of the system is a failed journey, not a crashed run
        journey.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}"
        journey.end = "error"
    journey.seconds = round(time.monotonic() - started, 2)
    return journey


def _bot_message(message: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": message.get("text") or ""}
    if message.get("buttons"):
        out["buttons"] = [
            {"title": b.get("title"), "payload": b.get("payload")} for b in message["buttons"]
        ]
    return out


def _is_household_question(reading: Reading, offered: bool, persona: Persona) -> bool:
    if reading.kind == "household":
        topics = {a.topic for a in reading.asks}
        return not topics <= set(persona.expect.free_topics)
    return reading.kind == "unknown" and not offered


# --- Scoring -------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    kind: str  # flow | fact | status
    ok: bool
    detail: str = ""


@dataclass
class Result:
    persona: Persona
    journey: Journey
    checks: list[Check]
    household_questions: int
    turns_to_offer: int | None
    end_turn: int | None
    loops: list[str]
    handover: bool

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def _first_turn(journey: Journey, test: Callable[[Reading], bool]) -> int | None:
    for turn in journey.turns:
        if test(read_turn(turn.bot)):
            return turn.index
    return None


def score(
    persona: Persona,
    journey: Journey,
    fetch_ticket: Callable[[str], dict[str, Any] | None] | None = None,
) -> Result:
    """Checks one journey, and the order it filed (read with `fetch_ticket`), against `expect`."""
    e = persona.expect
    checks: list[Check] = []
    readings = [read_turn(t.bot) for t in journey.turns]
    handover = any(r.handover for r in readings)
    emergency_turns = [t.index for t, r in zip(journey.turns, readings, strict=True) if r.emergency]
    questions = sum(1 for t in journey.turns if t.household_question)
    turns_to_offer = _first_turn(journey, lambda r: r.offer or r.kind in ("phone", "summary"))
    end_turn = _first_turn(
        journey,
        lambda r: (
            r.offer
            or r.kind in ("phone", "summary")
            or bool(r.number)
            or (bool(e.handover) and r.handover)
        ),
    )
    repeats = Counter(r.loop_key for r in readings if r.kind not in ("none", "filed", "need"))
    loops = [key for key, n in repeats.items() if n >= LOOP_REPEATS]

    if journey.error:
        checks.append(Check("no error", "flow", False, journey.error))
    if e.filed is not None:
        filed = journey.number is not None
        checks.append(Check("filed", "flow", filed == e.filed, f"filed={filed} end={journey.end}"))
    checks.append(Check("no loop", "flow", not loops, ", ".join(loops)))
    checks.append(
        Check(
            f"end within {e.end_within} turns",
            "flow",
            end_turn is not None and end_turn <= e.end_within,
            f"end reached at turn {end_turn}",
        )
    )
    if e.max_household_questions is not None:
        checks.append(
            Check(
                f"≤ {e.max_household_questions} household questions",
                "flow",
                questions <= e.max_household_questions,
                f"{questions} asked",
            )
        )
    if e.handover:
        checks.append(Check("handover offered", "flow", handover, ""))
    if e.emergency:
        first = emergency_turns[0] if emergency_turns else None
        checks.append(
            Check("emergency numbers in the first reply", "flow", first == 1, f"first at {first}")
        )

    ticket = None
    if journey.number and fetch_ticket is not None:
        try:
            ticket = journey.ticket = fetch_ticket(journey.number)
        except Exception as exc:  # noqa: BLE001 - reported as a failed check
            checks.append(Check("ticket readable", "flow", False, f"{type(exc).__name__}: {exc}"))
        if ticket is None:
            checks.append(Check("ticket found", "flow", False, journey.number))
    wants_order = e.filed is True
    if wants_order or ticket is not None:
        t = ticket or {}
        checks.append(
            Check(
                "category",
                "flow",
                t.get("category") in e.category,
                f"{t.get('category')} (want {'|'.join(e.category)})",
            )
        )
        if e.locality is not None:
            checks.append(
                Check(
                    "locality",
                    "fact",
                    t.get("locality") in e.locality,
                    f"{t.get('locality')} (want {'|'.join(e.locality)})",
                )
            )
        if e.urgency:
            checks.append(
                Check("urgency", "flow", t.get("urgency") == e.urgency, str(t.get("urgency")))
            )
        household = t.get("household") or {}
        for path, expected in e.facts.items():
            try:
                ok, found = paths.check(household, path, expected)
            except ValueError as exc:
                ok, found = False, str(exc)
            checks.append(Check(f"{path}: {expected!r}", "fact", ok, f"found {found}"))
        statuses = {
            p.get("id"): p.get("status") for p in (t.get("estimate") or {}).get("programs", [])
        }
        for program, allowed in e.programs.items():
            got = statuses.get(program)
            checks.append(
                Check(f"{program} in {allowed}", "status", got in allowed, f"status {got}")
            )
        for program, forbidden in e.must_not.items():
            got = statuses.get(program)
            checks.append(
                Check(
                    f"{program} not {forbidden}",
                    "status",
                    got is not None and got not in forbidden,
                    f"status {got}",
                )
            )
    return Result(
        persona=persona,
        journey=journey,
        checks=checks,
        household_questions=questions,
        turns_to_offer=turns_to_offer,
        end_turn=end_turn,
        loops=loops,
        handover=handover,
    )


def run_personas(
    personas: list[Persona],
    target: Target,
    workers: int = 1,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Plays and scores every persona against `target` (one new sender id each)."""
    run_id = time.strftime("%H%M%S")

    def one(persona: Persona) -> Result:
        result = score(persona, play(persona, target.say, run_id), target.ticket)
        if progress:
            progress(result)
        return result

    if workers <= 1:
        return [one(p) for p in personas]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, personas))


# --- The report ----------------------------------------------------------------------------------


def summarise(results: list[Result]) -> dict[str, Any]:
    def share(kind: str) -> tuple[int, int]:
        checks = [c for r in results for c in r.checks if c.kind == kind]
        return sum(c.ok for c in checks), len(checks)

    right = sum(r.ok for r in results)
    questions = [r.household_questions for r in results]
    offers = [r.turns_to_offer for r in results if r.turns_to_offer is not None]
    facts_ok, facts_n = share("fact")
    status_ok, status_n = share("status")
    return {
        "journeys": len(results),
        "journeys_right": right,
        "journeys_right_pct": round(100 * right / len(results), 1) if results else 0.0,
        "facts_right": facts_ok,
        "facts_total": facts_n,
        "statuses_right": status_ok,
        "statuses_total": status_n,
        "questions_median": statistics.median(questions) if questions else 0,
        "questions_max": max(questions) if questions else 0,
        "loops": sum(len(r.loops) for r in results),
        "journeys_with_loops": sum(1 for r in results if r.loops),
        "turns_to_offer_median": statistics.median(offers) if offers else None,
        "turns_to_offer_max": max(offers) if offers else None,
        "offers_reached": len(offers),
        "ends_within_limit": sum(
            1
            for r in results
            if r.end_turn is not None and r.end_turn <= r.persona.expect.end_within
        ),
        "handovers_offered": sum(r.handover for r in results),
        "filed": sum(1 for r in results if r.journey.number),
    }


def output_dir(explicit: str | None = None) -> Path:
    if explicit:
        out = Path(explicit)
    else:
        out = Path(os.environ.get("TEST_OUTPUT", ROOT / "test-output")) / "journeys"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _transcript(result: Result) -> str:
    lines = []
    for turn in result.journey.turns:
        lines.append(f"{turn.index:>2}. 市民: {turn.citizen}    ({turn.note})")
        for message in turn.bot:
            text = message["text"].replace("\n", "\n      ")
            lines.append(f"    助手: {text}")
            if message.get("buttons"):
                titles = " | ".join(f"[{b['title']}→{b['payload']}]" for b in message["buttons"])
                lines.append(f"      按钮: {titles}")
        counted = " (household question)" if turn.household_question else ""
        asks = ",".join(turn.asks)
        lines.append(f"      读作: {turn.kind} {asks}{counted}")
    lines.append(f"end: {result.journey.end}; order: {result.journey.number}")
    return "\n".join(lines)


def write_report(results: list[Result], set_name: str, out: Path) -> tuple[Path, Path]:
    summary = summarise(results)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    data = {
        "set": set_name,
        "at": stamp,
        "summary": summary,
        "journeys": [
            {
                "id": r.persona.id,
                "ok": r.ok,
                "household_questions": r.household_questions,
                "turns_to_offer": r.turns_to_offer,
                "end_turn": r.end_turn,
                "loops": r.loops,
                "handover": r.handover,
                "checks": [asdict(c) for c in r.checks],
                "journey": {
                    **{k: v for k, v in asdict(r.journey).items() if k != "turns"},
                    "turns": [asdict(t) for t in r.journey.turns],
                },
            }
            for r in results
        ],
    }
    json_path = out / f"{set_name}.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    s = summary
    md = [
        f"# Journeys: {set_name} ({stamp})",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| journeys right | {s['journeys_right']}/{s['journeys']} ({s['journeys_right_pct']} %) |",
        f"| facts right | {s['facts_right']}/{s['facts_total']} |",
        f"| statuses right | {s['statuses_right']}/{s['statuses_total']} |",
        f"| household questions (median, max) | {s['questions_median']}, {s['questions_max']} |",
        f"| loops (journeys with one) | {s['loops']} ({s['journeys_with_loops']}) |",
        f"| turns to the offer (median, max; reached) | {s['turns_to_offer_median']}, "
        f"{s['turns_to_offer_max']}; {s['offers_reached']}/{s['journeys']} |",
        f"| ends within the turn limit | {s['ends_within_limit']}/{s['journeys']} |",
        f"| orders filed | {s['filed']} |",
        f"| handovers offered | {s['handovers_offered']} |",
        "",
        "| persona | ok | questions | offer at | end | failed checks |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        failed = "; ".join(f"{c.name} ({c.detail})" for c in r.failed())
        md.append(
            f"| {r.persona.id} | {'✔' if r.ok else '✘'} | {r.household_questions} | "
            f"{r.turns_to_offer} | {r.journey.end} | {failed.replace('|', '/')} |"
        )
    failures = [r for r in results if not r.ok]
    if failures:
        md += ["", "## Failures", ""]
    for r in failures:
        md += [
            f"### {r.persona.id}",
            "",
            r.persona.description,
            "",
            *[f"- ✘ {c.name}: {c.detail}" for c in r.failed()],
            "",
            "```",
            _transcript(r),
            "```",
            "",
        ]
    md_path = out / f"{set_name}.md"
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return md_path, json_path
