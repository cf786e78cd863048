"""Starting calls and reading them back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.calls.phone import normalize_phone
from voicedash.calls.schemas import CallDetail, CallEventPublic, CallPublic
from voicedash.config import Settings
from voicedash.db.base import utcnow
from voicedash.db.encryption import keyring_of
from voicedash.errors import AppError, NotFoundError, TwilioError
from voicedash.models import Call, CallEvent, CallOutcome, CallStatus
from voicedash.models.call import TERMINAL_STATUSES
from voicedash.twilio_gateway.gateway import Execution, TwilioGateway

# Values per IN (...) list: well under every driver's bound-parameter limit.
_IN_CHUNK = 500


async def get_or_create_call(session: AsyncSession, execution_sid: str, **defaults: Any) -> Call:
    """The call row for an execution, created if neither /start nor a webhook has made it yet."""
    call = await session.scalar(select(Call).where(Call.execution_sid == execution_sid))
    if call is not None:
        return call
    try:
        async with session.begin_nested():
            call = Call(execution_sid=execution_sid, **defaults)
            session.add(call)
    except IntegrityError:
        # A webhook for the same execution inserted it at the same moment.
        call = await session.scalar(select(Call).where(Call.execution_sid == execution_sid))
        assert call is not None
    return call


def _running(settings: Settings) -> list[ColumnElement[bool]]:
    """A call still running: undecided, not ended, and younger than the longest a flow may run."""
    since = utcnow() - timedelta(seconds=settings.flow_max_seconds)
    return [
        Call.created_at >= since,
        Call.outcome == CallOutcome.pending,
        Call.status.not_in([s.value for s in TERMINAL_STATUSES]),
    ]


async def _refuse_if_in_progress(session: AsyncSession, number: str, settings: Settings) -> None:
    """Never ring someone twice at once: a call still running to the number blocks a new one.

    Two starts racing past this check are stopped by Twilio itself, which runs one execution per
    To/From pair for a flow that does not allow concurrent calls (the bundled flow does not).
    """
    running = await session.scalar(
        select(Call.execution_sid)
        .where(Call.to_hash == keyring_of(session.get_bind().dialect).keyed_hash(number), *_running(settings))
        .limit(1)
    )
    if running:
        raise AppError(
            "a call to this number is already in progress",
            status_code=409,
            code="CALL_IN_PROGRESS",
            details={"field": "to", "execution_sid": running},
        )


async def numbers_in_progress(session: AsyncSession, numbers: Iterable[str], settings: Settings) -> set[str]:
    """Which of these E.164 numbers have a call running now (what `start_call` would refuse with 409)."""
    keyring = keyring_of(session.get_bind().dialect)
    by_hash = {keyring.keyed_hash(number): number for number in numbers}
    hashes = list(by_hash)
    running: set[str] = set()
    for start in range(0, len(hashes), _IN_CHUNK):
        found = await session.scalars(
            select(Call.to_hash).where(
                Call.to_hash.in_(hashes[start : start + _IN_CHUNK]), *_running(settings)
            )
        )
        running.update(by_hash[h] for h in found if h is not None)
    return running


async def start_call(session: AsyncSession, gateway: TwilioGateway, settings: Settings, to: Any) -> Call:
    """Normalise the number, start the Studio execution that calls it, and record the call."""
    number = normalize_phone(to, default_region=settings.default_region)
    if not (settings.twilio_flow_sid and settings.twilio_phone_number and settings.public_url):
        raise TwilioError("TWILIO_FLOW_SID, TWILIO_PHONE_NUMBER and PUBLIC_URL must be set to place calls")
    await _refuse_if_in_progress(session, number, settings)
    execution: Execution = await gateway.start_execution(
        flow_sid=settings.twilio_flow_sid,
        to=number,
        from_=settings.twilio_phone_number,
        parameters={"webhook_base": settings.public_url},
    )
    call = await get_or_create_call(
        session,
        execution.sid,
        to_number=number,
        from_number=settings.twilio_phone_number,
        flow_sid=execution.flow_sid,
        status=CallStatus.queued,
    )
    # Webhooks may have created the row first, from what they carried.
    call.to_number = number
    call.from_number = settings.twilio_phone_number
    call.flow_sid = execution.flow_sid
    await session.flush()
    return call


async def call_detail(session: AsyncSession, execution_sid: str) -> CallDetail:
    """One call and its timeline, oldest event first."""
    call = await session.scalar(select(Call).where(Call.execution_sid == execution_sid))
    if call is None:
        raise NotFoundError(f"no call with execution_sid {execution_sid}", details={"field": "execution_sid"})
    events = await session.scalars(
        select(CallEvent).where(CallEvent.call_id == call.id).order_by(CallEvent.id)
    )
    return CallDetail(call=CallPublic.of(call), events=[CallEventPublic.of(e) for e in events])
