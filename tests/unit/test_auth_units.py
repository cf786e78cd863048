"""The auth building blocks on their own: roles, passwords, session tokens, the login limiter, origins."""

from __future__ import annotations

import jwt
import pytest

from voicedash.auth.ratelimit import SlidingWindowLimiter
from voicedash.auth.security import (
    hash_password,
    issue_session,
    new_api_token,
    read_session,
    token_digest,
    verify_password,
)
from voicedash.config import Environment, Settings
from voicedash.models import Role
from voicedash.ops.origins import OriginPolicy, allowed_origins

SECRET = "s" * 48


def test_roles_are_ordered() -> None:
    assert Role.admin.allows(Role.operator) and Role.operator.allows(Role.viewer)
    assert not Role.viewer.allows(Role.operator) and not Role.operator.allows(Role.admin)


def test_passwords_are_argon2_hashed_and_verified() -> None:
    hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$") and "a long enough password" not in hashed
    assert verify_password(hashed, "a long enough password")
    assert not verify_password(hashed, "another password")
    assert not verify_password("not a hash", "a long enough password")


def test_api_tokens_are_random_and_only_their_digest_is_kept() -> None:
    first, second = new_api_token(), new_api_token()
    assert first != second and first.startswith("vd_") and len(first) > 40
    assert token_digest(first) == token_digest(first) != token_digest(second)


def session(now: float, ttl: int = 60, secret: str = SECRET) -> str:
    return issue_session(secret, user_id=7, epoch=2, csrf="c", now=now, ttl=ttl)


def test_a_session_token_reads_back_until_it_expires() -> None:
    claims = read_session(SECRET, session(1000.0), now=1030.0)
    assert claims is not None and (claims.user_id, claims.epoch, claims.csrf) == (7, 2, "c")
    assert read_session(SECRET, session(1000.0), now=1060.0) is None


@pytest.mark.parametrize(
    "token",
    [
        session(1000.0, secret="t" * 48),
        jwt.encode(
            {"sub": "7", "exp": 9e9, "iat": 0, "epoch": 0, "csrf": "c", "typ": "session"}, SECRET[:-1] + "x"
        ),
        jwt.encode({"sub": "x", "exp": 9e9, "iat": 0, "epoch": 0, "csrf": "c", "typ": "session"}, SECRET),
        jwt.encode({"sub": "7", "exp": 9e9, "iat": 0, "csrf": "c", "typ": "session"}, SECRET),
        "a.b.c",
        "",
    ],
)
def test_forged_or_malformed_session_tokens_are_refused(token: str) -> None:
    assert read_session(SECRET, token, now=1000.0) is None


def test_unsigned_session_tokens_are_refused() -> None:
    header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"  # {"alg": "none"}
    payload = jwt.utils.base64url_encode(
        b'{"sub":"7","exp":9999999999,"iat":0,"epoch":0,"csrf":"c","typ":"session"}'
    )
    assert read_session(SECRET, f"{header}.{payload.decode()}.", now=1000.0) is None


def test_the_limiter_counts_failures_in_a_sliding_window() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(limit=3, window=60, clock=lambda: now[0])
    for second in (0, 10, 20):
        now[0] = second
        assert limiter.retry_after("ip:1") == 0
        limiter.fail("ip:1")
    assert limiter.retry_after("ip:1") == 40, "until the first failure leaves the window"
    assert limiter.retry_after("ip:2") == 0
    now[0] = 60.5
    assert limiter.retry_after("ip:1") == 0
    limiter.fail("ip:1")
    assert limiter.retry_after("ip:1") == 10, "failures at 10, 20 and 60.5 s: until 10 leaves the window"
    limiter.reset("ip:1")
    assert limiter.retry_after("ip:1") == 0


def test_the_limiter_keeps_a_bounded_number_of_keys() -> None:
    limiter = SlidingWindowLimiter(limit=1, window=60, max_keys=100)
    for n in range(1000):
        limiter.fail(f"ip:{n}")
    assert len(limiter._failures) == 100 and limiter.retry_after("ip:999") > 0


def test_allowed_origins_follow_the_settings() -> None:
    settings = Settings(
        environment=Environment.test,
        public_url="https://www.clinic.example.org/voicedash",
        cors_origins="https://booking.example.org, https://crm.example.org/",
        port=9000,
    )
    origins = allowed_origins(settings)
    assert origins[:3] == ["http://localhost:3000", "http://127.0.0.1:9000", "http://localhost:9000"]
    assert {"https://www.clinic.example.org", "https://clinic.example.org"} <= set(origins)
    assert {"https://booking.example.org", "https://crm.example.org"} <= set(origins)
    policy = OriginPolicy(origins)
    assert policy.allows("https://clinic.example.org") and not policy.allows("https://evil.example")
    assert policy.allows("http://10.0.0.5:8000", own_origin="http://10.0.0.5:8000"), "a page's own origin"
    assert not policy.allows("null")
