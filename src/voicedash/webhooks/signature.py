"""Twilio request signatures, checked with the SDK's RequestValidator against the public URL."""

from __future__ import annotations

import functools
from urllib.parse import parse_qs

from twilio.request_validator import RequestValidator, get_signature_algorithm

from voicedash.errors import SecurityError
from voicedash.webhooks.parse import form_params


class _FormParams(dict[str, list[str]]):
    """RequestValidator reads repeated form fields through `getall`, as with a MultiDict."""

    def getall(self, name: str) -> list[str]:
        return self[name]


@functools.lru_cache(maxsize=4)
def _validator(auth_token: str) -> RequestValidator:
    """One validator per auth token, not one per webhook (it holds only the encoded token)."""
    return RequestValidator(auth_token)


def public_request_url(public_url: str, path: str, query: str) -> str:
    """The URL Twilio called: the configured public base, never the Host header behind a proxy."""
    return f"{public_url}{path}" + (f"?{query}" if query else "")


def verify_signature(
    *,
    auth_token: str,
    url: str,
    body: bytes,
    media_type: str,
    signature: str | None,
    signature_settings: str | None = None,
) -> None:
    """Raise SecurityError unless `signature` is Twilio's signature of this request."""
    if not signature:
        raise SecurityError("missing X-Twilio-Signature header", code="INVALID_SIGNATURE")
    if not auth_token:
        raise SecurityError(
            "TWILIO_AUTH_TOKEN is not set; webhooks cannot be verified", code="INVALID_SIGNATURE"
        )
    validator = _validator(auth_token)
    algorithm = get_signature_algorithm(signature_settings)
    if media_type == "application/json":
        # JSON webhooks sign the URL with bodySHA256 added; without it the SDK cannot check the body.
        if "bodySHA256" not in parse_qs(url.partition("?")[2]):
            raise SecurityError("JSON webhook without bodySHA256 in its URL", code="INVALID_SIGNATURE")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise SecurityError("webhook body is not UTF-8", code="INVALID_SIGNATURE") from None
        valid = validator.validate(url, text, signature, algorithm)
    else:
        valid = validator.validate(url, _FormParams(form_params(body)), signature, algorithm)
    if not valid:
        raise SecurityError("invalid Twilio signature", code="INVALID_SIGNATURE")
