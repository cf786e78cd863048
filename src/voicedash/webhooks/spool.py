"""An append-only, fsync'ed file of webhooks acknowledged while the database could not be written."""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from voicedash.db.encryption import Keyring


@dataclass(slots=True)  # made once per webhook: a frozen dataclass's __init__ costs several times more
class InboxItem:
    """A verified webhook on its way into the inbox table."""

    idempotency_key: str
    kind: str
    content_type: str
    body: bytes
    headers: dict[str, Any]
    received_at: datetime

    def to_json(self) -> str:
        return json.dumps(
            {
                "idempotency_key": self.idempotency_key,
                "kind": self.kind,
                "content_type": self.content_type,
                "body": base64.b64encode(self.body).decode("ascii"),
                "headers": self.headers,
                "received_at": self.received_at.isoformat(),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, line: str) -> InboxItem:
        raw = json.loads(line)
        return cls(
            idempotency_key=raw["idempotency_key"],
            kind=raw["kind"],
            content_type=raw["content_type"],
            body=base64.b64decode(raw["body"]),
            headers=raw["headers"],
            received_at=datetime.fromisoformat(raw["received_at"]),
        )


class SpoolFullError(Exception):
    """The spool reached its size limit; the webhook must be refused so that Twilio retries it."""


class Spool:
    """One encrypted JSON document per line (bodies hold phone numbers). Appends are fsync'ed before they
    return; a line torn by a crash mid-append was never acknowledged and is cut off on start."""

    def __init__(self, path: Path, max_bytes: int, keyring: Keyring) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.keyring = keyring
        self._lock = threading.Lock()
        self._drop_torn_tail()
        self._depth = len(self.read())

    def _drop_torn_tail(self) -> None:
        """A crash mid-append leaves a partial last line (never acknowledged): cut it off."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with self.path.open("r+b") as spool:
                spool.truncate(data.rfind(b"\n") + 1)
                os.fsync(spool.fileno())

    @property
    def depth(self) -> int:
        """How many webhooks wait in the spool."""
        return self._depth

    def append(self, items: list[InboxItem]) -> None:
        data = "".join(self.keyring.encrypt(item.to_json()) + "\n" for item in items).encode("utf-8")
        with self._lock:
            size = self.path.stat().st_size if self.path.exists() else 0
            if size + len(data) > self.max_bytes:
                raise SpoolFullError(f"webhook spool is full ({size} bytes)")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as spool:
                spool.write(data)
                spool.flush()
                os.fsync(spool.fileno())
            self._depth += len(items)

    def read(self) -> list[InboxItem]:
        if not self.path.exists():
            return []
        items = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            items.append(InboxItem.from_json(self.keyring.decrypt(line)))
        return items

    def remove(self, count: int) -> None:
        """Drop the first `count` items, now safely in the database; later appends are kept."""
        with self._lock:
            lines = (
                self.path.read_text(encoding="utf-8").splitlines(keepends=True) if self.path.exists() else []
            )
            rest = lines[count:]
            temporary = self.path.with_suffix(".tmp")
            with temporary.open("w", encoding="utf-8") as spool:
                spool.writelines(rest)
                spool.flush()
                os.fsync(spool.fileno())
            temporary.replace(self.path)
            self._depth = len(rest)
