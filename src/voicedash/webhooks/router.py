"""Webhook endpoints Studio flows and Twilio call status callbacks post to.

`accept_webhook` is the one implementation of the checks; `webhooks.fastpath` serves Twilio's requests
with it straight from ASGI, and the routes here (what OpenAPI and the route table see) serve the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.requests import ClientDisconnect

from voicedash.config import Settings
from voicedash.db.base import utcnow
from voicedash.dependencies import SettingsDep
from voicedash.envelope import ok
from voicedash.errors import AppError, PayloadTooLargeError, SecurityError
from voicedash.logs import get_logger
from voicedash.webhooks.identity import TOKEN_HEADER, idempotency_key
from voicedash.webhooks.inbox import InboxWriter
from voicedash.webhooks.parse import WebhookKind, parse_webhook
from voicedash.webhooks.signature import public_request_url, verify_signature
from voicedash.webhooks.spool import InboxItem

router = APIRouter(prefix="/api/calls/webhooks", tags=["webhooks"])
security_log = get_logger("voicedash.security")

MAX_BODY_BYTES = 64 * 1024
MAX_CONTENT_TYPE = 128


def body_too_large() -> PayloadTooLargeError:
    return PayloadTooLargeError("webhook body is larger than 64 kB", details={"field": "body"})


def body_incomplete() -> AppError:
    # The sender gave up mid-body: nothing was acknowledged, so nothing is lost; Twilio retries.
    return AppError("request body incomplete", status_code=400, code="CLIENT_DISCONNECTED")


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ is several times slower
class WebhookRequest:
    """What the checks need from one webhook request, however it was received."""

    kind: WebhookKind
    path: str
    query: str
    body: bytes
    content_type: str
    signature: str | None
    signature_settings: str | None
    idempotency_token: str | None
    user_agent: str | None
    ip: str | None
    method: str = "POST"


async def accept_webhook(
    webhook: WebhookRequest, *, base_url: str, settings: Settings, writer: InboxWriter
) -> dict[str, Any]:
    """Check the signature, parse and durably store one webhook; returns the envelope to answer with.
    `base_url` is PUBLIC_URL, or this request's own base when it is not set."""
    if len(webhook.content_type) > MAX_CONTENT_TYPE:
        raise AppError(
            "Content-Type header is too long",
            status_code=415,
            code="UNSUPPORTED_MEDIA_TYPE",
            details={"field": "Content-Type"},
        )
    try:
        verify_signature(
            auth_token=settings.auth_token,
            url=public_request_url(base_url, webhook.path, webhook.query),
            body=webhook.body,
            media_type=webhook.content_type.split(";", 1)[0].strip().lower(),
            signature=webhook.signature,
            signature_settings=webhook.signature_settings,
        )
    except SecurityError as exc:
        security_log.warning(
            "INVALID_SIGNATURE",
            severity="high",
            reason=exc.message,
            ip=webhook.ip,
            user_agent=webhook.user_agent,
            method=webhook.method,
            url=webhook.path,
        )
        raise
    event = parse_webhook(webhook.kind, webhook.content_type, webhook.body)
    item = InboxItem(
        idempotency_key=idempotency_key(event, webhook.idempotency_token),
        kind=webhook.kind.value,
        content_type=webhook.content_type,
        body=webhook.body,
        headers={"idempotency_token": webhook.idempotency_token, "user_agent": webhook.user_agent},
        received_at=utcnow(),
    )
    # Acknowledged only once durable; a duplicate delivery is acknowledged too, and has no effect.
    is_new = await writer.store(item)
    return ok({"duplicate": not is_new}, "stored" if is_new else "duplicate ignored")


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise body_too_large()
    body = bytearray()
    try:
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > MAX_BODY_BYTES:
                raise body_too_large()
    except ClientDisconnect:
        raise body_incomplete() from None
    return bytes(body)


async def _receive(kind: WebhookKind, request: Request, settings: SettingsDep) -> Any:
    headers = request.headers
    webhook = WebhookRequest(
        kind=kind,
        path=request.url.path,
        query=request.url.query,
        body=await _read_body(request),
        content_type=headers.get("content-type", ""),
        signature=headers.get("x-twilio-signature"),
        signature_settings=headers.get("x-twilio-webhooks-signature-settings"),
        idempotency_token=headers.get(TOKEN_HEADER),
        user_agent=headers.get("user-agent"),
        ip=request.client.host if request.client else None,
        method=request.method,
    )
    base = settings.public_url or str(request.base_url).rstrip("/")
    return await accept_webhook(
        webhook, base_url=base, settings=settings, writer=request.app.state.inbox_writer
    )


def _endpoint(kind: WebhookKind) -> Any:
    async def receive(request: Request, settings: SettingsDep) -> Any:
        return await _receive(kind, request, settings)

    receive.__doc__ = f"Receive a signed Twilio/Studio {kind.value} webhook (JSON or form-encoded)."
    receive.__name__ = f"webhook_{kind.value}"
    return receive


for _kind in WebhookKind:
    router.add_api_route(f"/{_kind.value}", _endpoint(_kind), methods=["POST"], name=f"webhook_{_kind.value}")
