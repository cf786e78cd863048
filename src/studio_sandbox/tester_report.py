"""The flow tester's report: a JSON-ready dict, and a Rich table for people."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from studio_sandbox.runtime import ExecutionRuntime

DETAIL_KINDS = ("say", "play", "digits", "press", "speech", "http", "message", "reply", "call", "dial")


def _steps(runtime: ExecutionRuntime) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    for entry in runtime.journal:
        if entry["kind"] != "step":
            pending.append({k: v for k, v in entry.items() if k != "widget"})
            continue
        steps.append(
            {
                "n": len(steps) + 1,
                "at": entry["at"],
                "widget": entry["widget"],
                "type": entry["type"],
                "event": entry["event"],
                "next": entry["next"],
                "error": entry["error"],
                "details": pending,
            }
        )
        pending = []
    return steps


def _end(steps: list[dict[str, Any]]) -> dict[str, Any]:
    if not steps:
        return {"state": "not run"}
    last = steps[-1]
    state = {"error": "error", "hangup": "hung up"}.get(last["event"], "ended")
    end = {"state": state, "widget": last["widget"], "event": last["event"], "at": last["at"]}
    if last["error"]:
        end |= last["error"]
    return end


def _of_kind(steps: list[dict[str, Any]], *kinds: str) -> list[dict[str, Any]]:
    return [d | {"widget": s["widget"]} for s in steps for d in s["details"] if d["kind"] in kinds]


def build_report(
    raw: dict[str, Any],
    to: str,
    from_: str,
    trigger: str,
    problems: list[dict[str, str]],
    runtime: ExecutionRuntime | None,
    failure: dict[str, Any] | None,
) -> dict[str, Any]:
    """Everything the tester learned; `failure` is set when the definition could not run at all."""
    report: dict[str, Any] = {
        "flow": raw.get("description", ""),
        "trigger": trigger,
        "to": to,
        "from": from_,
        "valid": not problems,
        "problems": problems,
    }
    if runtime is None:
        errors = (failure or {}).get("errors", [])
        return report | {"steps": [], "end": {"state": "invalid", "errors": errors}}
    steps = _steps(runtime)
    calls = runtime.services.calls.calls()
    return report | {
        "steps": steps,
        "said": [d["text"] for d in _of_kind(steps, "say", "play")],
        "requests": _of_kind(steps, "http"),
        "messages": _of_kind(steps, "message", "reply"),
        "end": _end(steps),
        "variables": runtime.context["flow"].get("variables", {}),
        "widgets": runtime.context["widgets"],
        "calls": [
            {"sid": c.sid, "to": c.to, "from": c.from_, "status": c.status, "duration": c.duration}
            | {"direction": c.direction, "answered_by": c.answered_by}
            for c in reversed(calls)
        ],
    }


def _describe(detail: dict[str, Any]) -> str:
    kind = detail["kind"]
    if kind in ("say", "play"):
        loops = f" ×{detail['loop']}" if detail.get("loop", 1) > 1 else ""
        return f"{'says' if kind == 'say' else 'plays'}{loops}: {detail['text']}"
    if kind == "http":
        outcome = detail["error"] or detail["status"]
        faults = f" [{', '.join(detail['faults'])}]" if detail["faults"] else ""
        body = f"\n  {detail['body']}" if detail["body"] else ""
        return f"{detail['method']} {detail['url']} → {outcome}{faults}{body}"
    simple = {
        "press": lambda d: f"callee presses {d['digits']}",
        "digits": lambda d: f"sends digits {d['digits']}",
        "speech": lambda d: f"callee says: {d['text']}",
        "message": lambda d: f"message to {d['to']}: {d['body']}",
        "reply": lambda d: f"contact replies: {d['body']}",
        "call": lambda d: (
            f"calls {d['to']} → {d['status']}" + (f" ({d['answered_by']})" if d.get("answered_by") else "")
        ),
        "dial": lambda d: f"dials {d['to']} → {d['status']}",
        "recording": lambda d: f"records {d['seconds']} s voicemail {d['url']}",
        "simulated": lambda d: f"simulated {d['type']} → {d['event']}",
    }
    return simple[kind](detail) if kind in simple else str(detail)


def report_renderable(report: dict[str, Any]) -> Group:
    """The report as a Rich table with a summary line."""
    table = Table(title=f"{report['flow'] or 'flow'} — {report['trigger']} for {report['to']}", expand=False)
    for column in ("#", "t (s)", "widget", "type", "event → next", "what happened"):
        table.add_column(column, overflow="fold")
    for step in report["steps"]:
        details = "\n".join(_describe(d) for d in step["details"])
        if step["error"]:
            details = (details + "\n" if details else "") + f"error: {step['error']['message']}"
        table.add_row(
            str(step["n"]),
            f"{step['at']:g}",
            step["widget"],
            step["type"],
            f"{step['event']} → {step['next']}",
            details,
        )
    end = report["end"]
    summary = Text(f"end: {end['state']}", style="bold green" if end["state"] == "ended" else "bold red")
    if "widget" in end:
        summary.append(f" at {end['widget']} ({end['event']}) after {end['at']:g} simulated s")
    if end.get("message"):
        summary.append(f" — {end['message']}")
    problems = [
        Text(f"invalid: {p['property_path']}: {p['message']}", style="yellow") for p in report["problems"]
    ]
    return Group(*problems, table, summary)
