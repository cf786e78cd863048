"""Virtual time: every simulated duration goes through here so `time_scale` speeds the whole sandbox up."""

from __future__ import annotations

import asyncio


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
