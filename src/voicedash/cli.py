"""voicedash serve | demo [seed] | check-env | db | flow export|deploy|test | users | tokens | keys."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr
from pydantic import ValidationError as SettingsValidationError
from rich.console import Console
from rich.table import Table

from voicedash.cli_accounts import tokens_app, users_app
from voicedash.cli_keys import keys_app
from voicedash.cli_seed import seed
from voicedash.config import (
    ConfigurationError,
    Environment,
    Settings,
    check_base_url,
    ensure_complete,
)
from voicedash.db.keyfile import local_keys
from voicedash.errors import AppError
from voicedash.logs import configure_logging
from voicedash.twilio_gateway.flow import FRIENDLY_NAME, FlowText, appointment_flow

# Commands import the server, database and SDK only when they need them: `check-env` and
# `flow export` answer in well under a second.

app = typer.Typer(help="voicedash: appointment confirmation calls on Twilio Studio.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
flow_app = typer.Typer(help="The appointment Studio Flow.", no_args_is_help=True)
demo_app = typer.Typer(
    help="Serve the dashboard with the offline Studio sandbox (`demo seed` adds made-up calls).",
    invoke_without_command=True,
)
demo_app.command("seed")(seed)
app.add_typer(demo_app, name="demo")
app.add_typer(db_app, name="db")
app.add_typer(flow_app, name="flow")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(keys_app, name="keys")
console = Console()
err = Console(stderr=True)

DEMO_FROM_NUMBER = "+15005550006"


def _settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except SettingsValidationError as exc:
        for error in exc.errors():
            err.print(
                f"[red]invalid setting {'.'.join(map(str, error['loc'])).upper()}: {error['msg']}[/red]"
            )
        raise typer.Exit(2) from None


def _print_settings(settings: Settings) -> None:
    table = Table("variable", "value", title="Twilio settings")
    for name, value in settings.masked_report().items():
        table.add_row(name, value)
    err.print(table)


def _local_secrets(settings: Settings) -> None:
    """Demo and development run without configured secrets: a kept key file, a per-run session secret."""
    if local_keys(settings):
        err.print("[yellow]phone numbers are encrypted with the key kept in data/encryption.key[/yellow]")
    if settings.jwt_secret is None and settings.environment is not Environment.production:
        settings.jwt_secret = SecretStr(secrets.token_urlsafe(48))
        err.print("[yellow]JWT_SECRET is not set: sessions end when the server restarts[/yellow]")


def _flow_text(settings: Settings) -> FlowText:
    return FlowText(prompt=settings.flow_prompt, voice=settings.flow_voice, language=settings.flow_language)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PORT, 8000).")] = None,
) -> None:
    """Serve the dashboard, API and webhooks against the Twilio account in the settings."""
    settings = _settings()
    configure_logging(settings.log_level, settings.log_file)
    _print_settings(settings)
    try:
        ensure_complete(settings)
    except ConfigurationError as exc:
        err.print(f"[red]{exc}[/red] (see .env.example)")
        raise typer.Exit(2) from None
    _local_secrets(settings)
    _migrate_in_child_process()
    sys.stdout.flush()
    sys.stderr.flush()
    # The server runs in this process, without the command line's libraries (see voicedash.server).
    server = [sys.executable, "-m", "voicedash.server", host or settings.host, str(port or settings.port)]
    os.execv(sys.executable, server)  # noqa: S606 (a fixed argument list, no shell)


def _migrate_in_child_process() -> None:
    """`voicedash db upgrade` in a child: the server itself then never loads Alembic and its templates
    (about 14 MiB it would keep for nothing)."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "voicedash.cli", "db", "upgrade"], check=False)
    if done.returncode != 0:
        err.print("[red]the database migrations failed (see above)[/red]")
        raise typer.Exit(1)


