"""Who is asking: `CurrentUser` from the session cookie or a Bearer API token; one alias per role."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.auth import service
from voicedash.auth.cookies import SESSION_COOKIE, session_secret, set_session_cookies
from voicedash.auth.csrf import SAFE_METHODS, check_csrf
from voicedash.auth.schemas import Principal
from voicedash.auth.security import read_session
from voicedash.config import Settings
from voicedash.dependencies import SessionDep, SettingsDep
from voicedash.errors import AuthenticationError, SecurityError
from voicedash.models import Role
from voicedash.security_log import environ_fields, scope_fields, security_event


def _refuse(
    request: Request, error: SecurityError | AuthenticationError
) -> SecurityError | AuthenticationError:
    security_event(
        "UNAUTHORIZED_ACCESS",
        scope_fields(request.scope),
        severity="medium",
        code=error.code,
        reason=error.message,
    )
    return error


async def _bearer(request: Request, session: AsyncSession, credentials: str) -> Principal:
    scheme, _, secret = credentials.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _refuse(request, AuthenticationError("Authorization must be `Bearer <API token>`"))
    principal = await service.principal_for_token(session, secret.strip())
    if principal is None:
        raise _refuse(request, AuthenticationError("the API token is not valid or has been revoked"))
    return principal


async def _cookie_session(
    request: Request, response: Response, session: AsyncSession, settings: Settings
) -> Principal:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise _refuse(request, AuthenticationError("sign in, or send an API token"))
    now: float = request.app.state.clock()
    claims = read_session(session_secret(settings), token, now=now)
    principal = await service.principal_for_session(session, claims) if claims else None
    if claims is None or principal is None:
        raise _refuse(request, AuthenticationError("the session has expired or ended: sign in again"))
    if request.method not in SAFE_METHODS:
        try:
            check_csrf(request, request.app.state.origins, claims.csrf)
        except SecurityError as exc:
            raise _refuse(request, exc) from None
    # Sliding expiry: past half its life, a session in use is renewed.
    if claims.expires_at - now < settings.session_ttl_seconds / 2:
        set_session_cookies(
            response, settings, user_id=claims.user_id, epoch=claims.epoch, csrf=claims.csrf, now=now
        )
    return principal


async def current_principal(
    request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> Principal:
    """The user (session cookie) or API token (Authorization: Bearer) behind this request, else 401."""
    credentials = request.headers.get("authorization")
    if credentials is not None:
        principal = await _bearer(request, session, credentials)
    else:
        principal = await _cookie_session(request, response, session, settings)
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


class RoleRequired:
    """A dependency that admits principals with at least `role`; the route-table test reads `role`."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, request: Request, principal: CurrentUser) -> Principal:
        if not principal.role.allows(self.role):
            raise _refuse(request, SecurityError(f"this needs the {self.role.value} role", code="FORBIDDEN"))
        return principal


require_viewer = RoleRequired(Role.viewer)
require_operator = RoleRequired(Role.operator)
require_admin = RoleRequired(Role.admin)
ViewerUser = Annotated[Principal, Depends(require_viewer)]
OperatorUser = Annotated[Principal, Depends(require_operator)]
AdminUser = Annotated[Principal, Depends(require_admin)]


def _cookie(environ: dict[str, Any], name: str) -> str | None:
    try:
        morsel = SimpleCookie(environ.get("HTTP_COOKIE", "")).get(name)
    except CookieError:
        return None
    return morsel.value if morsel else None


def socket_authenticator(app: FastAPI) -> Callable[[dict[str, Any], Any], Awaitable[Principal | None]]:
    """Socket.IO's check on connect: the session cookie, or `auth={"token": <API token>}`."""

    async def authenticate(environ: dict[str, Any], auth: Any) -> Principal | None:
        settings: Settings = app.state.settings
        secret = auth.get("token") if isinstance(auth, dict) else None
        async with app.state.sessions() as session:
            principal: Principal | None = None
            if isinstance(secret, str) and secret:
                principal = await service.principal_for_token(session, secret)
            elif token := _cookie(environ, SESSION_COOKIE):
                claims = read_session(session_secret(settings), token, now=app.state.clock())
                principal = await service.principal_for_session(session, claims) if claims else None
            await session.commit()
        if principal is None:
            security_event("UNAUTHORIZED_ACCESS", environ_fields(environ), severity="medium", reason="socket")
        return principal

    return authenticate


def default_clock() -> float:
    return time.time()
