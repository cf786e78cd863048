"""/v2/Flows through the official SDK, sync and async."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from twilio.base.exceptions import TwilioRestException

from studio_sandbox import SandboxConfig, create_sandbox
from studio_sandbox.sdk import sandbox_client
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.support import empty_flow
from tests.support.servers import serving

SID = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


async def test_create_fetch_update_delete_with_the_sync_sdk(instant: Running) -> None:
    client = sandbox_client(instant.url, ACCOUNT_SID, AUTH_TOKEN)
    flows = client.studio.v2.flows

    created = await asyncio.to_thread(
        flows.create, friendly_name="sync", status="draft", definition=empty_flow(), commit_message="first"
    )
    assert SID.match(created.sid) and created.sid.startswith("FW")
    assert created.account_sid == ACCOUNT_SID
    assert (created.friendly_name, created.status, created.revision) == ("sync", "draft", 1)
    assert created.definition == empty_flow()
    assert isinstance(created.date_created, datetime)
    assert created.url == f"{instant.url}/v2/Flows/{created.sid}"
    assert created.links["executions"] == f"{created.url}/Executions"

    fetched = await asyncio.to_thread(flows(created.sid).fetch)
    assert (fetched.sid, fetched.commit_message) == (created.sid, "first")

    updated = await asyncio.to_thread(
        flows(created.sid).update, status="published", friendly_name="renamed", commit_message="second"
    )
    assert (updated.status, updated.friendly_name, updated.revision) == ("published", "renamed", 2)

    assert await asyncio.to_thread(flows(created.sid).delete) is True
    with pytest.raises(TwilioRestException) as missing:
        await asyncio.to_thread(flows(created.sid).fetch)
    assert (missing.value.status, missing.value.code) == (404, 20404)


async def test_list_follows_absolute_next_page_urls(instant: Running) -> None:
    flows = instant.client.studio.v2.flows
    made = [
        (
            await flows.create_async(friendly_name=f"paged {i}", status="published", definition=empty_flow())
        ).sid
        for i in range(5)
    ]
    listed = [flow.sid for flow in await flows.list_async(page_size=2)]
    assert [sid for sid in listed if sid in made] == list(reversed(made))

    page = await flows.page_async(page_size=2)
    assert page.next_page_url.startswith(f"{instant.url}/v2/Flows?")
    second = await page.next_page_async()
    assert second is not None and len(list(second)) == 2


async def test_raw_responses_have_twilio_dates_and_meta(instant: Running) -> None:
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        created = await http.post(
            f"{instant.url}/v2/Flows",
            data={
                "FriendlyName": "raw",
                "Status": "published",
                "Definition": '{"states": '
                '[{"name": "Trigger", "type": "trigger", "transitions": []}], "initial_state": "Trigger"}',
            },
        )
        listed = await http.get(f"{instant.url}/v2/Flows", params={"PageSize": 1})
    assert created.status_code == 201
    assert DATE.match(created.json()["date_created"]) and DATE.match(created.json()["date_updated"])
    meta = listed.json()["meta"]
    assert meta["key"] == "flows" and meta["page"] == 0 and meta["page_size"] == 1
    assert meta["first_page_url"] == f"{instant.url}/v2/Flows?PageSize=1&Page=0"
    assert meta["previous_page_url"] is None


async def test_invalid_definition_is_rejected_with_details(instant: Running) -> None:
    bad = {"states": [{"name": "Trigger", "type": "trigger"}], "initial_state": "Nowhere"}
    with pytest.raises(TwilioRestException) as error:
        await instant.client.studio.v2.flows.create_async(friendly_name="bad", status="draft", definition=bad)
    assert (error.value.status, error.value.code) == (400, 81022)
    assert error.value.details["errors"][0]["property_path"] == "#/initial_state"


async def test_missing_and_invalid_parameters(instant: Running) -> None:
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        missing = await http.post(f"{instant.url}/v2/Flows", data={"Status": "draft", "Definition": "{}"})
        status = await http.post(
            f"{instant.url}/v2/Flows", data={"FriendlyName": "x", "Status": "live", "Definition": "{}"}
        )
        not_json = await http.post(
            f"{instant.url}/v2/Flows", data={"FriendlyName": "x", "Status": "draft", "Definition": "{"}
        )
    assert missing.status_code == 400
    assert missing.json() == {
        "code": 20001,
        "message": "Missing required parameter FriendlyName in the post body",
        "more_info": "https://www.twilio.com/docs/errors/20001",
        "status": 400,
    }
    assert (status.status_code, status.json()["code"]) == (400, 20001)
    assert "Status" in status.json()["message"]
    assert (not_json.status_code, not_json.json()["code"]) == (400, 81022)


async def test_wrong_credentials_get_401_20003(instant: Running) -> None:
    client = sandbox_client(instant.url, ACCOUNT_SID, "not-the-token", async_=True)
    try:
        with pytest.raises(TwilioRestException) as error:
            await client.studio.v2.flows.create_async(
                friendly_name="x", status="draft", definition=empty_flow()
            )
    finally:
        await client.http_client.close()
    assert (error.value.status, error.value.code) == (401, 20003)
    async with httpx.AsyncClient() as http:
        anonymous = await http.get(f"{instant.url}/v2/Flows")
        garbage = await http.get(f"{instant.url}/v2/Flows", headers={"Authorization": "Basic !!!"})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 20003
    assert anonymous.headers["www-authenticate"].startswith("Basic")
    assert garbage.status_code == 401


async def test_unknown_paths_answer_in_twilio_shape(instant: Running) -> None:
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        unknown = await http.get(f"{instant.url}/v2/Nothing")
        wrong_method = await http.put(f"{instant.url}/v2/Flows")
    assert (unknown.status_code, unknown.json()["code"]) == (404, 20404)
    assert (wrong_method.status_code, wrong_method.json()["code"]) == (405, 20004)


async def test_executions_run_the_published_revision(instant: Running) -> None:
    flows = instant.client.studio.v2.flows
    flow = await flows.create_async(friendly_name="revisions", status="published", definition=empty_flow())
    await flows(flow.sid).update_async(status="draft", definition={"states": "broken"} | empty_flow())
    execution = await flows(flow.sid).executions.create_async(to="+15550100001", from_="+15550009999")
    assert execution.flow_version == 1


async def test_mounted_under_a_prefix_and_public_base_url() -> None:
    mounted = create_sandbox(SandboxConfig(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, time_scale=0))
    public = create_sandbox(
        SandboxConfig(
            account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, public_base_url="https://studio.example/"
        )
    )
    parent = Starlette(routes=[Mount("/studio", app=mounted.asgi)])
    async with serving(parent) as parent_url, serving(public.asgi) as public_url:
        for base, expected in (
            (parent_url + "/studio", parent_url + "/studio"),
            (public_url, "https://studio.example"),
        ):
            client = sandbox_client(base, ACCOUNT_SID, AUTH_TOKEN, async_=True)
            try:
                flow = await client.studio.v2.flows.create_async(
                    friendly_name="where", status="published", definition=empty_flow()
                )
                assert flow.url == f"{expected}/v2/Flows/{flow.sid}"
                assert (await client.studio.v2.flows(flow.sid).fetch_async()).sid == flow.sid
            finally:
                await client.http_client.close()
    await mounted.aclose()