@app.command("check-env")
def check_env() -> None:
    """List the required settings with masked values; exit 1 naming any that are missing."""
    settings = _settings()
    _print_settings(settings)
    missing = settings.missing()
    if missing:
        err.print(f"[red]missing required settings: {', '.join(missing)}[/red]")
        raise typer.Exit(1)
    console.print("[green]all required settings are present[/green]")


@demo_app.callback()
def demo(
    context: typer.Context,
    port: Annotated[int, typer.Option(help="Dashboard port.")] = 8000,
    sandbox_port: Annotated[int, typer.Option(help="Studio sandbox port.")] = 8001,
    time_scale: Annotated[
        float, typer.Option(help="Sandbox speed: 1 is real time, smaller is faster.")
    ] = 0.3,
) -> None:
    """Serve the dashboard with the offline Studio sandbox in place of Twilio: no account needed."""
    if context.invoked_subcommand is not None:
        return
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a demo ends
        asyncio.run(_demo(port, sandbox_port, time_scale))


async def _demo(port: int, sandbox_port: int, time_scale: float) -> None:
    import uvicorn

    from studio_sandbox.app import create_sandbox  # demo wiring: the only place voicedash meets the sandbox
    from studio_sandbox.config import SandboxConfig
    from voicedash.app import create_app
    from voicedash.serving import companions, uvicorn_config
    from voicedash.twilio_gateway.gateway import TwilioGateway

    base = _settings()
    configure_logging(base.log_level, base.log_file)
    config = SandboxConfig(auth_token=secrets.token_hex(16), time_scale=time_scale)
    sandbox = create_sandbox(config)
    host = "127.0.0.1"
    settings = _settings(
        environment=Environment.demo,
        twilio_account_sid=config.account_sid,
        twilio_auth_token=config.auth_token,
        twilio_phone_number=DEMO_FROM_NUMBER,
        twilio_api_base_url=f"http://{host}:{sandbox_port}",
        public_url=f"http://{host}:{port}",
        port=port,
        # Sandbox calls last seconds: notice a silent hang-up within seconds too.
        reconcile_interval_seconds=2.0,
        reconcile_quiet_seconds=5.0,
        database_url=base.database_url
        if "database_url" in base.model_fields_set
        else f"sqlite+aiosqlite:///{base.data_dir}/demo.db",
    )
    _local_secrets(settings)
    await _demo_admin(settings)
    async with companions([uvicorn_config(sandbox.asgi, host, sandbox_port)]):
        gateway = TwilioGateway(
            account_sid=config.account_sid,
            auth_token=config.auth_token,
            api_base_url=settings.twilio_api_base_url,
        )
        try:
            definition = appointment_flow(public_url=settings.public_url or "", text=_flow_text(settings))
            settings.twilio_flow_sid = await gateway.deploy_flow(
                friendly_name=FRIENDLY_NAME, definition=definition
            )
        finally:
            await gateway.aclose()
        console.print(
            f"[bold green]voicedash demo[/bold green] on http://{host}:{port}  "
            f"(Studio sandbox on :{sandbox_port}). Call a number ending in 1 to see a confirmation."
        )
        await uvicorn.Server(uvicorn_config(create_app(settings), host, port)).serve()


