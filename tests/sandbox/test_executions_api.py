"""/v2/Flows/{FW}/Executions, their context and steps, through the official SDK."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException

from studio_sandbox import SandboxConfig, create_sandbox
from studio_sandbox.sdk import sandbox_client
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.support import FROM_NUMBER, empty_flow, flow_of, state, steps_of, wait_ended
from tests.support.servers import serving

SID = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")


def ringing_flow(concurrent: bool) -> dict[str, object]:
    """Calls the contact; a number ending in 4 never answers, so the execution stays active for 60 s."""
    properties = {"to": "{{contact.channel.address}}", "from": "{{flow.channel.address}}", "timeout": 60}
    call = state("call", "make-outgoing-call-v2", [], **properties)
    return flow_of(call, first="call", concurrent=concurrent)


async def _flow(running: Running, definition: dict[str, object]) -> str:
    flow = await running.client.studio.v2.flows.create_async(
        friendly_name="executions", status="published", definition=definition
    )
    return str(flow.sid)


async def test_create_fetch_context_and_steps(instant: Running) -> None:
    remember = state(
        "remember",
        "set-variables",
        [{"event": "next"}],
        variables=[{"key": "greeting", "value": "hi {{flow.data.name}}"}],
    )
    flow_sid = await _flow(instant, flow_of(remember, first="remember"))
    executions = instant.client.studio.v2.flows(flow_sid).executions
    created = await executions.create_async(to="+15550100001", from_=FROM_NUMBER, parameters={"name": "Ayşe"})
    assert SID.match(created.sid) and created.sid.startswith("FN")
    assert created.contact_sid.startswith("FC") and created.contact_channel_address == "+15550100001"
    assert (created.status, created.flow_sid, created.account_sid) == ("active", flow_sid, ACCOUNT_SID)
    assert created.links["steps"] == f"{created.url}/Steps"

    ended = await wait_ended(instant.client, flow_sid, created.sid)
    assert ended.date_updated >= ended.date_created

    context = await executions(created.sid).execution_context().fetch_async()
    assert (context.execution_sid, context.flow_sid) == (created.sid, flow_sid)
    flow_ctx = context.context["flow"]
    assert (flow_ctx["sid"], flow_ctx["flow_sid"]) == (created.sid, flow_sid)
    assert flow_ctx["channel"]["address"] == FROM_NUMBER
    assert flow_ctx["data"] == {"name": "Ayşe"} and flow_ctx["variables"] == {"greeting": "hi Ayşe"}
    assert context.context["trigger"]["request"] == {
        "from": FROM_NUMBER,
        "to": "+15550100001",
        "parameters": {"name": "Ayşe"},
    }
    assert context.context["contact"]["channel"]["address"] == "+15550100001"

    steps = await steps_of(instant.client, flow_sid, created.sid)
    assert [(s.name, s.transitioned_from, s.transitioned_to, s.type) for s in steps] == [
        ("incomingRequest", "Trigger", "remember", "trigger"),
        ("next", "remember", "Ended", "set-variables"),
    ]
    one = await executions(created.sid).steps(steps[1].sid).fetch_async()
    assert one.sid.startswith("FT") and one.execution_sid == created.sid
    step_context = await executions(created.sid).steps(steps[1].sid).step_context().fetch_async()
    assert step_context.step_sid == steps[1].sid
    assert step_context.context["flow"]["variables"] == {"greeting": "hi Ayşe"}


async def test_list_pages_and_date_filters(instant: Running) -> None:
    flow_sid = await _flow(instant, empty_flow())
    executions = instant.client.studio.v2.flows(flow_sid).executions
    made = [(await executions.create_async(to=f"+1555020000{i}", from_=FROM_NUMBER)).sid for i in range(5)]
    assert [e.sid for e in await executions.list_async(page_size=2)] == list(reversed(made))

    first = await executions.page_async(page_size=2)
    assert first.next_page_url.startswith(f"{instant.url}/v2/Flows/{flow_sid}/Executions?")
    second = await first.next_page_async()
    third = await second.next_page_async()
    pages = [[e.sid for e in p] for p in (first, second, third)]
    assert pages == [list(reversed(made))[i : i + 2] for i in (0, 2, 4)]
    assert third.next_page_url is None
    back = await third.previous_page_async()
    assert [e.sid for e in back] == pages[1]

    now = datetime.now(UTC)
    assert len(await executions.list_async(date_created_from=now - timedelta(hours=1))) == 5
    assert await executions.list_async(date_created_from=now + timedelta(hours=1)) == []
    assert await executions.list_async(date_created_to=now - timedelta(hours=1)) == []
    filtered = await executions.page_async(date_created_from=now - timedelta(hours=1), page_size=2)
    assert "DateCreatedFrom=" in filtered.next_page_url


async def test_end_and_delete_a_running_execution(realtime: Running) -> None:
    flow_sid = await _flow(realtime, ringing_flow(concurrent=True))
    executions = realtime.client.studio.v2.flows(flow_sid).executions
    running = await executions.create_async(to="+15550300004", from_=FROM_NUMBER)
    await asyncio.sleep(0.05)
    assert (await executions(running.sid).fetch_async()).status == "active"
    ended = await executions(running.sid).update_async(status="ended")
    assert ended.status == "ended"
    assert running.sid not in realtime.sandbox.engine.running()

    with pytest.raises(TwilioRestException) as bad_status:
        await executions(running.sid).update_async(status="active")
    assert (bad_status.value.status, bad_status.value.code) == (400, 20001)

    other = await executions.create_async(to="+15550300014", from_=FROM_NUMBER)
    assert await executions(other.sid).delete_async() is True
    assert other.sid not in realtime.sandbox.engine.running()
    with pytest.raises(TwilioRestException) as gone:
        await executions(other.sid).fetch_async()
    assert (gone.value.status, gone.value.code) == (404, 20404)


async def test_second_active_execution_for_a_contact_is_a_conflict(realtime: Running) -> None:
    flow_sid = await _flow(realtime, ringing_flow(concurrent=False))
    executions = realtime.client.studio.v2.flows(flow_sid).executions
    first = await executions.create_async(to="+15550400004", from_=FROM_NUMBER)
    with pytest.raises(TwilioRestException) as conflict:
        await executions.create_async(to="+15550400004", from_=FROM_NUMBER)
    assert (conflict.value.status, conflict.value.code) == (409, 20409)
    assert first.sid in conflict.value.msg

    other_contact = await executions.create_async(to="+15550400014", from_=FROM_NUMBER)
    await executions(first.sid).update_async(status="ended")
    again = await executions.create_async(to="+15550400004", from_=FROM_NUMBER)
    for sid in (other_contact.sid, again.sid):
        await executions(sid).update_async(status="ended")

    concurrent_sid = await _flow(realtime, ringing_flow(concurrent=True))
    concurrent = realtime.client.studio.v2.flows(concurrent_sid).executions
    pair = [await concurrent.create_async(to="+15550400004", from_=FROM_NUMBER) for _ in range(2)]
    for execution in pair:
        await concurrent(execution.sid).update_async(status="ended")


async def test_execution_rate_over_twenty_per_second_is_429() -> None:
    sandbox = create_sandbox(SandboxConfig(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, time_scale=0))
    async with serving(sandbox.asgi) as url:
        client = sandbox_client(url, ACCOUNT_SID, AUTH_TOKEN, async_=True)
        try:
            flow = await client.studio.v2.flows.create_async(
                friendly_name="rate", status="published", definition=empty_flow()
            )
            executions = client.studio.v2.flows(flow.sid).executions
            outcomes = await asyncio.gather(
                *(executions.create_async(to=f"+155506{i:05d}", from_=FROM_NUMBER) for i in range(25)),
                return_exceptions=True,
            )
        finally:
            await client.http_client.close()
    refused = [o for o in outcomes if isinstance(o, TwilioRestException)]
    assert len(outcomes) - len(refused) == 20
    assert {(e.status, e.code) for e in refused} == {(429, 20429)}


@pytest.mark.parametrize(
    ("to", "from_", "status", "code", "named"),
    [
        ("", FROM_NUMBER, 400, 20001, "To"),
        ("+15550100001", "", 400, 20001, "From"),
        ("not a number", FROM_NUMBER, 400, 21211, "To"),
        ("+15550100001", "12", 400, 21212, "From"),
        ("client:" + "x" * 300, FROM_NUMBER, 400, 81023, "To"),
    ],
)
async def test_create_errors(
    instant: Running, to: str, from_: str, status: int, code: int, named: str
) -> None:
    flow_sid = await _flow(instant, empty_flow())
    with pytest.raises(TwilioRestException) as error:
        await instant.client.studio.v2.flows(flow_sid).executions.create_async(to=to, from_=from_)
    assert (error.value.status, error.value.code) == (status, code)
    assert named in error.value.msg


async def test_parameters_must_be_a_json_object(instant: Running) -> None:
    flow_sid = await _flow(instant, empty_flow())
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        response = await http.post(
            f"{instant.url}/v2/Flows/{flow_sid}/Executions",
            data={"To": "+15550100001", "From": FROM_NUMBER, "Parameters": "[1, 2]"},
        )
    assert (response.status_code, response.json()["code"]) == (400, 20001)
    assert "Parameters" in response.json()["message"]


async def test_unknown_sids_are_404(instant: Running) -> None:
    flow_sid = await _flow(instant, empty_flow())
    missing_fw = "FW" + "0" * 32
    missing_fn = "FN" + "0" * 32
    cases = [
        instant.client.studio.v2.flows(missing_fw).executions(missing_fn).fetch_async(),
        instant.client.studio.v2.flows(flow_sid).executions(missing_fn).fetch_async(),
        instant.client.studio.v2.flows(flow_sid).executions(missing_fn).execution_context().fetch_async(),
        instant.client.studio.v2.flows(missing_fw).executions.create_async(
            to="+15550100001", from_=FROM_NUMBER
        ),
    ]
    for call in cases:
        with pytest.raises(TwilioRestException) as error:
            await call
        assert (error.value.status, error.value.code) == (404, 20404)
    execution = await instant.client.studio.v2.flows(flow_sid).executions.create_async(
        to="+15550100001", from_=FROM_NUMBER
    )
    with pytest.raises(TwilioRestException) as step_error:
        await (
            instant.client.studio.v2.flows(flow_sid)
            .executions(execution.sid)
            .steps("FT" + "0" * 32)
            .fetch_async()
        )
    assert step_error.value.code == 20404


async def test_sync_sdk_creates_and_lists_executions(instant: Running) -> None:
    client = sandbox_client(instant.url, ACCOUNT_SID, AUTH_TOKEN)
    flow_sid = await _flow(instant, empty_flow())
    executions = client.studio.v2.flows(flow_sid).executions
    created = await asyncio.to_thread(
        executions.create, to="+15550100001", from_=FROM_NUMBER, parameters={"a": 1}
    )
    listed = await asyncio.to_thread(executions.list)
    assert [e.sid for e in listed] == [created.sid]
    with pytest.raises(TwilioRestException) as error:
        await asyncio.to_thread(executions.create, to="nope", from_=FROM_NUMBER)
    assert (error.value.status, error.value.code) == (400, 21211)


async def test_deleting_a_flow_with_running_executions_stops_them_and_removes_all(realtime: Running) -> None:
    flow_sid = await _flow(realtime, ringing_flow(concurrent=True))
    flows = realtime.client.studio.v2.flows
    running = [
        await flows(flow_sid).executions.create_async(to=f"+1555050000{n}", from_=FROM_NUMBER)
        for n in range(3)
    ]
    await asyncio.sleep(0.05)
    assert await flows(flow_sid).delete_async() is True
    assert not set(realtime.sandbox.engine.running()) & {e.sid for e in running}
    with pytest.raises(TwilioRestException) as gone:
        await flows(flow_sid).fetch_async()
    assert (gone.value.status, gone.value.code) == (404, 20404)
