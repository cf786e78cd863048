"""Webhooks signed the way Twilio signs them, for tests and benchmarks."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from twilio.request_validator import RequestValidator

if TYPE_CHECKING:
    import httpx

    from tests.support.stack import Stack


def signed_json(
    public_url: str, auth_token: str, path: str, body: dict[str, Any], *, token: str | None = None
) -> tuple[str, bytes, dict[str, str]]:
    """(path with bodySHA256, raw body, headers) for a Studio JSON webhook to `public_url` + `path`."""
    raw = json.dumps(body).encode()
    url = f"{path}?bodySHA256={hashlib.sha256(raw).hexdigest()}"
    signature = RequestValidator(auth_token).compute_signature(f"{public_url}{url}", {})
    headers = {"X-Twilio-Signature": signature, "Content-Type": "application/json"}
    if token:
        headers["I-Twilio-Idempotency-Token"] = token
    return url, raw, headers


def execution_sid(n: int) -> str:
    """A distinct, valid execution SID per number."""
    return f"FN{n:032x}"


async def post_signed_json(stack: Stack, path: str, body: dict[str, object]) -> httpx.Response:
    """POST a signed Studio JSON webhook as Twilio would: with no user credentials."""
    url, raw, headers = signed_json(stack.settings.public_url or "", stack.settings.auth_token, path, body)
    async with stack.client() as anonymous:
        return await anonymous.post(url, content=raw, headers=headers)
