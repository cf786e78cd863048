"""Which browser origins may call voicedash: one list for CORS, CSRF's Origin check and Socket.IO."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from voicedash.config import Settings
from voicedash.security_log import environ_fields, security_event


def origin_of(url: str) -> str | None:
    """`https://clinic.example.org/voicedash/` → `https://clinic.example.org`."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def allowed_origins(settings: Settings) -> list[str]:
    """The Vite dev server, this server on loopback, PUBLIC_URL (with and without www.), CORS_ORIGINS."""
    origins = [
        "http://localhost:3000",
        f"http://127.0.0.1:{settings.port}",
        f"http://localhost:{settings.port}",
    ]
    public = origin_of(settings.public_url) if settings.public_url else None
    if public:
        origins.append(public)
        scheme, _, host = public.partition("://")
        if host.startswith("www."):
            origins.append(f"{scheme}://{host[4:]}")
    origins += [o for o in (origin_of(x) for x in settings.extra_cors_origins) if o]
    return list(dict.fromkeys(origins))


class OriginPolicy:
    """Allows the listed origins, and a page's own origin (the host it was served from)."""

    def __init__(self, origins: Iterable[str]) -> None:
        self.origins = list(dict.fromkeys(origins))
        self._allowed = frozenset(self.origins)

    def allows(self, origin: str, own_origin: str | None = None) -> bool:
        return origin in self._allowed or (own_origin is not None and origin == own_origin)

    def allows_socket(self, origin: str | None, environ: Mapping[str, Any]) -> bool:
        """Socket.IO's origin check (python-engineio calls it); a refusal is logged as CORS_REJECTED."""
        if not origin:
            return True
        host = environ.get("HTTP_HOST")
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{host}" if host else None
        if self.allows(origin, own):
            return True
        security_event("CORS_REJECTED", environ_fields(environ), severity="medium", origin=origin)
        return False


def own_origin(scope: Mapping[str, Any]) -> str | None:
    """The origin this request was addressed to (scheme from the proxy headers uvicorn trusts)."""
    for key, value in scope.get("headers", ()):
        if key == b"host":
            return f"{scope.get('scheme', 'http')}://{bytes(value).decode('latin-1').lower()}"
    return None
