"""Twilio's webhook signatures (X-Twilio-Signature), with the optional HMAC-SHA256 variant."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

SHA1 = "HMAC_SHA1"
SHA256 = "HMAC_SHA256"
_DIGESTS = {SHA1: hashlib.sha1, SHA256: hashlib.sha256}


def signed_string(url: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """The URL followed by each name in sorted order with each of its values in sorted order."""
    by_name: dict[str, set[str]] = {}
    for name, value in params:
        by_name.setdefault(name, set()).add(value)
    return url + "".join(name + value for name in sorted(by_name) for value in sorted(by_name[name]))


def form_signature(
    auth_token: str, url: str, params: Iterable[tuple[str, str]] = (), algorithm: str = SHA1
) -> str:
    """base64(HMAC(token, signed string)); HMAC-SHA1 unless the SHA-256 variant is asked for."""
    digest = hmac.new(auth_token.encode(), signed_string(url, params).encode(), _DIGESTS[algorithm])
    return base64.b64encode(digest.digest()).decode()


def body_sha256(body: bytes) -> str:
    """Hex SHA-256 of a raw request body."""
    return hashlib.sha256(body).hexdigest()


def with_body_hash(url: str, body: bytes) -> str:
    """The URL Twilio calls for a JSON body: `bodySHA256=<hex>` appended to its query."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}bodySHA256={body_sha256(body)}"


@dataclass(frozen=True)
class Signer:
    """Signs outbound requests. `algorithm` HMAC_SHA256 also sends `X-Twilio-Webhooks-Signature-Settings`
    (`key=<settings_key>,algorithm=HMAC_SHA256`); the meaning of `key` is not documented, so it is a setting.
    """

    auth_token: str
    algorithm: str = SHA1
    settings_key: str = "primary"

    def __post_init__(self) -> None:
        if self.algorithm not in _DIGESTS:
            raise ValueError(f"signature algorithm must be one of {', '.join(_DIGESTS)}")

    def headers(self, url: str, params: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
        """The signature header(s) for a request to `url` with form `params`."""
        headers = {"X-Twilio-Signature": form_signature(self.auth_token, url, params, self.algorithm)}
        if self.algorithm != SHA1:
            headers["X-Twilio-Webhooks-Signature-Settings"] = (
                f"key={self.settings_key},algorithm={self.algorithm}"
            )
        return headers
