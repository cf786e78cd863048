"""Users, sign-in and API tokens; the API and the CLI both go through here."""

from __future__ import annotations

import asyncio
import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.audit.service import record
from voicedash.auth.schemas import Principal
from voicedash.auth.security import (
    SessionClaims,
    hash_password,
    new_api_token,
    spend_verification_time,
    token_digest,
    verify_password,
)
from voicedash.errors import ConflictError, NotFoundError, ValidationError
from voicedash.models import ApiToken, Role, User

MIN_PASSWORD_LENGTH = 12
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
# Writing last_used_at on every request would turn each read into a write; a minute's precision is plenty.
_LAST_USED_PRECISION = timedelta(seconds=60)


def normalize_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise ValidationError(
            "username must be 1-64 letters, digits or . _ @ - (starting with a letter or digit)",
            field="username",
        )
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password")
    if len(password) > 1024:
        raise ValidationError("password must be at most 1024 characters", field="password")


async def find_user(session: AsyncSession, username: str) -> User | None:
    return await session.scalar(select(User).where(User.username == username.strip().lower()))


async def get_user(session: AsyncSession, username: str) -> User:
    user = await find_user(session, username)
    if user is None:
        raise NotFoundError(f"no user named {username.strip().lower()!r}", details={"field": "username"})
    return user


async def create_user(session: AsyncSession, *, username: str, password: str, role: Role, actor: str) -> User:
    """A new account; its password hashed with argon2."""
    name = normalize_username(username)
    check_password(password)
    if await find_user(session, name) is not None:
        raise ConflictError(f"a user named {name!r} already exists", details={"field": "username"})
    user = User(username=name, password_hash=await asyncio.to_thread(hash_password, password), role=role)
    session.add(user)
    await session.flush()
    await record(session, "user.created", actor=actor, target=name, details={"role": role.value})
    return user


async def list_users(session: AsyncSession) -> list[User]:
    """Every account, by name."""
    return list(await session.scalars(select(User).order_by(User.username)))


async def set_password(session: AsyncSession, *, username: str, password: str, actor: str) -> User:
    """Replace a password; the user's open sessions end."""
    user = await get_user(session, username)
    check_password(password)
    user.password_hash = await asyncio.to_thread(hash_password, password)
    user.session_epoch += 1
    await session.flush()
    await record(session, "user.password_changed", actor=actor, target=user.username)
    return user


async def set_disabled(session: AsyncSession, *, username: str, disabled: bool, actor: str) -> User:
    """Disable (or re-enable) an account; disabling ends its sessions."""
    user = await get_user(session, username)
    user.disabled = disabled
    user.session_epoch += 1
    await session.flush()
    await record(session, "user.disabled" if disabled else "user.enabled", actor=actor, target=user.username)
    return user


async def authenticate(session: AsyncSession, username: str, password: str) -> User | None:
    """The enabled user with this password, or None; as slow for unknown names as for wrong passwords."""
    user = await find_user(session, username)
    if user is None or user.disabled:
        await asyncio.to_thread(spend_verification_time, password)
        return None
    if not await asyncio.to_thread(verify_password, user.password_hash, password):
        return None
    user.last_login_at = datetime.now(UTC)
    return user


async def end_sessions(session: AsyncSession, user_id: int) -> None:
    """Sign the user out: every session token issued so far stops working."""
    user = await session.get(User, user_id)
    if user is not None:
        user.session_epoch += 1
        await session.flush()


async def principal_for_session(session: AsyncSession, claims: SessionClaims) -> Principal | None:
    """The user behind a valid session token, unless disabled or signed out since."""
    user = await session.get(User, claims.user_id)
    if user is None or user.disabled or user.session_epoch != claims.epoch:
        return None
    return Principal(kind="user", id=user.id, name=user.username, role=Role(user.role), session=claims)


async def create_token(session: AsyncSession, *, name: str, role: Role, actor: str) -> tuple[ApiToken, str]:
    """A new API token and its secret; only the secret's digest is stored."""
    secret = new_api_token()
    token = ApiToken(
        name=name.strip(), role=role, token_digest=token_digest(secret), prefix=secret[:10], created_by=actor
    )
    session.add(token)
    await session.flush()
    await record(
        session, "token.created", actor=actor, target=f"{token.id}:{token.name}", details={"role": role}
    )
    return token, secret


async def list_tokens(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[ApiToken], int]:
    """Tokens, newest first, revoked ones included."""
    total = await session.scalar(select(func.count()).select_from(ApiToken)) or 0
    rows = await session.scalars(select(ApiToken).order_by(ApiToken.id.desc()).limit(limit).offset(offset))
    return list(rows), total


async def revoke_token(session: AsyncSession, *, token_id: int, actor: str) -> ApiToken:
    """Stop a token working, at once and for good."""
    token = await session.get(ApiToken, token_id)
    if token is None:
        raise NotFoundError(f"no API token with id {token_id}", details={"field": "token_id"})
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        await session.flush()
        await record(session, "token.revoked", actor=actor, target=f"{token.id}:{token.name}")
    return token


async def principal_for_token(session: AsyncSession, secret: str) -> Principal | None:
    """The API token with this secret, unless revoked; notes when it was last used."""
    if not secret.isascii() or len(secret) > 200:
        return None
    token = await session.scalar(select(ApiToken).where(ApiToken.token_digest == token_digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    now = datetime.now(UTC)
    if token.last_used_at is None or now - token.last_used_at >= _LAST_USED_PRECISION:
        token.last_used_at = now
    return Principal(kind="token", id=token.id, name=token.name, role=Role(token.role))


async def ensure_admin(
    session: AsyncSession, *, password: str | None, username: str = "admin"
) -> tuple[bool, str | None]:
    """The demo's admin: created if missing (with `password`, or a generated one, returned), or given
    `password` if one is set and differs. Returns (created, generated password or None)."""
    user = await find_user(session, username)
    if user is None:
        generated = None if password else secrets.token_urlsafe(12)
        await create_user(
            session, username=username, password=password or generated or "", role=Role.admin, actor="demo"
        )
        return True, generated
    if password and not await asyncio.to_thread(verify_password, user.password_hash, password):
        await set_password(session, username=username, password=password, actor="demo")
    return False, None
