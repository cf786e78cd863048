"""Walks the app's whole route table: each route is public by name, or refuses anonymous (401) and
lower roles (403), by API token and by session cookie alike."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount

from tests.support.stack import Stack, running_stack
from voicedash.auth.dependencies import RoleRequired
from voicedash.models import Role

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

# Twilio signs the webhooks; /health is for probes; signing in must work signed out; the SPA serves
# the login page. Adding a public route means adding it here, on purpose.
PUBLIC = {
    ("POST", "/api/calls/webhooks/status"),
    ("POST", "/api/calls/webhooks/dtmf"),
    ("POST", "/api/calls/webhooks/flow"),
    ("GET", "/health"),
    ("HEAD", "/health"),  # uptime probes
    ("POST", "/api/auth/login"),
    ("GET", "/{page:path}"),
    ("HEAD", "/{page:path}"),
}
PUBLIC_MOUNTS = {"/assets"}
SAMPLE_PARAMS = {"execution_sid": "FN" + "0" * 32, "token_id": "999999"}


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


def required_role(dependant: Any) -> Role | None:
    """The highest role any dependency in the tree demands."""
    roles = [d.call.role for d in dependant.dependencies if isinstance(d.call, RoleRequired)]
    roles += [r for d in dependant.dependencies if (r := required_role(d)) is not None]
    return max(roles, key=lambda role: role.rank, default=None)


def all_routes(stack: Stack) -> Iterator[Any]:
    """Every route as served: included routers flattened, their dependencies merged in."""
    return iter_route_contexts(stack.api.routes)


def protected_routes(stack: Stack) -> Iterator[tuple[str, str, Role | None]]:
    for route in all_routes(stack):
        if isinstance(route.original_route, Mount):
            assert route.path in PUBLIC_MOUNTS, f"unexpected mount {route.path}"
            continue
        assert isinstance(route.original_route, APIRoute), f"unexpected route type {route!r}"
        for method in sorted(route.methods):
            if (method, route.path) not in PUBLIC:
                yield method, route.path, required_role(route.dependant)


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE_PARAMS.get(m.group(1), "1"), path)


def test_the_public_routes_are_exactly_the_listed_ones(stack: Stack) -> None:
    present = {(m, r.path) for r in all_routes(stack) if r.methods for m in r.methods}
    assert present >= PUBLIC
    routes = list(protected_routes(stack))
    assert len(routes) >= 9
    missing = [(method, path) for method, path, role in routes if role is None]
    assert not missing, f"routes with no role requirement: {missing}"


async def test_every_protected_route_refuses_anonymous_requests(stack: Stack) -> None:
    async with stack.client() as anonymous:
        for method, path, _ in protected_routes(stack):
            response = await anonymous.request(method, concrete(path), json={})
            assert response.status_code == 401, f"{method} {path}: {response.status_code}"
            assert response.json()["code"] == "UNAUTHORIZED"


async def test_every_protected_route_refuses_lower_roles_and_admits_its_own(stack: Stack) -> None:
    for method, path, needed in protected_routes(stack):
        assert needed is not None
        for role in Role:
            async with stack.client(role) as client:
                response = await client.request(method, concrete(path), json={})
            if role.allows(needed):
                assert response.status_code not in (401, 403), f"{role} {method} {path}: {response.text}"
            else:
                assert response.status_code == 403, f"{role} {method} {path}: {response.status_code}"
                assert response.json()["code"] == "FORBIDDEN"


async def test_a_viewer_session_is_refused_what_a_viewer_token_is(stack: Stack) -> None:
    await stack.create_user("route-viewer", "viewer password 123", Role.viewer)
    # Signing out ends the session, so that route goes last.
    routes = sorted(protected_routes(stack), key=lambda route: route[1] == "/api/auth/logout")
    async with stack.login("route-viewer", "viewer password 123") as browser:
        for method, path, needed in routes:
            assert needed is not None
            response = await browser.request(method, concrete(path), json={})
            expected_refusal = not Role.viewer.allows(needed)
            assert (response.status_code == 403) is expected_refusal, f"{method} {path}: {response.text}"


async def test_invalid_credentials_are_refused(stack: Stack) -> None:
    for header in ("Bearer vd_not-a-real-token", "Basic YWRtaW46YWRtaW4=", "Bearer", "Token x"):
        async with stack.client(headers={"Authorization": header}) as client:
            response = await client.get("/api/calls/history")
        assert response.status_code == 401, header
    async with stack.client(cookies={"voicedash_session": "not.a.jwt"}) as client:
        assert (await client.get("/api/calls/history")).status_code == 401
