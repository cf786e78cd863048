"""Messaging widgets, simulated: send-message, send-and-wait-for-reply (the contact's script replies), and
run-subflow (the subflow is not run; its event and outputs come from the script)."""

from __future__ import annotations

from typing import Any

from studio_sandbox.runtime import WidgetResult, WidgetRun
from studio_sandbox.sids import new_sid

REPLY_SECONDS = 5.0
DEFAULT_REPLY_TIMEOUT = 3600.0


def _message(run: WidgetRun) -> dict[str, Any]:
    context = run.runtime.context
    to = run.render("to").strip() or context["contact"]["channel"]["address"]
    from_ = run.render("from").strip() or context["flow"]["channel"]["address"]
    body = run.render("body")
    if run.render("message_type") == "content_template":
        body = body or f"[content template {run.render('content_sid')}]"
    return {"Sid": new_sid("SM"), "To": to, "From": from_, "Body": body}


async def send_message(run: WidgetRun) -> WidgetResult:
    """The message is `sent` (or the script's event); nothing leaves the sandbox."""
    message = _message(run)
    event, scripted = run.scripted("sent")
    run.note("message", to=message["To"], sender=message["From"], body=message["Body"])
    await run.sleep(1.0)
    return WidgetResult(event, {"MessageSid": message["Sid"], "MessageStatus": event, **message} | scripted)


async def send_and_wait_for_reply(run: WidgetRun) -> WidgetResult:
    """Send; the contact's next scripted reply arrives (`incomingMessage`) or nothing does (`timeout`)."""
    outbound = _message(run)
    run.note("message", to=outbound["To"], sender=outbound["From"], body=outbound["Body"])
    script = run.runtime.contact_script()
    reply = script.message_reply(run.runtime.replies_used)
    run.runtime.replies_used += 1
    if reply is None:
        await run.sleep(run.number("timeout", DEFAULT_REPLY_TIMEOUT))
        return WidgetResult("timeout", {"outbound": outbound})
    await run.sleep(REPLY_SECONDS)
    inbound = {"Sid": new_sid("SM"), "Body": reply, "From": outbound["To"], "To": outbound["From"]}
    run.note("reply", body=reply)
    return WidgetResult("incomingMessage", {"inbound": inbound, "outbound": outbound})


async def run_subflow(run: WidgetRun) -> WidgetResult:
    """Simulated: the subflow `flow_sid` completes with the script's outputs."""
    event, scripted = run.scripted("completed")
    run.note("simulated", type=run.state.type, event=event, flow_sid=run.render("flow_sid"))
    await run.sleep(1.0)
    return WidgetResult(event, scripted)
