"""Fault injection produces exactly the faults asked for, no more: per callee script and sandbox-wide."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from studio_sandbox import SandboxConfig, create_sandbox
from studio_sandbox.sdk import sandbox_client
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.support import Delivered, Receiver, flow_of, run_flow, state
from tests.sandbox.tester_support import run
from tests.support.servers import serving


@pytest.fixture(scope="module")
async def faulty() -> AsyncIterator[Running]:
    """A sandbox of its own: these tests change the sandbox-wide fault plan."""
    config = SandboxConfig(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, time_scale=0, executions_per_second=0
    )
    sandbox = create_sandbox(config)
    async with serving(sandbox.asgi) as url:
        client = sandbox_client(url, ACCOUNT_SID, AUTH_TOKEN, async_=True)
        try:
            yield Running(sandbox, url, client)
        finally:
            await client.http_client.close()


def hooks(base: str, fragment: str = "") -> dict[str, Any]:
    """Three JSON webhooks a → b → c, each naming itself and the execution."""

    def hook(name: str, next_name: str | None) -> dict[str, Any]:
        edges = [
            {"event": e, "next": next_name} if next_name else {"event": e} for e in ("success", "failed")
        ]
        body = f'{{"hook": "{name}", "execution": "{{{{flow.sid}}}}"}}'
        url = f"{base}/faults/{name}{fragment if name == 'a' else ''}"
        return state(
            name,
            "make-http-request",
            edges,
            method="POST",
            content_type="application/json",
            url=url,
            body=body,
        )

    return flow_of(hook("a", "b"), hook("b", "c"), hook("c", None), first="a")


async def _api(running: Running, method: str, path: str, body: Any = None) -> httpx.Response:
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        return await http.request(method, f"{running.url}{path}", json=body)


def _arrived(inbox: Receiver, execution_sid: str) -> list[Delivered]:
    return [d for d in inbox.received if execution_sid.encode() in d.body]


async def test_duplicate_only_where_asked(faulty: Running, receiver: tuple[Receiver, str]) -> None:
    inbox, url = receiver
    script = {"faults": {"duplicate": True, "widgets": ["b"]}}
    assert (
        await _api(faulty, "POST", "/sandbox/callees", {"number": "+15550900001", "script": script})
    ).is_success
    _, execution = await run_flow(faulty.client, hooks(url), "+15550900001")
    arrived = _arrived(inbox, execution.sid)
    assert [d.json["hook"] for d in arrived] == ["a", "b", "b", "c"]
    first, second = arrived[1], arrived[2]
    assert first.body == second.body and all(d.signature_valid for d in arrived)
    token = "i-twilio-idempotency-token"
    assert first.headers[token] == second.headers[token]
    assert len({d.headers[token] for d in arrived}) == 3


async def test_reorder_swaps_neighbours_and_flushes_at_the_end(
    faulty: Running, receiver: tuple[Receiver, str]
) -> None:
    inbox, url = receiver
    await _api(
        faulty,
        "POST",
        "/sandbox/callees",
        {"number": "+15550900002", "script": {"faults": {"reorder": True}}},
    )
    _, execution = await run_flow(faulty.client, hooks(url), "+15550900002")
    assert [d.json["hook"] for d in _arrived(inbox, execution.sid)] == ["b", "a", "c"]
    assert execution.context["widgets"]["a"]["status_code"] == 200  # the sandbox's own answer meanwhile


async def test_global_drop_first_is_retried_and_fails_without_retries(
    faulty: Running, receiver: tuple[Receiver, str]
) -> None:
    inbox, url = receiver
    assert (await _api(faulty, "PUT", "/sandbox/faults", {"drop_first": True, "widgets": ["a"]})).is_success
    try:
        _, retried = await run_flow(faulty.client, hooks(url), "+15550900003")
        assert [d.json["hook"] for d in _arrived(inbox, retried.sid)] == ["a", "b", "c"]
        assert retried.context["widgets"]["a"]["status_code"] == 200
        _, lost = await run_flow(faulty.client, hooks(url, "#rc=0"), "+15550900003")
        assert [d.json["hook"] for d in _arrived(inbox, lost.sid)] == ["b", "c"]
        assert lost.context["widgets"]["a"]["error"]["code"] == 81016
        assert (await _api(faulty, "GET", "/sandbox/faults")).json()["drop_first"] is True
    finally:
        assert (await _api(faulty, "DELETE", "/sandbox/faults")).status_code == 204
    _, clean = await run_flow(faulty.client, hooks(url), "+15550900004")
    assert [d.json["hook"] for d in _arrived(inbox, clean.sid)] == ["a", "b", "c"]


async def test_delay_passes_on_the_simulated_clock() -> None:
    report = await run(hooks("https://hooks.example"), script={"faults": {"delay": 7.5, "widgets": ["b"]}})
    at = {step["widget"]: step["at"] for step in report["steps"]}
    assert (at["a"], at["b"], at["c"]) == (0, 7.5, 7.5)
    assert report["requests"][1]["faults"] == ["delayed 7.5 s"]
    assert report["requests_sent"] == 3


async def test_faults_in_the_flow_tester_count_what_went_out() -> None:
    report = await run(
        hooks("https://hooks.example"), script={"faults": {"duplicate": True, "drop_first": True}}
    )
    assert (
        report["requests_sent"] == 6
    )  # each request once (its dropped first attempt never left), plus a copy
    assert all(r["faults"] == ["first attempt dropped", "delivered twice"] for r in report["requests"])


def test_bad_fault_plans_are_refused() -> None:
    from studio_sandbox.scripts import FaultModel

    with pytest.raises(ValueError, match="delay"):
        FaultModel.model_validate({"delay": -1})
    with pytest.raises(ValueError, match="Extra inputs"):
        FaultModel.model_validate({"duplicates": True})
