"""Webhooks signed as Twilio signs them, for tests that post their own."""

from __future__ import annotations

import hashlib
import json

import httpx
from twilio.request_validator import RequestValidator

from tests.support.stack import Stack


async def post_signed_json(stack: Stack, path: str, body: dict[str, object]) -> httpx.Response:
    """POST a Studio-style JSON webhook with a valid X-Twilio-Signature (bodySHA256 in the URL)."""
    raw = json.dumps(body).encode()
    url = f"{path}?bodySHA256={hashlib.sha256(raw).hexdigest()}"
    signature = RequestValidator(stack.settings.auth_token).compute_signature(
        f"{stack.settings.public_url}{url}", {}
    )
    async with stack.client() as anonymous:
        return await anonymous.post(
            url, content=raw, headers={"X-Twilio-Signature": signature, "Content-Type": "application/json"}
        )
