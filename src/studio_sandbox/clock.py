"""Virtual time: every simulated duration goes through here so `time_scale` speeds the whole sandbox up.

Each execution (and each call placed through the API) keeps its own `Timeline`: how many simulated seconds
have passed since it began. With `time_scale` 0 (tests) no real time passes but the timeline still moves,
so call durations, recording lengths and the flow tester's timestamps are what they would be in real life.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from studio_sandbox.sids import utcnow


class Clock:
    """Sleeps `seconds * time_scale`; a scale of 0 only yields to the event loop."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale

    def real_seconds(self, seconds: float) -> float:
        """How long a simulated duration lasts on the wall clock."""
        return max(0.0, seconds) * self.time_scale

    async def sleep(self, seconds: float) -> None:
        """Let `seconds` of simulated time pass."""
        await asyncio.sleep(self.real_seconds(seconds))


class Timeline:
    """Simulated time since something began, advanced only by `sleep`."""

    def __init__(self, clock: Clock, start: datetime | None = None) -> None:
        self.clock = clock
        self.start = start or utcnow()
        self.elapsed = 0.0

    def now(self) -> datetime:
        """The simulated current moment."""
        return self.start + timedelta(seconds=self.elapsed)

    async def sleep(self, seconds: float) -> None:
        """Let `seconds` of simulated time pass (scaled on the wall clock)."""
        seconds = max(0.0, seconds)
        self.elapsed += seconds
        await self.clock.sleep(seconds)
