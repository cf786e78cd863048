"""`/2010-04-01/Accounts/{AC}/Calls.json`: the calls the sandbox placed, and calls placed on request
(simulated from the callee's script, with form-encoded status callbacks when `StatusCallback` is set)."""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from studio_sandbox.addresses import valid_address
from studio_sandbox.api.dependencies import CoreDep, FormDep, FormParams, require_auth
from studio_sandbox.api.paging import page_request, paginate
from studio_sandbox.calls import CallRecord
from studio_sandbox.clock import Timeline
from studio_sandbox.core import SandboxCore
from studio_sandbox.courier import Courier
from studio_sandbox.dialing import StatusCallbacks, dial
from studio_sandbox.errors import INVALID_FROM, INVALID_TO, SandboxApiError, not_found

router = APIRouter(prefix="/2010-04-01/Accounts/{account_sid}", dependencies=[Depends(require_auth)])
URL_REQUIRED = 21205
DEFAULT_RING_SECONDS = 60.0


def _rfc2822(moment: Any) -> str | None:
    return format_datetime(moment) if moment is not None else None


def call_json(call: CallRecord, account_sid: str) -> dict[str, Any]:
    """A Call resource (API 2010: RFC 2822 dates, relative `uri`)."""
    uri = f"/2010-04-01/Accounts/{account_sid}/Calls/{call.sid}.json"
    return {
        "sid": call.sid,
        "account_sid": account_sid,
        "parent_call_sid": call.parent_call_sid,
        "to": call.to,
        "to_formatted": call.to,
        "from": call.from_,
        "from_formatted": call.from_,
        "status": call.status,
        "direction": call.direction,
        "answered_by": call.answered_by,
        "start_time": _rfc2822(call.start_time),
        "end_time": _rfc2822(call.end_time),
        "duration": None if call.duration is None else str(call.duration),
        "queue_time": str(call.queue_time),
        "price": None,
        "price_unit": "USD",
        "api_version": "2010-04-01",
        "caller_name": None,
        "forwarded_from": None,
        "group_sid": None,
        "phone_number_sid": None,
        "trunk_sid": None,
        "date_created": _rfc2822(call.date_created),
        "date_updated": _rfc2822(call.date_updated),
        "uri": uri,
        "subresource_uris": {"recordings": uri.replace(".json", "/Recordings.json")},
    }


def _account(core: SandboxCore, account_sid: str) -> str:
    if account_sid != core.config.account_sid:
        raise not_found("2010-04-01/Accounts", account_sid)
    return account_sid


def _new_call(core: SandboxCore, form: FormParams) -> CallRecord:
    to, from_ = form.require("To").strip(), form.require("From").strip()
    if not valid_address(to):
        raise SandboxApiError(400, INVALID_TO, f"The 'To' number {to} is not a valid phone number.")
    if not valid_address(from_):
        raise SandboxApiError(400, INVALID_FROM, f"The 'From' number {from_} is not a valid phone number.")
    if not (form.get("Url") or form.get("Twiml") or form.get("ApplicationSid")):
        raise SandboxApiError(400, URL_REQUIRED, "Url parameter is required.")
    call = core.services.calls.place(to, from_)
    call.status_callback = form.get("StatusCallback") or None
    call.status_callback_method = form.get("StatusCallbackMethod") or "POST"
    events = {e for value in form.values.get("StatusCallbackEvent", []) for e in value.split()}
    call.status_callback_events = frozenset(events | {"completed"}) if events else frozenset({"completed"})
    return call


async def _simulate(core: SandboxCore, call: CallRecord, machine_detection: str, ring: float) -> None:
    services = core.services
    script = services.callees.script_for(call.to)
    timeline = Timeline(services.clock, call.date_created)
    courier = Courier(services.sender, services.faults.resolve(script.faults), timeline.sleep)
    notify = StatusCallbacks(courier, core.config.account_sid)
    await services.pacer.wait_turn()
    if await dial(call, script, timeline, ring, machine_detection, notify) == "in-progress":
        await timeline.sleep(script.talk_seconds)
        call.move("completed", timeline.now())
        await notify(call)
    await courier.flush()


@router.post("/Calls.json", status_code=201)
async def create_call(account_sid: str, form: FormDep, core: CoreDep) -> dict[str, Any]:
    """Place a call; the callee's script decides how it goes (the TwiML is not run)."""
    account = _account(core, account_sid)
    call = _new_call(core, form)
    try:
        ring = float(form.get("Timeout") or DEFAULT_RING_SECONDS)
    except ValueError:
        ring = DEFAULT_RING_SECONDS
    body = call_json(call, account)
    core.engine.spawn(call.sid, _simulate(core, call, form.get("MachineDetection") or "Disable", ring))
    return body


@router.get("/Calls.json")
async def list_calls(account_sid: str, request: Request, core: CoreDep) -> dict[str, Any]:
    """Calls, newest first, filtered by `To`, `From`, `Status`."""
    account = _account(core, account_sid)
    query = request.query_params
    found = core.services.calls.calls(query.get("To"), query.get("From"), query.get("Status"))
    paging = page_request(query, ("To", "From", "Status"))
    page, meta = paginate(
        found, lambda c: c.seq, paging, f"/2010-04-01/Accounts/{account}/Calls.json", "calls"
    )
    start = paging.page * paging.page_size
    return {
        "calls": [call_json(c, account) for c in page],
        "first_page_uri": meta["first_page_url"],
        "next_page_uri": meta["next_page_url"],
        "previous_page_uri": meta["previous_page_url"],
        "page": paging.page,
        "page_size": paging.page_size,
        "start": start,
        "end": start + max(len(page) - 1, 0),
        "uri": meta["url"],
    }


@router.get("/Calls/{call_file}")
async def fetch_call(account_sid: str, call_file: str, core: CoreDep) -> dict[str, Any]:
    """One call (`CA….json`)."""
    account = _account(core, account_sid)
    return call_json(core.services.calls.get(call_file.removesuffix(".json"), account), account)


@router.delete("/Calls/{call_file}", status_code=204)
async def delete_call(account_sid: str, call_file: str, core: CoreDep) -> Response:
    """Forget a call record."""
    core.services.calls.delete(call_file.removesuffix(".json"), _account(core, account_sid))
    return Response(status_code=204)
