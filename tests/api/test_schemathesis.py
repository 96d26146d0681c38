"""Property-based run of schemathesis over every operation of /openapi.json: no 5xx, ever.

In-process (ASGI), authenticated as a supervisor (who may call everything), with a bounded
number of examples per operation. (The schemathesis pytest plugin does not run under pytest 9,
so each operation's hypothesis strategy is driven directly.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from api.main import app

MAX_EXAMPLES = 30

_schema = schemathesis.openapi.from_asgi("/openapi.json", app)
OPERATIONS = {op.ok().label: op.ok() for op in _schema.get_all_operations()}


def test_schema_lists_every_operation():
    assert len(OPERATIONS) >= 20


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_error(label, tokens):
    operation = OPERATIONS[label]
    auth = tokens["supervisor"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        headers = {**(case.headers or {}), **auth}
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
        )

    run()
