"""`studio-sandbox serve`: run the sandbox as a standalone server."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from studio_sandbox.app import create_sandbox
from studio_sandbox.config import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, SandboxConfig

app = typer.Typer(help="A local emulator of the Twilio Studio v2 REST API.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Twilio Studio sandbox."""


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
) -> None:
    """Serve the Studio v2 API (and /sandbox endpoints) until interrupted."""
    config = SandboxConfig(
        account_sid=account_sid, auth_token=auth_token, time_scale=time_scale, public_base_url=public_base_url
    )
    sandbox = create_sandbox(config)
    console = Console(stderr=True)
    token_note = auth_token if auth_token == DEMO_AUTH_TOKEN else "(as configured)"
    console.print(
        f"[bold]Studio sandbox[/bold] on http://{host}:{port}  account {account_sid}  token {token_note}",
        soft_wrap=True,
    )
    uvicorn.run(sandbox.asgi, host=host, port=port, log_level="info")
