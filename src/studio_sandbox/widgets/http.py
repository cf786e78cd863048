"""make-http-request and run-function: signed requests to any URL; 2xx is success, anything else failure."""

from __future__ import annotations

from typing import Any

from studio_sandbox.delivery import DeliveryResult, OutboundRequest, parse_json_reply
from studio_sandbox.liquid import render_value
from studio_sandbox.runtime import WidgetResult, WidgetRun

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded;charset=utf-8"
OUTBOUND_REQUEST_FAILED = 81016


def _form(run: WidgetRun) -> tuple[tuple[str, str], ...]:
    context = run.runtime.context
    return tuple(
        (render_value(p.get("key", ""), context), render_value(p.get("value", ""), context))
        for p in run.raw("parameters", [])
        if isinstance(p, dict) and p.get("key")
    )


def build_request(run: WidgetRun) -> OutboundRequest:
    """Render URL and payload: a JSON body is plain Liquid substitution, a form comes from `parameters`."""
    method = run.render("method", "POST").strip().upper() or "POST"
    content_type = run.render("content_type", FORM_CONTENT_TYPE).strip() or FORM_CONTENT_TYPE
    is_json = "json" in content_type.lower() and method != "GET"
    config = run.services.config
    return OutboundRequest(
        method=method,
        url=run.render("url").strip(),
        content_type=content_type,
        json_body=run.render("body") if is_json else None,
        form=() if is_json else _form(run),
        basic_auth=(config.account_sid, config.auth_token) if run.flag("add_twilio_auth") else None,
    )


def outputs_of(result: DeliveryResult) -> dict[str, Any]:
    """`widgets.NAME.*`: status_code, body, content_type, and `parsed` for JSON replies."""
    outputs: dict[str, Any] = {
        "status_code": result.status_code,
        "content_type": result.content_type,
        "body": result.body,
    }
    parsed = parse_json_reply(result)
    if parsed is not None:
        outputs["parsed"] = parsed
    if result.error is not None:
        outputs["error"] = {"code": OUTBOUND_REQUEST_FAILED, "message": result.error}
    return outputs


async def deliver(run: WidgetRun, request: OutboundRequest) -> DeliveryResult:
    """Send through the execution's courier (faults included) and journal the exchange."""
    if not request.url.lower().startswith(("http://", "https://")):
        result = DeliveryResult(0, error=f"invalid URL {request.url!r}")
    else:
        result = await run.runtime.courier.send(request, run.state.name, run.state.type)
    run.note(
        "http",
        method=request.method,
        url=request.url,
        content_type=request.content_type if request.method != "GET" else "",
        body=request.body_text(),
        status=result.status_code,
        error=result.error,
        faults=list(result.faults),
    )
    return result


async def make_http_request(run: WidgetRun) -> WidgetResult:
    """Send the request and report how it went."""
    result = await deliver(run, build_request(run))
    return WidgetResult("success" if result.ok else "failed", outputs_of(result))


async def run_function(run: WidgetRun) -> WidgetResult:
    """A Twilio Function is an HTTP endpoint: POST the parameters to its URL, form-encoded."""
    request = OutboundRequest(
        method="POST", url=run.render("url").strip(), content_type=FORM_CONTENT_TYPE, form=_form(run)
    )
    result = await deliver(run, request)
    return WidgetResult("success" if result.ok else "fail", outputs_of(result))
