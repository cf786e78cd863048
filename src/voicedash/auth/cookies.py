"""The session cookie (httpOnly JWT) and the CSRF cookie the page's JavaScript reads."""

from __future__ import annotations

from fastapi import Response

from voicedash.auth.csrf import CSRF_COOKIE
from voicedash.auth.security import issue_session
from voicedash.config import Settings

SESSION_COOKIE = "voicedash_session"


def _secret(settings: Settings) -> str:
    if settings.jwt_secret is None:
        raise RuntimeError("JWT_SECRET is not set")
    return settings.jwt_secret.get_secret_value()


def session_secret(settings: Settings) -> str:
    return _secret(settings)


def set_session_cookies(
    response: Response, settings: Settings, *, user_id: int, epoch: int, csrf: str, now: float
) -> None:
    """Issue a fresh session token (SameSite=Lax, Secure under https) and its CSRF twin."""
    ttl = settings.session_ttl_seconds
    token = issue_session(_secret(settings), user_id=user_id, epoch=epoch, csrf=csrf, now=now, ttl=ttl)
    secure = settings.is_https
    response.set_cookie(
        SESSION_COOKIE, token, max_age=ttl, httponly=True, secure=secure, samesite="lax", path="/"
    )
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=ttl, httponly=False, secure=secure, samesite="lax", path="/"
    )


def clear_session_cookies(response: Response, settings: Settings) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", secure=settings.is_https, samesite="lax")
