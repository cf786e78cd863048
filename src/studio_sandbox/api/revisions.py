"""`/v2/Flows/{FW}/Revisions` and `/TestUsers`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from studio_sandbox.api.dependencies import BaseUrlDep, CoreDep, FormDep, require_auth
from studio_sandbox.api.paging import page_request, paginate
from studio_sandbox.api.serializers import flow_url, revision_json
from studio_sandbox.errors import not_found
from studio_sandbox.models import Flow, FlowRevision

router = APIRouter(prefix="/v2/Flows/{flow_sid}", dependencies=[Depends(require_auth)])


def _revision(flow: Flow, which: str) -> FlowRevision:
    """A revision by number, or `LatestPublished` / `LatestRevision`."""
    if which == "LatestRevision":
        return flow.revisions[-1]
    if which == "LatestPublished":
        published = [r for r in flow.revisions if r.status == "published"]
        if published:
            return published[-1]
    for revision in flow.revisions:
        if str(revision.revision) == which:
            return revision
    raise not_found(f"Flows/{flow.sid}/Revisions", which)


@router.get("/Revisions")
async def list_revisions(flow_sid: str, request: Request, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """A flow's revisions, newest first."""
    flow = core.store.flow(flow_sid)
    page, meta = paginate(
        list(reversed(flow.revisions)),
        lambda revision: revision.revision,
        page_request(request.query_params),
        f"{flow_url(base, flow_sid)}/Revisions",
        "revisions",
    )
    account = core.config.account_sid
    return {"meta": meta, "revisions": [revision_json(flow, r, base, account) for r in page]}


@router.get("/Revisions/{revision}")
async def fetch_revision(flow_sid: str, revision: str, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """One revision (a number, `LatestPublished` or `LatestRevision`)."""
    flow = core.store.flow(flow_sid)
    return revision_json(flow, _revision(flow, revision), base, core.config.account_sid)


def _test_users_json(flow: Flow, base: str) -> dict[str, Any]:
    return {"sid": flow.sid, "test_users": flow.test_users, "url": f"{flow_url(base, flow.sid)}/TestUsers"}


@router.get("/TestUsers")
async def fetch_test_users(flow_sid: str, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """The contacts allowed to run the draft revision."""
    return _test_users_json(core.store.flow(flow_sid), base)


@router.post("/TestUsers")
async def update_test_users(flow_sid: str, form: FormDep, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """Replace the test users (`TestUsers`, repeated)."""
    flow = core.store.flow(flow_sid)
    form.require("TestUsers")
    flow.test_users = list(form.values.get("TestUsers", []))
    return _test_users_json(flow, base)
