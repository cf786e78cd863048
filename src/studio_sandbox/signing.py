"""Twilio's webhook signatures (X-Twilio-Signature)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable


def form_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """base64(HMAC-SHA1(token, url + each name in sorted order with each of its values in sorted order))."""
    by_name: dict[str, set[str]] = {}
    for name, value in params:
        by_name.setdefault(name, set()).add(value)
    signed = url + "".join(name + value for name in sorted(by_name) for value in sorted(by_name[name]))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def body_sha256(body: bytes) -> str:
    """Hex SHA-256 of a raw request body."""
    return hashlib.sha256(body).hexdigest()


def with_body_hash(url: str, body: bytes) -> str:
    """The URL Twilio calls for a JSON body: `bodySHA256=<hex>` appended to its query."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}bodySHA256={body_sha256(body)}"
