"""Finalises calls that ended in silence.

When a person hangs up mid-prompt, Studio ends the execution and sends nothing. Every so often the
reconciler asks Twilio about calls that have been quiet too long, reads what the execution's call widget
reported, and records the verdict as a timeline event through the same inbox as real webhooks, so the
call is updated, broadcast and replayable like any other event, and never stays `pending` (or, when
its last status webhook was lost, in progress) for ever.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from voicedash.background import cancel_and_wait
from voicedash.db.base import utcnow
from voicedash.errors import AppError
from voicedash.logs import get_logger
from voicedash.models import Call, CallOutcome
from voicedash.models.call import TERMINAL_STATUSES
from voicedash.twilio_gateway.errors import NOT_FOUND_CODE
from voicedash.twilio_gateway.gateway import ExecutionState, TwilioGateway
from voicedash.webhooks.inbox import InboxWriter
from voicedash.webhooks.spool import InboxItem

log = get_logger(__name__)
BATCH = 50
_ANSWERED = {"in-progress", "completed", "answered"}
# The bundled flow's widgets that report a decision (twilio_gateway/appointment_flow.json), strongest
# first; a custom flow without them still gets hung_up / busy / no_answer / failed.
_DECIDING_WIDGETS: dict[str, dict[str, str]] = {
    "notify_confirm": {"event": "dtmf_action", "action": "confirm_appointment"},
    "notify_cancel": {"event": "dtmf_action", "action": "cancel_appointment"},
    "notify_voicemail": {"event": "dtmf_action", "action": "connect_to_representative"},
    "notify_machine": {"event": "machine"},
    "notify_no_input": {"event": "no_input"},
}
_UNREACHED_EVENTS = {
    "busy": "busy",
    "no-answer": "no_answer",
    "failed": "call_failed",
    "canceled": "call_failed",
}


@dataclass(frozen=True)
class ReconcileSettings:
    interval_seconds: float
    quiet_seconds: float
    flow_max_seconds: float
    max_requests_per_second: float = 5.0


def _call_widget(context: dict[str, Any]) -> dict[str, Any]:
    """The outputs of the widget that placed the call (the one reporting a CallStatus)."""
    widgets = context.get("widgets") or {}
    for outputs in widgets.values() if isinstance(widgets, dict) else []:
        if isinstance(outputs, dict) and outputs.get("CallStatus"):
            return outputs
    return {}


def _decided_in_flow(context: dict[str, Any]) -> dict[str, str] | None:
    """What the bundled flow recorded as decided, from the widgets it ran (their webhook may have been
    lost while voicedash was down: Studio does not retry a failed HTTP request)."""
    widgets = context.get("widgets") or {}
    if not isinstance(widgets, dict):
        return None
    for widget, decided in _DECIDING_WIDGETS.items():
        if widget in widgets:
            return {**decided, "call_status": "completed"}
    return None


def verdict(state: ExecutionState) -> dict[str, str]:
    """The event that settles an ended execution's call: what the flow decided if it got that far, hung up
    if the person answered and left, else what the line did."""
    call = _call_widget(state.context)
    status = str(call.get("CallStatus", "")).lower()
    answered_by = str(call.get("AnsweredBy", ""))
    if status in _ANSWERED or answered_by == "human" or answered_by.startswith("machine"):
        return _decided_in_flow(state.context) or {"event": "hung_up", "call_status": "completed"}
    if status in _UNREACHED_EVENTS:
        return {"event": _UNREACHED_EVENTS[status], "call_status": status}
    return {"event": "call_failed", "call_status": "failed"}


class Reconciler:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        gateway: Callable[[], TwilioGateway | None],
        writer: InboxWriter,
        settings: ReconcileSettings,
    ) -> None:
        self.sessions = sessions
        self.gateway = gateway
        self.writer = writer
        self.settings = settings
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.interval_seconds)
            try:
                await self.reconcile_once()
            except Exception:  # keep reconciling next time; the error is logged with its traceback
                log.exception("reconcile_failed")

    async def _quiet_calls(self) -> list[Call]:
        cutoff = utcnow() - timedelta(seconds=self.settings.quiet_seconds)
        async with self.sessions() as session:
            query = (
                select(Call)
                .where(
                    # Decided but never ended counts too: the last status webhook was lost (a restart),
                    # and the call would show as in progress for ever.
                    or_(Call.outcome == CallOutcome.pending, Call.status.not_in(TERMINAL_STATUSES)),
                    Call.updated_at <= cutoff,
                    Call.flow_sid.is_not(None),
                )
                .order_by(Call.updated_at)
                .limit(BATCH)
            )
            return list(await session.scalars(query))

    async def reconcile_once(self) -> int:
        """Check the quietest pending or unended calls; returns how many were settled."""
        gateway = self.gateway()
        if gateway is None:
            return 0
        settled = 0
        for call in await self._quiet_calls():
            try:
                settled += await self._settle(gateway, call)
            except AppError as exc:
                log.warning("reconcile_call_failed", execution_sid=call.execution_sid, error=exc.message)
            await asyncio.sleep(1 / self.settings.max_requests_per_second)  # Twilio's API limits
        return settled

    async def _settle(self, gateway: TwilioGateway, call: Call) -> int:
        assert call.flow_sid is not None
        overdue = (utcnow() - call.created_at).total_seconds() >= self.settings.flow_max_seconds
        try:
            state = await gateway.fetch_execution_state(call.flow_sid, call.execution_sid)
        except AppError as exc:
            if exc.code != NOT_FOUND_CODE:
                raise
            # Twilio no longer knows the execution (deleted; a restarted sandbox): it cannot be running.
            state = ExecutionState(status="ended", context={})
        if state.status != "ended":
            if not overdue:
                return 0
            await gateway.end_execution(call.flow_sid, call.execution_sid)
        body = {"execution_sid": call.execution_sid, "source": "reconciler", **verdict(state)}
        await self.writer.store(
            InboxItem(
                idempotency_key=f"reconcile:{call.execution_sid}",
                kind="flow",
                content_type="application/json",
                body=json.dumps(body).encode(),
                headers={"source": "reconciler"},
                received_at=utcnow(),
            )
        )
        log.info("call_reconciled", execution_sid=call.execution_sid, verdict=body["event"])
        return 1
