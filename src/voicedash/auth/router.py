"""/api/auth: sign in and out, who am I, API tokens, accounts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse

from voicedash.audit.service import record
from voicedash.auth import service
from voicedash.auth.cookies import clear_session_cookies, set_session_cookies
from voicedash.auth.csrf import check_origin
from voicedash.auth.dependencies import AdminUser, CurrentUser
from voicedash.auth.ratelimit import SlidingWindowLimiter
from voicedash.auth.schemas import (
    LoginRequest,
    MePublic,
    TokenCreate,
    TokenCreated,
    TokenList,
    TokenPublic,
    UserPublic,
)
from voicedash.auth.security import new_csrf_token
from voicedash.calls.schemas import Envelope
from voicedash.dependencies import PageLimit, PageOffset, SessionDep, SettingsDep
from voicedash.envelope import ok
from voicedash.errors import RateLimitedError, SecurityError, error_body
from voicedash.security_log import scope_fields, security_event

public_router = APIRouter(prefix="/api/auth", tags=["auth"])
router = APIRouter(prefix="/api/auth", tags=["auth"])


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _guard(request: Request, keys: list[str]) -> None:
    """Refuse a sign-in posted from another site's page, or after too many failures."""
    try:
        check_origin(request, request.app.state.origins, required=False)
    except SecurityError as exc:
        fields = scope_fields(request.scope)
        security_event("UNAUTHORIZED_ACCESS", fields, severity="medium", reason=exc.message)
        raise
    limiter: SlidingWindowLimiter = request.app.state.login_limiter
    wait = max(limiter.retry_after(key) for key in keys)
    if wait:
        security_event("RATE_LIMITED", scope_fields(request.scope), severity="high", retry_after=wait)
        raise RateLimitedError(f"too many failed sign-ins: try again in {wait} s", retry_after=wait)


@public_router.post("/login", response_model=Envelope[MePublic], responses={401: {}, 429: {}})
async def login(
    body: LoginRequest, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> Any:
    """Sign in with a username and password: sets the session cookie and the CSRF cookie."""
    keys = [f"ip:{_ip(request)}", f"user:{body.username.strip().lower()}"]
    _guard(request, keys)
    user = await service.authenticate(session, body.username, body.password)
    if user is None:
        for key in keys:
            request.app.state.login_limiter.fail(key)
        security_event(
            "LOGIN_FAILED", scope_fields(request.scope), severity="medium", username=body.username[:64]
        )
        await record(session, "login.failed", actor=body.username[:64], ip=_ip(request))
        # Returned, not raised: the failed attempt's audit entry must be committed.
        return JSONResponse(error_body("wrong username or password", "INVALID_CREDENTIALS"), status_code=401)
    request.app.state.login_limiter.reset(keys[1])
    set_session_cookies(
        response,
        settings,
        user_id=user.id,
        epoch=user.session_epoch,
        csrf=new_csrf_token(),
        now=request.app.state.clock(),
    )
    await record(session, "login.succeeded", actor=user.username, ip=_ip(request))
    return ok(MePublic(kind="user", name=user.username, role=user.role).model_dump(mode="json"), "signed in")


@router.post("/logout", response_model=Envelope[None])
async def logout(
    principal: CurrentUser, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> Any:
    """Sign out: this user's session tokens stop working and the cookies are cleared."""
    if principal.kind == "user":
        await service.end_sessions(session, principal.id)
        await record(session, "logout", actor=principal.actor, ip=_ip(request))
    clear_session_cookies(response, settings)
    return ok(None, "signed out")


@router.get("/me", response_model=Envelope[MePublic])
async def me(principal: CurrentUser) -> Any:
    """The signed-in user (or API token) and its role."""
    return ok(MePublic.of(principal).model_dump(mode="json"))


@router.get("/users", response_model=Envelope[list[UserPublic]])
async def users(_: AdminUser, session: SessionDep) -> Any:
    """Every account and its role (manage them with `voicedash users`)."""
    return ok([UserPublic.of(u).model_dump(mode="json") for u in await service.list_users(session)])


@router.post("/tokens", status_code=201, response_model=Envelope[TokenCreated])
async def create_token(body: TokenCreate, principal: AdminUser, session: SessionDep) -> Any:
    """Create an API token; its secret is in this response and nowhere else, ever."""
    token, secret = await service.create_token(session, name=body.name, role=body.role, actor=principal.actor)
    created = TokenCreated(token=TokenPublic.of(token), secret=secret)
    return ok(created.model_dump(mode="json"), "token created: copy the secret now")


@router.get("/tokens", response_model=Envelope[TokenList])
async def list_tokens(
    _: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
) -> Any:
    """API tokens, newest first, with when each was last used."""
    limit = min(limit, settings.history_max_limit)
    tokens, total = await service.list_tokens(session, limit=limit, offset=offset)
    page = TokenList(items=[TokenPublic.of(t) for t in tokens], total=total, limit=limit, offset=offset)
    return ok(page.model_dump(mode="json"))


@router.delete("/tokens/{token_id}", response_model=Envelope[TokenPublic])
async def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], principal: AdminUser, session: SessionDep
) -> Any:
    """Revoke an API token: requests carrying it are refused from now on."""
    token = await service.revoke_token(session, token_id=token_id, actor=principal.actor)
    return ok(TokenPublic.of(token).model_dump(mode="json"), "token revoked")
