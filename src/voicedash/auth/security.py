"""Password hashing (argon2), API token secrets, and the session JWT."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
API_TOKEN_PREFIX = "vd_"  # noqa: S105  (a prefix, not a secret)
_ALGORITHM = "HS256"
_SESSION = "session"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def spend_verification_time(password: str) -> None:
    """Verify against a throwaway hash, so an unknown username takes as long as a wrong password."""
    verify_password(_dummy_hash(), password)


def new_api_token() -> str:
    """256 random bits, recognisable by its prefix (secret scanners, logs)."""
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class SessionClaims:
    user_id: int
    epoch: int
    csrf: str
    issued_at: int
    expires_at: int


def issue_session(secret: str, *, user_id: int, epoch: int, csrf: str, now: float, ttl: int) -> str:
    """A signed session token; the CSRF token is bound into it so a planted cookie cannot match."""
    claims = {
        "sub": str(user_id),
        "epoch": epoch,
        "csrf": csrf,
        "typ": _SESSION,
        "iat": int(now),
        "exp": int(now) + ttl,
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_session(secret: str, token: str, *, now: float) -> SessionClaims | None:
    """The claims of a valid, unexpired session token, or None. Expiry uses the caller's clock."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            options={
                "verify_exp": False,
                "verify_iat": False,
                "require": ["sub", "exp", "iat", "epoch", "csrf"],
            },
        )
    except jwt.InvalidTokenError:
        return None
    try:
        parsed = SessionClaims(
            user_id=int(claims["sub"]),
            epoch=int(claims["epoch"]),
            csrf=str(claims["csrf"]),
            issued_at=int(claims["iat"]),
            expires_at=int(claims["exp"]),
        )
    except (TypeError, ValueError):
        return None
    if claims.get("typ") != _SESSION or parsed.expires_at <= now:
        return None
    return parsed
