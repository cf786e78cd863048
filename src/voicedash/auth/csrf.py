"""CSRF defence for cookie-authenticated requests: an allowed Origin and a double-submitted token.

The token is random per session, bound into the signed session JWT and also set in a cookie the page's
JavaScript reads and echoes in `X-CSRF-Token`. Bearer-token requests carry no ambient credential and
are exempt; webhooks are signed by Twilio and never reach this code.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from voicedash.errors import SecurityError
from voicedash.ops.origins import OriginPolicy, origin_of, own_origin

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_COOKIE = "voicedash_csrf"
CSRF_HEADER = "X-CSRF-Token"


def request_origin(request: Request) -> str | None:
    """The Origin header, or the origin of the Referer when a browser sent no Origin."""
    origin = request.headers.get("origin")
    if origin:
        return origin
    referer = request.headers.get("referer")
    return origin_of(referer) if referer else None


def check_origin(request: Request, policy: OriginPolicy, *, required: bool) -> None:
    """Refuse a request from a page on another origin; without any origin, refuse only if `required`."""
    origin = request_origin(request)
    if origin is None:
        if required:
            raise SecurityError("cross-site request refused: no Origin or Referer header", code="CSRF_FAILED")
        return
    if not policy.allows(origin, own_origin(request.scope)):
        raise SecurityError(f"cross-site request refused: origin {origin} is not allowed", code="CSRF_FAILED")


def _same(given: str, expected: str) -> bool:
    # Bytes: compare_digest refuses non-ASCII str, and headers are whatever a client sends.
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def check_csrf(request: Request, policy: OriginPolicy, expected: str) -> None:
    """Both checks, for an unsafe method on a cookie session."""
    check_origin(request, policy, required=True)
    header = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not (header and _same(header, expected) and _same(cookie, expected)):
        raise SecurityError(f"missing or wrong {CSRF_HEADER} header", code="CSRF_FAILED")
