"""make-http-request: a signed request to any URL; 2xx is `success`, anything else `failed`."""

from __future__ import annotations

from typing import Any

from studio_sandbox.delivery import DeliveryResult, OutboundRequest, parse_json_reply
from studio_sandbox.liquid import render_value
from studio_sandbox.runtime import WidgetResult, WidgetRun

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded;charset=utf-8"
OUTBOUND_REQUEST_FAILED = 81016


def build_request(run: WidgetRun) -> OutboundRequest:
    """Render URL and payload: a JSON body is plain Liquid substitution, a form comes from `parameters`."""
    context = run.runtime.context
    method = run.render("method", "POST").strip().upper() or "POST"
    content_type = run.render("content_type", FORM_CONTENT_TYPE).strip() or FORM_CONTENT_TYPE
    form = tuple(
        (render_value(p.get("key", ""), context), render_value(p.get("value", ""), context))
        for p in run.raw("parameters", [])
        if isinstance(p, dict) and p.get("key")
    )
    is_json = "json" in content_type.lower() and method != "GET"
    config = run.services.config
    auth_flag = str(run.raw("add_twilio_auth", False)).lower() == "true"
    return OutboundRequest(
        method=method,
        url=run.render("url").strip(),
        content_type=content_type,
        json_body=run.render("body") if is_json else None,
        form=() if is_json else form,
        basic_auth=(config.account_sid, config.auth_token) if auth_flag else None,
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


async def make_http_request(run: WidgetRun) -> WidgetResult:
    """Send the request and report how it went."""
    request = build_request(run)
    if not request.url.lower().startswith(("http://", "https://")):
        result = DeliveryResult(0, error=f"invalid URL {request.url!r}")
    else:
        result = await run.services.sender.send(request)
    return WidgetResult("success" if result.ok else "failed", outputs_of(result))
