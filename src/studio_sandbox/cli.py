"""`studio-sandbox serve` runs the emulator; `studio-sandbox test FLOW.json` runs one flow offline."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from rich.console import Console

from studio_sandbox.app import create_sandbox
from studio_sandbox.config import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, SandboxConfig
from studio_sandbox.scripts import ScriptBook, ScriptFileError, load_script_file
from studio_sandbox.signing import SHA1, SHA256
from studio_sandbox.tester import DEFAULT_FROM, FlowTest, run_flow_test
from studio_sandbox.tester_report import report_renderable

app = typer.Typer(help="A local emulator of the Twilio Studio v2 REST API.", no_args_is_help=True)
err = Console(stderr=True)


@app.callback()
def main() -> None:
    """Twilio Studio sandbox."""


def script_book(path: Path | None, number: str | None = None) -> ScriptBook:
    """The script file at `path` (empty without one); exits 2 when it cannot be used."""
    if path is None:
        return ScriptBook()
    try:
        return load_script_file(path, number)
    except ScriptFileError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="SANDBOX_HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="SANDBOX_PORT", help="TCP port.")] = 8001,
    account_sid: Annotated[str, typer.Option(envvar="SANDBOX_ACCOUNT_SID")] = DEMO_ACCOUNT_SID,
    auth_token: Annotated[str, typer.Option(envvar="SANDBOX_AUTH_TOKEN")] = DEMO_AUTH_TOKEN,
    time_scale: Annotated[
        float,
        typer.Option(envvar="SANDBOX_TIME_SCALE", min=0, help="1 real time, 0.05 demo speed, 0 instant."),
    ] = 1.0,
    public_base_url: Annotated[
        str | None, typer.Option(envvar="SANDBOX_PUBLIC_BASE_URL", help="Base URL for links and recordings.")
    ] = None,
    scripts: Annotated[
        Path | None,
        typer.Option(envvar="SANDBOX_SCRIPTS", help="YAML/JSON file: callees, random mode, faults."),
    ] = None,
    calls_per_second: Annotated[
        float, typer.Option(envvar="SANDBOX_CALLS_PER_SECOND", min=0, help="Outbound call pacing (0 = none).")
    ] = 1.0,
    signature: Annotated[
        str, typer.Option(envvar="SANDBOX_SIGNATURE", help=f"Webhook signature: {SHA1} or {SHA256}.")
    ] = SHA1,
) -> None:
    """Serve the Studio v2 API (and /sandbox endpoints) until interrupted."""
    book = script_book(scripts)
    config = SandboxConfig(
        account_sid=account_sid,
        auth_token=auth_token,
        time_scale=time_scale,
        public_base_url=public_base_url,
        signature_algorithm=signature,
        calls_per_second=calls_per_second,
        faults=book.faults.to_plan() if book.faults else None,
    )
    sandbox = create_sandbox(config)
    for number, body in book.callees.items():
        sandbox.core.callees.register(number, body.to_script())
    sandbox.core.callees.random = book.random.to_random() if book.random else None
    token_note = auth_token if auth_token == DEMO_AUTH_TOKEN else "(as configured)"
    err.print(
        f"[bold]Studio sandbox[/bold] on http://{host}:{port}  account {account_sid}  token {token_note}",
        soft_wrap=True,
    )
    uvicorn.run(sandbox.asgi, host=host, port=port, log_level="info")


def load_flow(path: Path) -> dict[str, Any]:
    """A definition as downloaded from the console (or a Flow resource holding one); exits 2 otherwise."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        err.print(f"[red]cannot read {path}: {exc}[/red]")
        raise typer.Exit(2) from None
    if isinstance(raw, dict) and "states" not in raw and isinstance(raw.get("definition"), dict):
        raw = raw["definition"]  # a Flow resource as the API returns it
    if not isinstance(raw, dict):
        err.print(f"[red]{path} does not hold a flow definition (a JSON object)[/red]")
        raise typer.Exit(2)
    return raw


def print_report(report: dict[str, Any], as_json: bool) -> None:
    """JSON for machines, a table for people; exits 1 when the flow ended in an error."""
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        Console(width=160).print(report_renderable(report))
    if report["end"]["state"] in ("error", "invalid"):
        raise typer.Exit(1)


@app.command("test")
def test_flow(
    flow: Annotated[Path, typer.Argument(help="Flow definition JSON (as exported from the console).")],
    to: Annotated[
        str, typer.Option(help="The contact: who is called, or who calls or texts in.")
    ] = "+15555550101",
    from_: Annotated[str, typer.Option("--from", help="The Twilio number.")] = DEFAULT_FROM,
    press: Annotated[
        list[str] | None, typer.Option(help="Keys pressed at each gather, in order; 'none' presses nothing.")
    ] = None,
    script: Annotated[Path | None, typer.Option(help="YAML/JSON callee script or script book.")] = None,
    trigger: Annotated[
        str | None, typer.Option(help="Trigger event (default: what the flow is wired for).")
    ] = None,
    parameter: Annotated[list[str] | None, typer.Option(help="REST parameter KEY=VALUE (flow.data).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Run a flow offline: print the widgets visited, what was said, every HTTP request, the end state."""
    parameters = dict(item.partition("=")[::2] for item in parameter or [])
    test = FlowTest(to, from_, tuple(press) if press else None, script_book(script, to), trigger, parameters)
    print_report(asyncio.run(run_flow_test(load_flow(flow), test)), as_json)
