"""The sandbox's HTTP surface: Studio v2 routes plus a few sandbox-only ones."""

from __future__ import annotations

from fastapi import APIRouter

from studio_sandbox.api import calls, executions, flows, incoming, revisions, sandbox, steps

ROUTERS: tuple[APIRouter, ...] = (
    flows.router,
    revisions.router,
    executions.router,
    steps.router,
    calls.router,
    incoming.router,
    sandbox.router,
)
