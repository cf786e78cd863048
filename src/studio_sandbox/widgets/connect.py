"""Widgets that hand a call to someone else: connect-call-to (dials for real, in the sandbox), and the
simulated ones: send-to-flex, enqueue-call, add-twiml-redirect, connect-virtual-agent-v2, capture-payments.

A simulated widget fires its usual event unless the contact's script names another one in `events`
(by widget name or type) and publishes the script's `outputs` for it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from studio_sandbox.addresses import valid_address
from studio_sandbox.dialing import dial
from studio_sandbox.runtime import WidgetResult, WidgetRun
from studio_sandbox.sids import new_sid
from studio_sandbox.widgets.voice import end_call

DIAL_STATUS = {"in-progress": "completed", "busy": "busy", "no-answer": "no-answer", "failed": "failed"}
HANDOFF_SECONDS = 60.0
ENDS_CALL = {
    "send-to-flex": "callComplete",
    "enqueue-call": "callComplete",
    "connect-virtual-agent-v2": "completed",
}


async def connect_call_to(run: WidgetRun) -> WidgetResult:
    """Dial `to` from the live call: `callCompleted` when the dialled leg ends, `hangup` if the caller
    leaves first."""
    call = run.active_call()
    to = run.render("to").strip()
    if call.script.hangs_up_at(run.state.name, run.state.type):
        await run.sleep(1.0)
        end_call(run, call)
        return WidgetResult("hangup", {"CallSid": call.sid, "DialCallStatus": "canceled"})
    script = run.services.callees.script_for(to)
    if not valid_address(to):
        script = replace(script, failed=True)  # Twilio cannot dial it
    caller_id = run.render("caller_id").strip() or call.record.from_
    leg = run.services.calls.place(to, caller_id, direction="outbound-dial", parent=call.sid)
    status = await dial(leg, script, run.runtime.timeline, run.number("timeout", 30))
    if status == "in-progress":
        await run.sleep(script.talk_seconds)
        leg.move("completed", run.runtime.timeline.now())
    run.note("dial", noun=run.render("noun", "number"), to=to, sid=leg.sid, status=DIAL_STATUS[status])
    outputs = {
        "CallSid": call.sid,
        "DialCallSid": leg.sid,
        "DialCallStatus": DIAL_STATUS[status],
        "DialCallDuration": str(leg.duration or 0),
    }
    return WidgetResult("callCompleted", outputs)


async def _handoff(run: WidgetRun, default_event: str, outputs: dict[str, Any]) -> WidgetResult:
    event, scripted = run.scripted(default_event)
    run.note("simulated", type=run.state.type, event=event)
    await run.sleep(HANDOFF_SECONDS if event == ENDS_CALL.get(run.state.type) else 1.0)
    if event == ENDS_CALL.get(run.state.type) and run.runtime.call is not None and run.runtime.call.active:
        end_call(run, run.runtime.call)
    return WidgetResult(event, outputs | scripted)


async def send_to_flex(run: WidgetRun) -> WidgetResult:
    """Simulated: a Flex agent takes the call or conversation (`callComplete`)."""
    task = {"TaskSid": new_sid("WT"), "Workflow": run.render("workflow"), "Channel": run.render("channel")}
    return await _handoff(run, "callComplete", task)


async def enqueue_call(run: WidgetRun) -> WidgetResult:
    """Simulated: the caller waits in the queue and is answered (`callComplete`)."""
    run.active_call()
    queue = run.render("queue_name") or run.render("workflow_sid")
    return await _handoff(run, "callComplete", {"QueueResult": "bridged", "QueueName": queue})


async def add_twiml_redirect(run: WidgetRun) -> WidgetResult:
    """Simulated: the call visits the TwiML at `url` and comes back (`return`)."""
    run.active_call()
    return await _handoff(run, "return", {"url": run.render("url")})


async def connect_virtual_agent(run: WidgetRun) -> WidgetResult:
    """Simulated: the virtual agent talks with the caller and finishes (`completed`)."""
    run.active_call()
    return await _handoff(run, "completed", {"VirtualAgentProviderData": {}})


async def capture_payments(run: WidgetRun) -> WidgetResult:
    """Simulated: the caller keys in a test card that is accepted (`success`)."""
    call = run.active_call()
    outputs = {
        "CallSid": call.sid,
        "Result": "success",
        "PaymentConfirmationCode": "PC" + call.sid[2:],
        "PaymentCardNumber": "xxxx-xxxx-xxxx-1111",
        "PaymentCardType": "visa",
        "PaymentAmount": run.render("payment_amount"),
    }
    return await _handoff(run, "success", outputs)
