"""Signing in and out, session expiry and renewal, CSRF, API tokens, disabled accounts, the audit log."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.stack import ADMIN_PASSWORD, Stack, running_stack
from voicedash.auth import service
from voicedash.models import ApiToken, Role

PASSWORD = "operator password 1"


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        await running.create_user("olive", PASSWORD, Role.operator)
        yield running


@pytest.fixture
def clock(stack: Stack) -> Iterator[list[float]]:
    """The app's clock, moved by the test: offset[0] seconds from now."""
    offset = [0.0]
    stack.api.state.clock = lambda: time.time() + offset[0]
    yield offset
    stack.api.state.clock = time.time


async def test_login_sets_an_httponly_lax_cookie_and_me_answers(stack: Stack) -> None:
    async with stack.client() as client:
        response = await client.post("/api/auth/login", json={"username": "Olive", "password": PASSWORD})
        assert response.status_code == 200, response.text
        assert response.json()["data"] == {"kind": "user", "name": "olive", "role": "operator"}
        cookies = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
        assert "httponly" in cookies["voicedash_session"] and "samesite=lax" in cookies["voicedash_session"]
        assert "secure" not in cookies["voicedash_session"], "PUBLIC_URL is http here"
        assert "httponly" not in cookies["voicedash_csrf"], "the page must read the CSRF token"
        me = await client.get("/api/auth/me")
        assert me.status_code == 200 and me.json()["data"]["name"] == "olive"


async def test_wrong_password_and_unknown_user_get_the_same_401(stack: Stack) -> None:
    async with stack.client() as client:
        for username, password in (("olive", "wrong password!"), ("nobody", PASSWORD)):
            response = await client.post("/api/auth/login", json={"username": username, "password": password})
            assert response.status_code == 401
            assert response.json()["code"] == "INVALID_CREDENTIALS"
            assert "voicedash_session" not in response.headers.get("set-cookie", "")


async def test_logout_ends_the_session_on_the_server(stack: Stack) -> None:
    async with stack.login("olive", PASSWORD) as browser:
        stolen = browser.cookies["voicedash_session"]
        response = await browser.post("/api/auth/logout")
        assert response.status_code == 200
        assert 'voicedash_session=""' in response.headers.get("set-cookie", "")
    # A copy of the cookie taken before signing out no longer works.
    async with stack.client(cookies={"voicedash_session": stolen}) as replay:
        assert (await replay.get("/api/auth/me")).status_code == 401


async def test_sessions_expire_and_are_renewed_while_used(stack: Stack, clock: list[float]) -> None:
    ttl = stack.settings.session_ttl_seconds
    async with stack.login("olive", PASSWORD) as browser:
        first = browser.cookies["voicedash_session"]
        clock[0] = ttl * 0.4
        response = await browser.get("/api/auth/me")
        assert response.status_code == 200 and "set-cookie" not in response.headers, "too early to renew"
        clock[0] = ttl * 0.6
        response = await browser.get("/api/auth/me")
        assert response.status_code == 200 and "voicedash_session=" in response.headers["set-cookie"]
        renewed = browser.cookies["voicedash_session"]
        assert renewed != first
        clock[0] = ttl * 1.2
        assert (await browser.get("/api/auth/me")).status_code == 200, "the renewed session is still valid"
    async with stack.client(cookies={"voicedash_session": first}) as old:
        assert (await old.get("/api/auth/me")).status_code == 401, "the first cookie has expired"
    clock[0] = ttl * 1.7
    async with stack.client(cookies={"voicedash_session": renewed}) as idle:
        response = await idle.get("/api/auth/me")
        assert response.status_code == 401 and "expired" in response.json()["error"]


async def test_cookie_requests_that_change_state_need_origin_and_csrf_token(stack: Stack) -> None:
    async with stack.login("olive", PASSWORD) as browser:
        token = browser.headers.pop("X-CSRF-Token")
        refused = await browser.post("/api/calls/start", json={"to": "+14155550111"})
        assert refused.status_code == 403 and refused.json()["code"] == "CSRF_FAILED"
        wrong = await browser.post(
            "/api/calls/start", json={"to": "+14155550111"}, headers={"X-CSRF-Token": token[::-1]}
        )
        assert wrong.status_code == 403
        other_site = await browser.post(
            "/api/calls/start",
            json={"to": "+14155550111"},
            headers={"X-CSRF-Token": token, "Origin": "https://evil.example"},
        )
        assert other_site.status_code == 403 and "evil.example" in other_site.json()["error"]
        del browser.headers["Origin"]
        no_origin = await browser.post(
            "/api/calls/start", json={"to": "+14155550111"}, headers={"X-CSRF-Token": token}
        )
        assert no_origin.status_code == 403
        by_referer = await browser.post(
            "/api/calls/start",
            json={"to": "+14155550111"},
            headers={"X-CSRF-Token": token, "Referer": f"{stack.app_url}/calls"},
        )
        assert by_referer.status_code == 201, by_referer.text
        assert (await browser.get("/api/calls/history")).status_code == 200, "reads need no token"


