"""Webhook endpoints Studio flows and Twilio call status callbacks post to."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.requests import ClientDisconnect

from voicedash.db.base import utcnow
from voicedash.dependencies import SettingsDep
from voicedash.envelope import ok
from voicedash.errors import AppError, PayloadTooLargeError, SecurityError
from voicedash.logs import get_logger
from voicedash.webhooks.identity import TOKEN_HEADER, idempotency_key
from voicedash.webhooks.parse import WebhookKind, parse_webhook
from voicedash.webhooks.signature import public_request_url, verify_signature
from voicedash.webhooks.spool import InboxItem

router = APIRouter(prefix="/api/calls/webhooks", tags=["webhooks"])
security_log = get_logger("voicedash.security")

MAX_BODY_BYTES = 64 * 1024
MAX_CONTENT_TYPE = 128


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLargeError("webhook body is larger than 64 kB", details={"field": "body"})
    body = bytearray()
    try:
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > MAX_BODY_BYTES:
                raise PayloadTooLargeError("webhook body is larger than 64 kB", details={"field": "body"})
    except ClientDisconnect:
        # The sender gave up mid-body: nothing was acknowledged, so nothing is lost; Twilio retries.
        raise AppError("request body incomplete", status_code=400, code="CLIENT_DISCONNECTED") from None
    return bytes(body)


async def _receive(kind: WebhookKind, request: Request, settings: SettingsDep) -> Any:
    body = await _read_body(request)
    content_type = request.headers.get("content-type", "")
    if len(content_type) > MAX_CONTENT_TYPE:
        raise AppError(
            "Content-Type header is too long",
            status_code=415,
            code="UNSUPPORTED_MEDIA_TYPE",
            details={"field": "Content-Type"},
        )
    base = settings.public_url or str(request.base_url).rstrip("/")
    url = public_request_url(base, request.url.path, request.url.query)
    try:
        verify_signature(
            auth_token=settings.auth_token,
            url=url,
            body=body,
            media_type=content_type.split(";", 1)[0].strip().lower(),
            signature=request.headers.get("x-twilio-signature"),
            signature_settings=request.headers.get("x-twilio-webhooks-signature-settings"),
        )
    except SecurityError as exc:
        security_log.warning(
            "INVALID_SIGNATURE",
            severity="high",
            reason=exc.message,
            ip=request.client.host if request.client else None,
            user_agent=request.headers.get("user-agent"),
            method=request.method,
            url=request.url.path,
        )
        raise
    event = parse_webhook(kind, content_type, body)
    token = request.headers.get(TOKEN_HEADER)
    item = InboxItem(
        idempotency_key=idempotency_key(event, token),
        kind=kind.value,
        content_type=content_type,
        body=body,
        headers={"idempotency_token": token, "user_agent": request.headers.get("user-agent")},
        received_at=utcnow(),
    )
    # Acknowledged only once durable; a duplicate delivery is acknowledged too, and has no effect.
    is_new = await request.app.state.inbox_writer.store(item)
    return ok({"duplicate": not is_new}, "stored" if is_new else "duplicate ignored")


def _endpoint(kind: WebhookKind) -> Any:
    async def receive(request: Request, settings: SettingsDep) -> Any:
        return await _receive(kind, request, settings)

    receive.__doc__ = f"Receive a signed Twilio/Studio {kind.value} webhook (JSON or form-encoded)."
    receive.__name__ = f"webhook_{kind.value}"
    return receive


for _kind in WebhookKind:
    router.add_api_route(f"/{_kind.value}", _endpoint(_kind), methods=["POST"], name=f"webhook_{_kind.value}")
