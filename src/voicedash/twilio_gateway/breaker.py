"""A circuit breaker: after repeated failures stop calling Twilio for a while and say so at once."""

from __future__ import annotations

import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(
        self, *, threshold: int = 5, cooldown: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        """True while calls should be refused; after the cooldown one trial call is let through."""
        return self._opened_at is not None and self._clock() - self._opened_at < self.cooldown

    def seconds_until_retry(self) -> int:
        if self._opened_at is None:
            return 0
        return max(1, round(self.cooldown - (self._clock() - self._opened_at)))

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self._failures += 1
        if self._failures >= self.threshold:
            self._opened_at = self._clock()

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "open" if self.is_open else "half-open"
