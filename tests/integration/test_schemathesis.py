"""schemathesis generates requests from the app's own OpenAPI document (signed in as an admin):
no operation may answer with a 5xx."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.support.stack import Stack, running_stack
from voicedash.models import Role

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
EXAMPLES = 25


@pytest.fixture
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


def fuzz(document: dict[str, Any], base_url: str, token: str) -> tuple[Counter[int], list[str]]:
    """Run every operation's generated cases; returns (status codes seen, 5xx answers seen)."""
    schema = schemathesis.openapi.from_dict(document)
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    # Revoking a token could revoke this one (ids are small): that operation goes last.
    operations = sorted(
        (r.ok() for r in schema.get_all_operations()), key=lambda op: op.method.upper() == "DELETE"
    )

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(base_url=base_url, headers=headers, timeout=20)
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}"
                )

        check()
    return statuses, failures


async def test_no_generated_request_gets_a_5xx(stack: Stack) -> None:
    async with stack.client(Role.admin) as admin:
        document = (await admin.get("/openapi.json")).json()
    statuses, failures = await asyncio.to_thread(fuzz, document, stack.app_url, stack.tokens[Role.admin])
    assert not failures, "\n".join(failures)
    assert statuses.total() >= 100 and statuses[200] + statuses[201] >= 20, statuses
