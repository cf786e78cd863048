"""SIGKILL voicedash mid-batch: after a restart (or on the other of two processes) the batch finishes, paced,
and nobody was called twice."""

from __future__ import annotations

import asyncio
import itertools
import statistics
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from studio_sandbox.app import Sandbox, create_sandbox
from studio_sandbox.config import SandboxConfig
from tests.support.process import ACCOUNT_SID, AUTH_TOKEN, AppProcess, api_token
from tests.support.servers import serving
from voicedash.models import Role
from voicedash.twilio_gateway.flow import FRIENDLY_NAME, FlowText, appointment_flow
from voicedash.twilio_gateway.gateway import TwilioGateway

# Each test its own numbers: a call its kill cut off stays pending (in progress) in the shared database.
NUMBERS = [f"+1415555{800 + i:04d}" for i in range(15)]
OTHER_NUMBERS = [f"+1415555{820 + i:04d}" for i in range(15)]


async def deploy_flow(sandbox_url: str, public_url: str) -> str:
    gateway = TwilioGateway(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_base_url=sandbox_url)
    try:
        definition = appointment_flow(public_url=public_url, text=FlowText(prompt="Press 1."))
        return await gateway.deploy_flow(friendly_name=FRIENDLY_NAME, definition=definition)
    finally:
        await gateway.aclose()


async def wait_batch(client: httpx.AsyncClient, path: str, done: Any, timeout: float) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    detail: dict[str, Any] = {}
    while asyncio.get_running_loop().time() < deadline:
        try:
            response = await client.get(path)
        except httpx.TransportError:
            response = None
        if response is not None and response.status_code == 200:
            detail = response.json()["data"]
            if done(detail):
                return detail
        await asyncio.sleep(0.05)
    raise AssertionError(f"the batch did not get there in {timeout} s: {detail}")


def executions(sandbox: Sandbox, flow_sid: str, numbers: list[str]) -> list[Any]:
    """What the sandbox was asked to run for these numbers, oldest first."""
    found = (e for e in sandbox.store.executions(flow_sid) if e.to in numbers)
    return sorted(found, key=lambda e: e.date_created)


def new_sandbox() -> Sandbox:
    return create_sandbox(
        SandboxConfig(
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            time_scale=0,
            calls_per_second=0,
            executions_per_second=0,
        )
    )


def operator(app: AppProcess, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=app.url, timeout=10, headers={"Authorization": f"Bearer {token}"})


def assert_called_once_each(placed: list[Any], detail: dict[str, Any], numbers: list[str]) -> None:
    twice = [to for to, n in Counter(e.to for e in placed).items() if n > 1]
    assert twice == [], "a number was called twice"
    assert detail["started"] + detail["failed"] == len(numbers) and detail["remaining"] == 0, detail
    assert detail["started"] == len(placed), "every call placed is recorded as started, and no other"
    assert all(row["code"] == "INTERRUPTED" for row in detail["failed_rows"])
    assert detail["failed"] <= 1


async def test_a_batch_resumes_after_sigkill_and_calls_nobody_twice(
    database_url: str, tmp_path: Path
) -> None:
    sandbox = new_sandbox()
    async with serving(sandbox.asgi) as sandbox_url:
        app = AppProcess(database_url=database_url, data_dir=tmp_path)
        flow_sid = await deploy_flow(sandbox_url, app.url)
        app.env.update(TWILIO_API_BASE_URL=sandbox_url, TWILIO_FLOW_SID=flow_sid, CALLS_PER_SECOND="5")
        await app.start()
        try:
            token = await api_token(database_url, Role.operator)
            async with operator(app, token) as client:
                response = await client.post("/api/calls/start-bulk", json={"numbers": NUMBERS})
                assert response.status_code == 202, response.text
                path = f"/api/calls/batches/{response.json()['data']['batch_id']}"
                before = await wait_batch(client, path, lambda d: d["started"] >= 4, timeout=20)
                app.kill()
                assert before["status"] == "running" and before["remaining"] > 0, (
                    "the kill must land mid-batch"
                )
                restarted_at = datetime.now(UTC)
                await app.start()
                # A row the kill left `starting` is settled once its request must have ended (~12 s).
                detail = await wait_batch(client, path, lambda d: d["status"] == "complete", timeout=60)
        finally:
            app.stop()
    placed = executions(sandbox, flow_sid, NUMBERS)
    assert any(e.date_created > restarted_at for e in placed), "the restarted app went on with the batch"
    assert_called_once_each(placed, detail, NUMBERS)


async def role(app: AppProcess) -> str:
    async with httpx.AsyncClient(base_url=app.url, timeout=10) as client:
        return str((await client.get("/health")).json()["services"]["webhooks"]["processor"])


async def test_two_processes_run_a_batch_once_at_one_pace_and_hand_it_over(
    postgres_url: str, tmp_path: Path
) -> None:
    sandbox = new_sandbox()
    async with serving(sandbox.asgi) as sandbox_url:
        apps = [AppProcess(database_url=postgres_url, data_dir=tmp_path / name) for name in ("a", "b")]
        flow_sid = await deploy_flow(sandbox_url, apps[0].url)
        for app in apps:
            app.data_dir.mkdir()
            app.env.update(TWILIO_API_BASE_URL=sandbox_url, TWILIO_FLOW_SID=flow_sid, CALLS_PER_SECOND="4")
            await app.start()
        try:
            token = await api_token(postgres_url, Role.operator)
            roles = [await role(app) for app in apps]
            assert sorted(roles) == ["leader", "standby"], roles
            leader, standby = apps if roles[0] == "leader" else apps[::-1]
            async with operator(standby, token) as client:
                response = await client.post("/api/calls/start-bulk", json={"numbers": OTHER_NUMBERS})
                assert response.status_code == 202, response.text
                path = f"/api/calls/batches/{response.json()['data']['batch_id']}"
                await wait_batch(client, path, lambda d: d["started"] >= 4, timeout=20)
                leader.kill()  # the standby takes over the webhooks, and the batch
                detail = await wait_batch(client, path, lambda d: d["status"] == "complete", timeout=60)
        finally:
            for app in apps:
                app.stop()
    placed = executions(sandbox, flow_sid, OTHER_NUMBERS)
    assert_called_once_each(placed, detail, OTHER_NUMBERS)
    gaps = [(b.date_created - a.date_created).total_seconds() for a, b in itertools.pairwise(placed)]
    # Two runners would each go at CALLS_PER_SECOND: gaps of half the interval, or less, all along. A
    # process's first request also opens its HTTP connection, and may land late (short next gap).
    assert statistics.median(gaps) >= 0.25 * 0.9 and min(gaps) >= 0.25 / 2, gaps
