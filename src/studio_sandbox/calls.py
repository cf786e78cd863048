"""The calls the sandbox places (flows' outgoing calls, dialled legs, and `Calls.json` requests)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from studio_sandbox.errors import not_found
from studio_sandbox.sids import new_sid, utcnow

TERMINAL = frozenset({"completed", "busy", "no-answer", "canceled", "failed"})


@dataclass
class CallRecord:
    """One call as the 2010 API's Call resource describes it; times are on the simulated clock."""

    sid: str
    to: str
    from_: str
    direction: str
    date_created: datetime
    status: str = "queued"
    parent_call_sid: str | None = None
    answered_by: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = None
    queue_time: int = 0
    status_callback: str | None = None
    status_callback_method: str = "POST"
    status_callback_events: frozenset[str] = frozenset({"completed"})
    date_updated: datetime = field(default_factory=utcnow)
    callback_sequence: int = 0
    seq: int = 0

    @property
    def ended(self) -> bool:
        """Whether the call reached a final status."""
        return self.status in TERMINAL

    def move(self, status: str, simulated_now: datetime) -> None:
        """Record a status change at `simulated_now`; a final status is never left."""
        if self.ended:
            return
        self.status, self.date_updated = status, simulated_now
        if status == "in-progress":
            self.start_time = simulated_now
        if status in TERMINAL:
            self.end_time = simulated_now
            started = self.start_time or simulated_now
            self.duration = int((simulated_now - started) / timedelta(seconds=1))


class CallStore:
    """Calls by SID, newest first in lists."""

    def __init__(self) -> None:
        self._calls: dict[str, CallRecord] = {}
        self._sequence = itertools.count(1)

    def place(
        self, to: str, from_: str, direction: str = "outbound-api", parent: str | None = None
    ) -> CallRecord:
        """A new queued call."""
        call = CallRecord(new_sid("CA"), to, from_, direction, utcnow(), parent_call_sid=parent)
        call.seq = next(self._sequence)
        self._calls[call.sid] = call
        return call

    def get(self, call_sid: str, account_sid: str) -> CallRecord:
        """The call, or a 404."""
        found = self._calls.get(call_sid)
        if found is None:
            raise not_found(f"2010-04-01/Accounts/{account_sid}/Calls", f"{call_sid}.json")
        return found

    def calls(
        self, to: str | None = None, from_: str | None = None, status: str | None = None
    ) -> list[CallRecord]:
        """Calls matching the filters, newest first."""
        found = [
            c
            for c in self._calls.values()
            if (to is None or c.to == to)
            and (from_ is None or c.from_ == from_)
            and (status is None or c.status == status)
        ]
        return sorted(found, key=lambda c: c.seq, reverse=True)

    def delete(self, call_sid: str, account_sid: str) -> None:
        """Forget a call record."""
        self.get(call_sid, account_sid)
        del self._calls[call_sid]
