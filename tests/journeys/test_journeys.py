"""The journey bar on the held-out personas, through the real system (opt-in: JOURNEYS=1).

    JOURNEYS=1 .venv/bin/python -m pytest tests/journeys/test_journeys.py

Uses the system the end-to-end suites share (tests/conftest.py: API, action server, Rasa; the
model trained first if it is missing or stale), plays
every held-out persona, writes the report to $TEST_OUTPUT/journeys/, prints the figures beside issue
#10's bar (95 % of journeys right, no loop, a median of at most 6 household questions, every journey
at the offer to file or its expected end within its turn limit) and asserts that they are no worse
than the last measured run (FLOOR_*) and the median stays at most 6.
The held-out personas are for scoring only; the dialogue is tuned on tests/journeys/tuning/.
"""

from __future__ import annotations

import os

import pytest

from tests.journeys.personas import load_set
from tests.journeys.runner import Target, output_dir, run_personas, summarise, write_report

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("JOURNEYS") != "1",
        reason="journeys start the whole system: set JOURNEYS=1 to run them",
    ),
]


# The last measured run on main (see the README); the bar of issue #10 is 95 %, 0, 0.
# Measured 60.0 % (27/45) on a locally trained model (was 55.6 %, 25/45, and 42.2 %, 19/45, before);
# four journeys of slack for a loaded CI machine and a model CI trains itself (DIET differs a
# little between trainings).
FLOOR_RIGHT_PCT = 51.1
FLOOR_LOOPS = 1
FLOOR_LATE = 1


def test_held_out_journeys_hold_the_measured_floor(system) -> None:
    """On the shared system of tests/conftest.py (started once for the end-to-end suites)."""
    personas = load_set("held_out")
    username, password = system.assistant_credentials()
    target = Target(system.rasa_url, system.api_url, username, password)
    results = run_personas(personas, target, workers=int(os.environ.get("JOURNEYS_WORKERS", "2")))
    md, _ = write_report(results, "held_out", output_dir())
    s = summarise(results)
    late = [
        r.persona.id
        for r in results
        if r.end_turn is None or r.end_turn > r.persona.expect.end_within
    ]
    # Issue #10's bar is 95 % right, no loop, a median of at most 6 questions and every journey at
    # its end within its turn limit. It is not reached yet (README: "Citizen journeys"), so this
    # step guards against going back: the figures of the last measured run are a floor, printed
    # beside the bar. Raise FLOOR_* whenever the dialogue gets better; never lower them.
    print(
        f"\nheld-out journeys: {s['journeys_right_pct']} % right (bar 95 %, floor {FLOOR_RIGHT_PCT} %),"
        f" {s['loops']} loops, median {s['questions_median']} questions, late: {late or 'none'}"
    )
    problems = []
    if s["journeys_right_pct"] < FLOOR_RIGHT_PCT:
        problems.append(f"{s['journeys_right_pct']} % journeys right (< {FLOOR_RIGHT_PCT} %)")
    if s["loops"] > FLOOR_LOOPS:
        problems.append(f"{s['loops']} loops (> {FLOOR_LOOPS})")
    if s["questions_median"] > 6:
        problems.append(f"median {s['questions_median']} household questions (> 6)")
    if len(late) > FLOOR_LATE:
        problems.append(f"no offer/end within the turn limit: {', '.join(late)}")
    assert not problems, "; ".join(problems) + f"\nreport: {md}"