async def test_login_from_another_site_is_refused(stack: Stack) -> None:
    async with stack.client(headers={"Origin": "https://evil.example"}) as client:
        response = await client.post("/api/auth/login", json={"username": "olive", "password": PASSWORD})
        assert response.status_code == 403


async def test_api_tokens_are_shown_once_stored_hashed_and_revocable(stack: Stack) -> None:
    async with stack.client(Role.admin) as admin:
        created = await admin.post("/api/auth/tokens", json={"name": "booking-system", "role": "viewer"})
        assert created.status_code == 201, created.text
        secret, token_id = created.json()["data"]["secret"], created.json()["data"]["token"]["id"]
        async with stack.client(headers={"Authorization": f"Bearer {secret}"}) as booking:
            assert (await booking.get("/api/calls/history")).status_code == 200
            assert (await booking.post("/api/calls/start", json={"to": "+14155550101"})).status_code == 403
            listed = (await admin.get("/api/auth/tokens")).json()["data"]["items"]
            mine = next(t for t in listed if t["id"] == token_id)
            assert mine["last_used_at"] and mine["prefix"] == secret[:10] and secret not in str(listed)
            async with stack.api.state.sessions() as session:
                stored = await session.get(ApiToken, token_id)
                assert stored is not None and secret not in (stored.token_digest, stored.prefix)
            assert (await admin.delete(f"/api/auth/tokens/{token_id}")).status_code == 200
            refused = await booking.get("/api/calls/history")
            assert refused.status_code == 401 and "revoked" in refused.json()["error"]
        assert (await admin.delete("/api/auth/tokens/999999")).status_code == 404


async def test_a_disabled_user_cannot_sign_in_and_loses_open_sessions(stack: Stack) -> None:
    await stack.create_user("dora", "dora password 12", Role.viewer)
    async with stack.login("dora", "dora password 12") as browser:
        async with stack.api.state.sessions() as session:
            await service.set_disabled(session, username="dora", disabled=True, actor="tests")
            await session.commit()
        assert (await browser.get("/api/auth/me")).status_code == 401
        again = await browser.post(
            "/api/auth/login", json={"username": "dora", "password": "dora password 12"}
        )
        assert again.status_code == 401


async def test_roles_decide_what_each_may_do(stack: Stack) -> None:
    async with stack.client(Role.viewer) as viewer, stack.client(Role.operator) as operator:
        assert (await viewer.get("/api/calls/history")).status_code == 200
        assert (await viewer.post("/api/calls/start", json={"to": "+14155550101"})).status_code == 403
        assert (await operator.post("/api/calls/start", json={"to": "+14155550101"})).status_code == 201
        assert (await operator.get("/api/audit")).status_code == 403
        assert (await operator.post("/api/auth/tokens", json={"name": "x"})).status_code == 403


async def test_the_audit_log_records_who_did_what_and_pages(stack: Stack) -> None:
    # Everything the log is checked for happens here, so the test holds when run alone.
    failed = await stack.http.post("/api/auth/login", json={"username": "audit-nobody", "password": "wrong"})
    assert failed.status_code == 401
    async with stack.login() as leaving:
        assert (await leaving.post("/api/auth/logout")).status_code == 200
    async with stack.login() as browser:
        made = await browser.post("/api/auth/tokens", json={"name": "audit", "role": "viewer"})
        assert made.status_code == 201, made.text
        started = await browser.post("/api/calls/start", json={"to": "+14155550121"})
        assert started.status_code == 201
        sid = started.json()["data"]["execution_sid"]
        page = (await browser.get("/api/audit", params={"limit": 100_000})).json()["data"]
        assert page["limit"] == stack.settings.history_max_limit
        entries = page["items"]
        call = next(e for e in entries if e["action"] == "call.started" and e["target"] == sid)
        assert call["actor"] == "admin" and call["ip"] == "127.0.0.1"
        actions = {e["action"] for e in entries}
        assert {"login.succeeded", "login.failed", "logout", "token.created", "user.created"} <= actions
        assert "4155550121" not in str(entries)
        only = (await browser.get("/api/audit", params={"action": "call.started", "limit": 1})).json()["data"]
        assert len(only["items"]) == 1 and only["total"] >= 1
        assert ADMIN_PASSWORD not in str(entries)
