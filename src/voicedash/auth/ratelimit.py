"""Login attempt limits: a sliding window of failures per key (IP, username), in this process.

One process keeps its own counts; with several app processes each allows the limit, so put the
counts in Redis (the same REDIS_URL Socket.IO uses) before scaling out login traffic.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most `limit` failures per key in any `window` seconds; memory bounded by `max_keys`."""

    def __init__(
        self,
        *,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str) -> deque[float]:
        stamps = self._failures.get(key)
        if stamps is None:
            return deque()
        cutoff = self.clock() - self.window
        while stamps and stamps[0] <= cutoff:
            stamps.popleft()
        if not stamps:
            del self._failures[key]
        return stamps

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again; 0 when it may now."""
        stamps = self._recent(key)
        if len(stamps) < self.limit:
            return 0
        return max(1, math.ceil(stamps[-self.limit] + self.window - self.clock()))

    def fail(self, key: str) -> None:
        stamps = self._recent(key)
        stamps.append(self.clock())
        self._failures[key] = stamps
        self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)
