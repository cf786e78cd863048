"""voicedash users create|list|set-password|disable|enable and tokens create|list|revoke: thin over
voicedash.auth.service, as the API is."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from pydantic import ValidationError as SettingsValidationError
from rich.console import Console
from rich.table import Table

from voicedash.auth.roles import Role
from voicedash.config import Settings
from voicedash.errors import AppError

if TYPE_CHECKING:  # the database layer is imported only by the commands that use it
    from sqlalchemy.ext.asyncio import AsyncSession

users_app = typer.Typer(help="Accounts that sign in to the dashboard.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for automation (Authorization: Bearer …).", no_args_is_help=True)
console = Console()
err = Console(stderr=True)
T = TypeVar("T")
ACTOR = "cli"

PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input (for scripts).")
]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


async def _in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from voicedash.db.engine import create_engine, create_sessionmaker
    from voicedash.db.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine)() as session:
            result = await work(session)
            await session.commit()
            return result
    finally:
        await engine.dispose()


def load_settings() -> Settings:
    try:
        return Settings()
    except SettingsValidationError as exc:
        for error in exc.errors():
            err.print(
                f"[red]invalid setting {'.'.join(map(str, error['loc'])).upper()}: {error['msg']}[/red]"
            )
        raise typer.Exit(2) from None


def _run(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    try:
        return asyncio.run(_in_session(load_settings(), work))
    except AppError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None


@users_app.command("create")
def create(
    username: str,
    role: Annotated[
        Role, typer.Option(help="viewer reads; operator also starts calls; admin also manages.")
    ] = (Role.operator),
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account (the password is asked for, hidden, unless --password-stdin)."""
    from voicedash.auth import service

    password = _read_password(password_stdin)
    user = _run(
        lambda s: service.create_user(s, username=username, password=password, role=role, actor=ACTOR)
    )
    console.print(f"created {user.username} ({user.role})")


@users_app.command("list")
def list_users() -> None:
    """List accounts with their roles."""
    from voicedash.auth import service

    table = Table("username", "role", "disabled", "last sign-in")
    for user in _run(service.list_users):
        last = user.last_login_at.isoformat(timespec="seconds") if user.last_login_at else "never"
        table.add_row(user.username, user.role, "yes" if user.disabled else "no", last)
    console.print(table)


@users_app.command("set-password")
def set_password(username: str, password_stdin: PasswordStdin = False) -> None:
    """Give an account a new password; its open sessions end."""
    from voicedash.auth import service

    password = _read_password(password_stdin)
    _run(lambda s: service.set_password(s, username=username, password=password, actor=ACTOR))
    console.print(f"password changed for {username.strip().lower()}")


@users_app.command("disable")
def disable(username: str) -> None:
    """Stop an account signing in; its open sessions end."""
    from voicedash.auth import service

    _run(lambda s: service.set_disabled(s, username=username, disabled=True, actor=ACTOR))
    console.print(f"disabled {username.strip().lower()}")


@users_app.command("enable")
def enable(username: str) -> None:
    """Let a disabled account sign in again."""
    from voicedash.auth import service

    _run(lambda s: service.set_disabled(s, username=username, disabled=False, actor=ACTOR))
    console.print(f"enabled {username.strip().lower()}")


@tokens_app.command("create")
def create_token(
    name: str,
    role: Annotated[Role, typer.Option(help="What the token may do.")] = Role.operator,
) -> None:
    """Create an API token and print its secret: it is shown this once and stored only as a digest."""
    from voicedash.auth import service

    token, secret = _run(lambda s: service.create_token(s, name=name, role=role, actor=ACTOR))
    err.print(f"token {token.id} ({token.name}, {token.role}) created; its secret, shown only now:")
    print(secret)


@tokens_app.command("list")
def list_tokens() -> None:
    """List API tokens (never their secrets), with when each was last used."""
    from voicedash.auth import service

    tokens, _ = _run(lambda s: service.list_tokens(s, limit=1000, offset=0))
    table = Table("id", "name", "role", "prefix", "last used", "revoked")
    for token in tokens:
        last = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never"
        table.add_row(
            str(token.id), token.name, token.role, token.prefix, last, "yes" if token.revoked_at else ""
        )
    console.print(table)


@tokens_app.command("revoke")
def revoke_token(token_id: int) -> None:
    """Revoke an API token: requests carrying it are refused from now on."""
    from voicedash.auth import service

    _run(lambda s: service.revoke_token(s, token_id=token_id, actor=ACTOR))
    console.print(f"revoked token {token_id}")
