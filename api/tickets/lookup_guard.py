"""Brute-force guard of the citizens' lookup: a ticket number with too many wrong phone digits
is locked for a while (per process). Counting per number, not per address: the assistant asks on
behalf of every citizen from one address."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from api.core.errors import ApiError

MAX_FAILURES = 10
WINDOW_SECONDS = 3600


class TooManyAttempts(ApiError):
    status_code = 429


class LookupGuard:
    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, number: str, now: float) -> deque[float]:
        failures = self._failures[number]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def check(self, number: str) -> None:
        with self._lock:
            if len(self._recent(number, time.monotonic())) >= self.max_failures:
                raise TooManyAttempts("该工单号查询错误次数过多，请一小时后再试或拨打12345")

    def failed(self, number: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(number, now).append(now)
            if len(self._failures) > 100_000:  # bound memory under a flood of random numbers
                self._failures.clear()


guard = LookupGuard()
