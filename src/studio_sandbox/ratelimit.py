"""Twilio's account limits: executions per second (rejected) and calls per second (queued)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """Allows at most `per_second` events in any one-second window (0 = unlimited)."""

    def __init__(self, per_second: float, now: Callable[[], float] = time.monotonic) -> None:
        self._limit = per_second
        self._now = now
        self._recent: deque[float] = deque()

    def try_acquire(self) -> bool:
        """Take a slot if one is free in the last second."""
        if self._limit <= 0:
            return True
        moment = self._now()
        while self._recent and moment - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self._limit:
            return False
        self._recent.append(moment)
        return True


class CallPacer:
    """Spaces call starts `1 / calls_per_second` simulated seconds apart; excess calls wait their turn."""

    def __init__(self, calls_per_second: float, time_scale: float) -> None:
        self._interval = time_scale / calls_per_second if calls_per_second > 0 else 0.0
        self._next_free = 0.0

    async def wait_turn(self) -> float:
        """Wait for this call's slot; returns the real seconds spent queued."""
        if self._interval <= 0:
            return 0.0
        now = asyncio.get_running_loop().time()
        slot = max(now, self._next_free)
        self._next_free = slot + self._interval
        delay = slot - now
        if delay > 0:
            await asyncio.sleep(delay)
        return delay
