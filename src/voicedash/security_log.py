"""The security log: one JSON line per event on the `voicedash.security` logger, with who and where.

Fields: event, severity, ip, user_agent, method, url (the path only: query strings can carry numbers),
plus the logging timestamp. Tokens and passwords are never passed in; logs.py masks phone numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from voicedash.logs import get_logger

security_log = get_logger("voicedash.security")
_LEVELS = {"low": "info", "medium": "warning", "high": "warning", "critical": "error"}


def _header(scope: Mapping[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def scope_fields(scope: Mapping[str, Any]) -> dict[str, Any]:
    """Who sent an ASGI request, and to where."""
    client = scope.get("client")
    return {
        "ip": client[0] if client else None,
        "user_agent": _header(scope, b"user-agent"),
        "method": scope.get("method"),
        "url": scope.get("path"),
    }


def environ_fields(environ: Mapping[str, Any]) -> dict[str, Any]:
    """The same fields from a Socket.IO connection's WSGI-style environ."""
    return {
        "ip": environ.get("REMOTE_ADDR"),
        "user_agent": environ.get("HTTP_USER_AGENT"),
        "method": environ.get("REQUEST_METHOD"),
        "url": environ.get("PATH_INFO"),
    }


def security_event(event: str, where: Mapping[str, Any], *, severity: str, **fields: Any) -> None:
    """Write one security log line; `where` is the request's fields (scope_fields or environ_fields)."""
    getattr(security_log, _LEVELS.get(severity, "warning"))(event, severity=severity, **where, **fields)
