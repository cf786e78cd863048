"""What the calls API accepts and returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from voicedash.models import Call, CallEvent

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    success: bool = True
    message: str
    data: T
    timestamp: str


class CallCreate(BaseModel):
    # Any JSON value is accepted here so that the phone module can say exactly what is wrong with it.
    to: Any = Field(
        description="The number to call, in E.164 or as people write it.", examples=["+14155550101"]
    )


class CallPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True, serialize_by_alias=True)

    execution_sid: str
    call_sid: str | None
    to: str
    from_: str | None = Field(alias="from")
    status: str
    outcome: str
    digits: str | None
    answered_by: str | None
    duration: int | None
    recording_url: str | None
    created_at: datetime
    updated_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    batch_id: str | None = None

    @classmethod
    def of(cls, call: Call) -> CallPublic:
        return cls(
            execution_sid=call.execution_sid,
            call_sid=call.call_sid,
            to=call.to_number,
            from_=call.from_number,
            status=call.status,
            outcome=call.outcome,
            digits=call.digits,
            answered_by=call.answered_by,
            duration=call.duration,
            recording_url=call.recording_url,
            created_at=call.created_at,
            updated_at=call.updated_at,
            answered_at=call.answered_at,
            ended_at=call.ended_at,
            batch_id=call.batch_id,
        )


class CallEventItem(BaseModel):
    """A timeline event as the event feed lists it: without the raw payload."""

    event_id: int
    execution_sid: str | None
    call_sid: str | None
    kind: str
    event: str
    fields: dict[str, Any]
    content_type: str
    received_at: datetime

    @classmethod
    def of(cls, event: CallEvent) -> Self:
        return cls(**_event_fields(event))


class CallEventPublic(CallEventItem):
    """A timeline event in a call's detail: with the body as Twilio sent it."""

    payload: str

    @classmethod
    def of(cls, event: CallEvent) -> Self:
        return cls(**_event_fields(event), payload=event.payload)


def _event_fields(event: CallEvent) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "execution_sid": event.execution_sid,
        "call_sid": event.call_sid,
        "kind": event.kind,
        "event": event.event,
        "fields": event.fields,
        "content_type": event.content_type,
        "received_at": event.received_at,
    }


class CallList(BaseModel):
    items: list[CallPublic]
    total: int
    total_exact: bool = Field(
        default=True, description="False: `total` is a lower bound (counting stopped at a cap)."
    )
    limit: int
    offset: int
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page.")


class CallDetail(BaseModel):
    call: CallPublic
    events: list[CallEventPublic]
