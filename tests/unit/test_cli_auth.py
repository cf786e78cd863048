"""voicedash users …, keys …, the demo's admin and key file, and production's refusal without secrets."""

from __future__ import annotations

import asyncio
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from cryptography.fernet import Fernet
from sqlalchemy import select
from typer.testing import CliRunner

from tests.unit.test_cli import FULL
from voicedash import cli
from voicedash.auth import service
from voicedash.config import Environment, Settings
from voicedash.db.encryption import Keyring
from voicedash.db.engine import create_engine, create_sessionmaker
from voicedash.db.keyfile import local_keys
from voicedash.db.migrate import upgrade
from voicedash.models import AuditEvent, Call, User

FROM = "+15005550006"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`voicedash …` in this process (one import, not one per command), in an empty folder."""
    monkeypatch.chdir(tmp_path)
    for name in os.environ:
        if name.startswith(("TWILIO_", "PUBLIC_URL", "DATABASE_", "JWT_", "VOICEDASH_")):
            monkeypatch.delenv(name)

    def invoke(args: list[str], env: dict[str, str] | None = None, stdin: str = "") -> Result:
        environment = {"VOICEDASH_ENV": "development", "COLUMNS": "200", **(env or {})}
        return CliRunner().invoke(cli.app, args, input=stdin, env=environment)

    return invoke


def test_users_are_created_listed_changed_and_disabled(run: Callable[..., Result], tmp_path: Path) -> None:
    created = run(
        ["users", "create", "Ayse", "--role", "viewer", "--password-stdin"], stdin="reception desk 1\n"
    )
    assert created.exit_code == 0, created.output
    assert "created ayse (viewer)" in created.stdout
    again = run(["users", "create", "ayse", "--password-stdin"], stdin="reception desk 1\n")
    assert again.exit_code == 1 and "already exists" in again.stderr
    short = run(["users", "set-password", "ayse", "--password-stdin"], stdin="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.stderr
    prompted = run(["users", "set-password", "ayse"], stdin="a new long password\na new long password\n")
    assert prompted.exit_code == 0 and "a new long password" not in prompted.output, "the prompt hides it"
    assert run(["users", "disable", "ayse"]).exit_code == 0
    listing = run(["users", "list"])
    assert re.search(r"ayse\s+│\s+viewer\s+│\s+yes", listing.stdout), listing.stdout
    assert run(["users", "disable", "nobody"]).exit_code == 1
    database = (tmp_path / "data" / "voicedash.db").read_bytes()
    assert b"reception desk" not in database and b"a new long password" not in database


def test_tokens_are_created_listed_and_revoked(run: Callable[..., Result]) -> None:
    created = run(["tokens", "create", "booking-system", "--role", "viewer"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("vd_") and "booking-system" in created.stderr
    listing = run(["tokens", "list"])
    assert "booking-system" in listing.stdout and "viewer" in listing.stdout and secret not in listing.stdout
    assert run(["tokens", "revoke", "1"]).exit_code == 0
    assert "yes" in run(["tokens", "list"]).stdout
    assert run(["tokens", "revoke", "99"]).exit_code == 1


def test_keys_generate_prints_a_fernet_key(run: Callable[..., Result]) -> None:
    result = run(["keys", "generate"])
    assert result.exit_code == 0
    Fernet(result.stdout.strip())


async def add_call(url: str, key: str) -> None:
    engine = create_engine(url, keyring=Keyring([key]))
    await upgrade(engine)
    async with create_sessionmaker(engine)() as session:
        session.add(
            Call(execution_sid="FN" + "1" * 32, to_number="+905321234567", from_number="+15005550006")
        )
        await session.commit()
    await engine.dispose()


async def read_call(url: str, key: str) -> str:
    engine = create_engine(url, keyring=Keyring([key]))
    async with create_sessionmaker(engine)() as session:
        call = await session.scalar(select(Call))
    await engine.dispose()
    assert call is not None
    return call.to_number


def test_keys_rotate_re_encrypts_the_database(run: Callable[..., Result], tmp_path: Path) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    url = f"sqlite+aiosqlite:///{tmp_path / 'calls.db'}"
    asyncio.run(add_call(url, old_key))
    env = {"DATABASE_URL": url, "DATABASE_ENCRYPTION_KEY": old_key}
    result = run(["keys", "rotate", "--new-key", new_key], env)
    assert result.exit_code == 0, result.output
    assert "re-encrypted" in result.stdout and new_key not in result.output
    bad = run(["keys", "rotate", "--new-key", "nope"], env)
    assert bad.exit_code == 2 and "not a Fernet key" in bad.stderr
    assert asyncio.run(read_call(url, new_key)) == "+905321234567"


def test_production_refuses_to_serve_without_secrets(run: Callable[..., Result]) -> None:
    result = run(["serve", "--port", "1"], {**FULL, "VOICEDASH_ENV": "production"})
    assert result.exit_code == 2
    assert "JWT_SECRET" in result.stderr and "DATABASE_ENCRYPTION_KEY" in result.stderr
    placeholder = {**FULL, "VOICEDASH_ENV": "production", "JWT_SECRET": "change-me"}
    assert "placeholder" in run(["serve", "--port", "1"], placeholder).stderr


def test_demo_and_development_keep_a_generated_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "encryption.key"
    first = Settings(environment=Environment.demo)
    assert local_keys(first, key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = Settings(environment=Environment.development)
    assert local_keys(second, key_file) and second.encryption_keys == first.encryption_keys
    production = Settings(environment=Environment.production)
    assert not local_keys(production, key_file) and not production.encryption_keys


async def test_the_demo_admin_password_is_printed_once_and_stored_hashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(environment=Environment.demo, database_url=f"sqlite:///{tmp_path / 'demo.db'}")
    await cli._demo_admin(settings)
    password = re.search(r"password (\S+)", capsys.readouterr().out)
    assert password, "the generated password is printed"
    await cli._demo_admin(settings)
    assert password.group(1) not in capsys.readouterr().out, "and only once"

    engine = create_engine(settings.database_url)
    async with create_sessionmaker(engine)() as session:
        assert await service.authenticate(session, "admin", password.group(1)) is not None
        user = await session.scalar(select(User))
        assert user is not None and user.role == "admin" and password.group(1) not in user.password_hash
        assert await session.scalar(select(AuditEvent).where(AuditEvent.action == "user.created"))
    await engine.dispose()
    assert password.group(1).encode() not in (tmp_path / "demo.db").read_bytes()


async def test_the_demo_admin_takes_voicedash_admin_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    await cli._demo_admin(Settings(environment=Environment.demo, database_url=url))
    await cli._demo_admin(
        Settings(environment=Environment.demo, database_url=url, admin_password="chosen by deniz 1")
    )
    engine = create_engine(Settings(database_url=url).database_url)
    async with create_sessionmaker(engine)() as session:
        assert await service.authenticate(session, "admin", "chosen by deniz 1") is not None
    await engine.dispose()
