"""voicedash as a separate process, the way it runs in production: for crash and scale-out tests."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.servers import free_port
from tests.support.stack import TEST_ENCRYPTION_KEY
from voicedash.auth import service as auth_service
from voicedash.db.encryption import Keyring
from voicedash.db.engine import create_engine, create_sessionmaker
from voicedash.models import Role

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "f" * 32
# Every process of one deployment shares its secrets (several processes, one database); the key is the
# one every test uses, since the PostgreSQL test database is shared by the whole run.
JWT_SECRET = secrets.token_urlsafe(48)


class AppProcess:
    """`voicedash serve` in a child process; its log goes to a file for post-mortems."""

    def __init__(
        self,
        *,
        database_url: str,
        data_dir: Path,
        redis_url: str | None = None,
        redis_channel: str = "voicedash",
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("TWILIO_", "PUBLIC_URL", "VOICEDASH_"))
            },
            "VOICEDASH_ENV": "development",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_PHONE_NUMBER": "+15005550006",
            "TWILIO_FLOW_SID": "FW" + "2" * 32,
            # No Twilio here: these tests are about webhooks, which need none.
            "TWILIO_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
            "PUBLIC_URL": self.url,
            "DATABASE_URL": database_url,
            "DATA_DIR": str(data_dir),
            "LOG_LEVEL": "WARNING",
            "DATABASE_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
            "JWT_SECRET": JWT_SECRET,
        }
        if redis_url:
            self.env["REDIS_URL"] = redis_url
            self.env["REDIS_CHANNEL"] = redis_channel
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        log_path = self.data_dir / f"app-{self.port}.log"
        with log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "voicedash.cli", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            for _ in range(300):
                if self.process.poll() is not None:
                    raise RuntimeError(f"voicedash exited with {self.process.returncode}; see {log_path}")
                try:
                    await client.get("/health")
                    return
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        raise RuntimeError("voicedash did not start within 30 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


async def api_token(database_url: str, role: Role = Role.viewer) -> str:
    """An API token in the processes' database, made through the same service the CLI uses."""
    engine = create_engine(database_url, keyring=Keyring([TEST_ENCRYPTION_KEY]))
    try:
        async with create_sessionmaker(engine)() as session:
            _, secret = await auth_service.create_token(session, name="tests", role=role, actor="tests")
            await session.commit()
    finally:
        await engine.dispose()
    return secret