async def _demo_admin(settings: Settings) -> None:
    """The demo's admin account; a generated password is printed this once and stored only hashed."""
    from voicedash.auth.service import ensure_admin
    from voicedash.db.encryption import Keyring
    from voicedash.db.engine import create_engine, create_sessionmaker
    from voicedash.db.migrate import upgrade

    keyring = Keyring(settings.encryption_keys) if settings.encryption_keys else None
    engine = create_engine(settings.database_url, keyring=keyring)
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine)() as session:
            wanted = settings.admin_password.get_secret_value() if settings.admin_password else None
            created, generated = await ensure_admin(session, password=wanted)
            await session.commit()
    finally:
        await engine.dispose()
    if generated:
        console.print(f"[bold]sign in as admin with password {generated}[/bold] (shown once, stored hashed)")
    elif created:
        console.print("sign in as admin with VOICEDASH_ADMIN_PASSWORD")
    else:
        console.print("sign in as admin (start with VOICEDASH_ADMIN_PASSWORD set to give it a new password)")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (the server also does this on start)."""
    from voicedash.db.encryption import Keyring
    from voicedash.db.engine import create_engine
    from voicedash.db.migrate import upgrade

    settings = _settings()
    local_keys(settings)  # with the keys, migrations can fill the columns derived from numbers

    async def run() -> None:
        keyring = Keyring(settings.encryption_keys) if settings.encryption_keys else None
        engine = create_engine(settings.database_url, keyring=keyring)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    console.print("[green]database is up to date[/green]")


@flow_app.command("export")
def flow_export(
    public_url: Annotated[
        str | None, typer.Option(help="Base URL Twilio calls (default PUBLIC_URL).")
    ] = None,
) -> None:
    """Print the appointment flow with this deployment's webhook URLs, ready to import into Twilio."""
    settings = _settings()
    url = public_url or settings.public_url
    if not url:
        err.print("[red]set PUBLIC_URL or pass --public-url: the flow must know where to send webhooks[/red]")
        raise typer.Exit(2)
    try:
        url = check_base_url(url)
    except ValueError as exc:
        err.print(f"[red]--public-url {exc}[/red]")
        raise typer.Exit(2) from None
    print(json.dumps(appointment_flow(public_url=url, text=_flow_text(settings)), indent=2))


@flow_app.command("deploy")
def flow_deploy() -> None:
    """Create the appointment flow in the Twilio account and print its SID (set it as TWILIO_FLOW_SID)."""
    settings = _settings()
    missing = [
        n for n in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_URL") if n in settings.missing()
    ]
    if missing:
        err.print(f"[red]missing required settings: {', '.join(missing)}[/red]")
        raise typer.Exit(2)

    from voicedash.twilio_gateway.gateway import TwilioGateway

    async def run() -> str:
        gateway = TwilioGateway(
            account_sid=settings.twilio_account_sid or "",
            auth_token=settings.auth_token,
            api_base_url=settings.twilio_api_base_url,
        )
        try:
            definition = appointment_flow(public_url=settings.public_url or "", text=_flow_text(settings))
            return await gateway.deploy_flow(friendly_name=FRIENDLY_NAME, definition=definition)
        finally:
            await gateway.aclose()

    try:
        flow_sid = asyncio.run(run())
    except AppError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"flow created: {flow_sid} — set TWILIO_FLOW_SID to it")


@flow_app.command("test")
def flow_test(
    flow: Annotated[
        Path | None, typer.Argument(help="Flow JSON exported from the console (default: the bundled flow).")
    ] = None,
    to: Annotated[str, typer.Option(help="The contact's number.")] = "+15555550101",
    press: Annotated[
        list[str] | None, typer.Option(help="Keys pressed at each gather, in order; 'none' presses nothing.")
    ] = None,
    script: Annotated[Path | None, typer.Option(help="YAML/JSON callee script or script book.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Run a Studio flow fully offline and print each widget, what was said, every HTTP request, the end."""
    # The flow tester lives in studio_sandbox; voicedash meets the sandbox only here and in `demo`.
    from studio_sandbox.cli import load_flow, print_report, script_book
    from studio_sandbox.tester import FlowTest, run_flow_test

    if flow is None:
        settings = _settings()
        url = settings.public_url or f"http://127.0.0.1:{settings.port}"
        definition = appointment_flow(public_url=url, text=_flow_text(settings))
    else:
        definition = load_flow(flow)
    test = FlowTest(to=to, presses=tuple(press) if press else None, book=script_book(script, to))
    print_report(asyncio.run(run_flow_test(definition, test)), as_json)


if __name__ == "__main__":
    app()
