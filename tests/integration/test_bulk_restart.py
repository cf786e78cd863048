"""SIGKILL voicedash mid-batch: after a restart the batch finishes and nobody was called twice."""

from __future__ import annotations

import asyncio
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

NUMBERS = [f"+1415555{800 + i:04d}" for i in range(15)]


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


def executions(sandbox: Sandbox, flow_sid: str) -> list[Any]:
    return [e for e in sandbox.store.executions(flow_sid) if e.to in NUMBERS]


async def test_a_batch_resumes_after_sigkill_and_calls_nobody_twice(
    database_url: str, tmp_path: Path
) -> None:
    sandbox = create_sandbox(
        SandboxConfig(
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            time_scale=0,
            calls_per_second=0,
            executions_per_second=0,
        )
    )
    async with serving(sandbox.asgi) as sandbox_url:
        app = AppProcess(database_url=database_url, data_dir=tmp_path)
        flow_sid = await deploy_flow(sandbox_url, app.url)
        app.env.update(TWILIO_API_BASE_URL=sandbox_url, TWILIO_FLOW_SID=flow_sid, CALLS_PER_SECOND="5")
        await app.start()
        try:
            token = await api_token(database_url, Role.operator)
            async with httpx.AsyncClient(
                base_url=app.url, timeout=10, headers={"Authorization": f"Bearer {token}"}
            ) as client:
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
    placed = executions(sandbox, flow_sid)
    twice = [to for to, n in Counter(e.to for e in placed).items() if n > 1]
    assert twice == [], "a number was called twice"
    assert any(e.date_created > restarted_at for e in placed), "the restarted app went on with the batch"
    assert detail["started"] + detail["failed"] == len(NUMBERS) and detail["remaining"] == 0
    assert detail["started"] == len(placed), "every call placed is recorded as started, and no other"
    assert all(row["code"] == "INTERRUPTED" for row in detail["failed_rows"])
    assert detail["failed"] <= 1
