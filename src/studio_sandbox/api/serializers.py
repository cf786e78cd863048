"""Resources as the Studio v2 API renders them (snake_case JSON)."""

from __future__ import annotations

from typing import Any

from studio_sandbox.models import Execution, Flow, FlowRevision, Step
from studio_sandbox.sids import format_date


def flow_url(base_url: str, flow_sid: str) -> str:
    """The flow's resource URL."""
    return f"{base_url}/v2/Flows/{flow_sid}"


def execution_url(base_url: str, flow_sid: str, execution_sid: str) -> str:
    """The execution's resource URL."""
    return f"{flow_url(base_url, flow_sid)}/Executions/{execution_sid}"


def flow_json(flow: Flow, base_url: str, account_sid: str) -> dict[str, Any]:
    """A Flow resource."""
    url = flow_url(base_url, flow.sid)
    return {
        "sid": flow.sid,
        "account_sid": account_sid,
        "author_sid": account_sid,
        "friendly_name": flow.friendly_name,
        "definition": flow.definition.raw,
        "status": flow.status,
        "revision": flow.revision,
        "commit_message": flow.commit_message,
        "valid": not flow.errors,
        "errors": list(flow.errors),
        "warnings": [],
        "date_created": format_date(flow.date_created),
        "date_updated": format_date(flow.date_updated),
        "webhook_url": f"{base_url}/v1/Accounts/{account_sid}/Flows/{flow.sid}",
        "url": url,
        "links": {
            "test_users": f"{url}/TestUsers",
            "revisions": f"{url}/Revisions",
            "executions": f"{url}/Executions",
        },
    }


def execution_json(execution: Execution, base_url: str, account_sid: str) -> dict[str, Any]:
    """An Execution resource."""
    url = execution_url(base_url, execution.flow_sid, execution.sid)
    return {
        "sid": execution.sid,
        "account_sid": account_sid,
        "flow_sid": execution.flow_sid,
        "contact_sid": execution.contact_sid,
        "contact_channel_address": execution.to,
        "context": execution.context,
        "status": execution.status,
        "flow_version": execution.flow_version,
        "initiated_by": account_sid,
        "date_created": format_date(execution.date_created),
        "date_updated": format_date(execution.date_updated),
        "url": url,
        "links": {"steps": f"{url}/Steps", "execution_context": f"{url}/Context"},
    }


def execution_context_json(execution: Execution, base_url: str, account_sid: str) -> dict[str, Any]:
    """An execution's Context resource."""
    return {
        "account_sid": account_sid,
        "context": execution.context,
        "flow_sid": execution.flow_sid,
        "execution_sid": execution.sid,
        "url": execution_url(base_url, execution.flow_sid, execution.sid) + "/Context",
    }


def _step_url(step: Step, base_url: str) -> str:
    return f"{execution_url(base_url, step.flow_sid, step.execution_sid)}/Steps/{step.sid}"


def step_json(step: Step, base_url: str, account_sid: str) -> dict[str, Any]:
    """An ExecutionStep resource."""
    url = _step_url(step, base_url)
    return {
        "sid": step.sid,
        "account_sid": account_sid,
        "flow_sid": step.flow_sid,
        "execution_sid": step.execution_sid,
        "parent_step_sid": step.parent_step_sid,
        "name": step.name,
        "context": step.context,
        "transitioned_from": step.transitioned_from,
        "transitioned_to": step.transitioned_to,
        "type": step.type,
        "date_created": format_date(step.date_created),
        "date_updated": format_date(step.date_created),
        "url": url,
        "links": {"step_context": f"{url}/Context"},
    }


def step_context_json(step: Step, base_url: str, account_sid: str) -> dict[str, Any]:
    """A step's Context resource."""
    return {
        "account_sid": account_sid,
        "context": step.context,
        "execution_sid": step.execution_sid,
        "flow_sid": step.flow_sid,
        "step_sid": step.sid,
        "url": _step_url(step, base_url) + "/Context",
    }


def revision_json(flow: Flow, revision: FlowRevision, base_url: str, account_sid: str) -> dict[str, Any]:
    """A FlowRevision resource."""
    return {
        "sid": flow.sid,
        "account_sid": account_sid,
        "author_sid": account_sid,
        "friendly_name": revision.friendly_name,
        "definition": revision.definition.raw,
        "status": revision.status,
        "revision": revision.revision,
        "commit_message": revision.commit_message,
        "valid": not revision.errors,
        "errors": list(revision.errors),
        "date_created": format_date(revision.date_created),
        "date_updated": format_date(revision.date_created),
        "url": f"{flow_url(base_url, flow.sid)}/Revisions/{revision.revision}",
    }
