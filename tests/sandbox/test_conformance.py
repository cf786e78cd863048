"""Every endpoint through the official twilio SDK, synchronously and asynchronously: replies parse,
paging follows the links the sandbox gives, and errors map to TwilioRestException with Twilio's codes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from studio_sandbox.sdk import sandbox_client
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.support import FROM_NUMBER, empty_flow, flow_of, state, wait_ended


@pytest.fixture(params=["sync", "async"])
async def sdk(request: pytest.FixtureRequest, instant: Running) -> AsyncIterator[tuple[str, Client]]:
    if request.param == "async":
        yield "async", instant.client
    else:
        yield "sync", sandbox_client(instant.url, ACCOUNT_SID, AUTH_TOKEN)


async def call(sdk: tuple[str, Client], resource: Any, method: str, **kwargs: Any) -> Any:
    """`resource.method(**kwargs)` in the fixture's mode (sync calls run in a worker thread)."""
    mode, _ = sdk
    if mode == "async":
        return await getattr(resource, f"{method}_async")(**kwargs)
    return await asyncio.to_thread(getattr(resource, method), **kwargs)


async def fails(sdk: tuple[str, Client], resource: Any, method: str, **kwargs: Any) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as error:
        await call(sdk, resource, method, **kwargs)
    return error.value


async def test_flows_validate_revisions_and_test_users(sdk: tuple[str, Client]) -> None:
    studio = sdk[1].studio.v2
    flow = await call(sdk, studio.flows, "create", friendly_name="c", status="draft", definition=empty_flow())
    updated = await call(sdk, studio.flows(flow.sid), "update", status="published", commit_message="go")
    assert (updated.revision, updated.status, updated.valid) == (2, "published", True)
    assert (await call(sdk, studio.flows(flow.sid), "fetch")).commit_message == "go"
    revisions = await call(sdk, studio.flows(flow.sid).revisions, "list", page_size=1)
    assert [r.revision for r in revisions] == [2, 1]
    assert (await call(sdk, studio.flows(flow.sid).revisions("1"), "fetch")).status == "draft"
    assert (await call(sdk, studio.flows(flow.sid).revisions("LatestPublished"), "fetch")).revision == 2
    users = await call(sdk, studio.flows(flow.sid).test_users(), "update", test_users=["+15550001111"])
    assert users.test_users == ["+15550001111"]
    assert (await call(sdk, studio.flows(flow.sid).test_users(), "fetch")).test_users == ["+15550001111"]

    assert (
        await call(
            sdk, studio.flow_validate, "update", friendly_name="v", status="draft", definition=empty_flow()
        )
    ).valid
    bad = empty_flow() | {"states": [*empty_flow()["states"], state("x", "no-such-widget", [])]}
    error = await fails(
        sdk, studio.flow_validate, "update", friendly_name="v", status="draft", definition=bad
    )
    assert (error.status, error.code) == (400, 81022)
    assert error.details["errors"] == [
        {"property_path": "#/states/1/type", "message": "unknown widget type 'no-such-widget'"}
    ]

    more = [
        await call(sdk, studio.flows, "create", friendly_name="p", status="draft", definition=empty_flow())
        for _ in "ab"
    ]
    listed = await call(sdk, studio.flows, "list", page_size=1, limit=3)
    assert [f.sid for f in listed] == [more[1].sid, more[0].sid, flow.sid]
    assert await call(sdk, studio.flows(flow.sid), "delete") is True
    missing = await fails(sdk, studio.flows(flow.sid), "fetch")
    assert (missing.status, missing.code) == (404, 20404)
    assert (await fails(sdk, studio.flows(flow.sid).revisions("9"), "fetch")).code == 20404


async def test_executions_context_and_steps(sdk: tuple[str, Client], instant: Running) -> None:
    studio = sdk[1].studio.v2
    remember = state("remember", "set-variables", [{"event": "next"}], variables=[{"key": "k", "value": "v"}])
    flow = await call(
        sdk,
        studio.flows,
        "create",
        friendly_name="e",
        status="published",
        definition=flow_of(remember, first="remember"),
    )
    executions = studio.flows(flow.sid).executions
    made = [await call(sdk, executions, "create", to=f"+1555060000{i}", from_=FROM_NUMBER) for i in range(3)]
    for execution in made:
        await wait_ended(instant.client, flow.sid, execution.sid)
    assert [e.sid for e in await call(sdk, executions, "list", page_size=2)] == [
        e.sid for e in reversed(made)
    ]
    one = executions(made[0].sid)
    assert (await call(sdk, one, "fetch")).status == "ended"
    assert (await call(sdk, one.execution_context(), "fetch")).context["flow"]["variables"] == {"k": "v"}
    steps = await call(sdk, one.steps, "list", page_size=1)
    assert [s.name for s in steps] == ["next", "incomingRequest"]
    assert (await call(sdk, one.steps(steps[0].sid), "fetch")).transitioned_from == "remember"
    assert (await call(sdk, one.steps(steps[0].sid).step_context(), "fetch")).step_sid == steps[0].sid
    assert (await call(sdk, one, "update", status="ended")).status == "ended"
    assert await call(sdk, one, "delete") is True
    assert (await fails(sdk, one, "fetch")).code == 20404
    invalid = await fails(sdk, executions, "create", to="not a number", from_=FROM_NUMBER)
    assert (invalid.status, invalid.code) == (400, 21211)


async def test_calls_resource(sdk: tuple[str, Client], instant: Running) -> None:
    client = sdk[1]
    placed = [
        await call(
            sdk,
            client.calls,
            "create",
            to=f"+1555070000{i}",
            from_=FROM_NUMBER,
            url="https://x.example/twiml",
        )
        for i in (1, 3)
    ]
    assert placed[0].sid.startswith("CA") and placed[0].status == "queued"
    for _ in range(200):
        statuses = [(await call(sdk, client.calls(c.sid), "fetch")).status for c in placed]
        if statuses == ["completed", "busy"]:
            break
        await asyncio.sleep(0.01)
    assert statuses == ["completed", "busy"]
    answered = await call(sdk, client.calls(placed[0].sid), "fetch")
    assert (
        answered.duration == "30" and answered.start_time is not None and answered.direction == "outbound-api"
    )
    paged = await call(sdk, client.calls, "list", page_size=1, limit=2)
    assert len(paged) == 2
    assert [c.sid for c in await call(sdk, client.calls, "list", to="+15550700003")] == [placed[1].sid]
    assert await call(sdk, client.calls(placed[1].sid), "delete") is True
    assert (await fails(sdk, client.calls(placed[1].sid), "fetch")).code == 20404
    no_url = await fails(sdk, client.calls, "create", to="+15550700001", from_=FROM_NUMBER)
    assert (no_url.status, no_url.code) == (400, 21205)
