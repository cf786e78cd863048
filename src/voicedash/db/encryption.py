"""Phone numbers at rest: Fernet-encrypted columns and a keyed hash for exact lookups.

The keys belong to an engine, not to the process: `attach_keyring(engine, keyring)` puts them on the
engine's dialect, where the column types find them. Services read and write plain strings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher
from cryptography.hazmat.primitives.ciphers.algorithms import AES
from cryptography.hazmat.primitives.ciphers.modes import CBC
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine, Text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeDecorator

_KEYRING_ATTR = "voicedash_keyring"
# Every Fernet token starts with its version byte and a timestamp's zero high bytes: "gAAAAA".
# A stored value without it was written before encryption was switched on, and is read as it is.
_FERNET_PREFIX = "gAAAAA"
# base64url → base64, for the C decoder (what base64.urlsafe_b64decode does, without its wrappers).
_URLSAFE_TO_STANDARD = bytes.maketrans(b"-_", b"+/")


class DecryptionError(Exception):
    """A stored value was encrypted under a key the settings no longer hold."""


class Keyring:
    """Fernet keys, newest first: the first encrypts, any decrypts; a hash key derived from the first."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("a keyring needs at least one key")
        self.keys = list(keys)
        self._fernet = MultiFernet([Fernet(key) for key in keys])
        first = base64.urlsafe_b64decode(keys[0])
        self._signing_key, self._encryption_key = first[:16], first[16:]
        self._hash_key = HKDF(
            algorithm=SHA256(), length=32, salt=None, info=b"voicedash number hash v1"
        ).derive(base64.urlsafe_b64decode(keys[0]))

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        if not stored.startswith(_FERNET_PREFIX):
            return stored
        try:
            return self._fernet.decrypt(stored.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise DecryptionError(
                "a stored value could not be decrypted: "
                "DATABASE_ENCRYPTION_KEY lacks the key it was written with"
            ) from None

    def decrypt_many(self, stored: Sequence[str | None]) -> list[str | None]:
        """`decrypt` of many values at once, for exports: the same result, several times faster.

        Each Fernet token under the first key has its HMAC checked exactly as Fernet does, then all
        of them are decrypted in one AES-CBC pass: in CBC a block's plaintext depends only on it and
        the block before, so laying out IV₁ C₁ IV₂ C₂ … decrypts every C with its own IV (the output
        of each IV block is discarded). Anything else (another key, a plain value) goes through
        `decrypt`, which also raises for a token no key opens."""
        plain: list[str | None] = [None] * len(stored)
        positions, blobs = [], []
        for position, value in enumerate(stored):
            blob = self._verified(value) if value is not None else None
            if blob is None:
                plain[position] = None if value is None else self.decrypt(value)
            else:
                positions.append(position)
                blobs.append(blob)
        decryptor = Cipher(AES(self._encryption_key), CBC(bytes(16))).decryptor()
        clear = decryptor.update(b"".join(blobs)) + decryptor.finalize()
        offset = 0
        for position, blob in zip(positions, blobs, strict=True):
            padded = clear[offset + 16 : offset + len(blob)]
            offset += len(blob)
            plain[position] = _unpad(padded).decode("utf-8")
        return plain

    def _verified(self, value: str) -> bytes | None:
        """IV and ciphertext of a well-formed token whose HMAC the first key confirms, else None."""
        if not value.startswith(_FERNET_PREFIX):
            return None
        try:
            data = binascii.a2b_base64(value.encode("ascii").translate(_URLSAFE_TO_STANDARD))
        except (binascii.Error, ValueError):
            return None
        if len(data) < 73 or (len(data) - 57) % 16:  # version, time, IV, ≥ 1 block, HMAC
            return None
        mac = hmac.digest(self._signing_key, data[:-32], "sha256")
        return data[9:-32] if hmac.compare_digest(mac, data[-32:]) else None

    def keyed_hash(self, text: str) -> str:
        """HMAC-SHA256 of a value: equal values match, the value cannot be read back."""
        return hmac.new(self._hash_key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def tail_hash(self, number: str) -> str | None:
        """Keyed hash of a number's last four digits (None with fewer): the 4-digit search compares it.

        Only 10,000 tails exist, so this hides a tail only from someone without the key; the full
        number is never derivable from it."""
        digits = "".join(ch for ch in number if ch.isdigit())
        return self.keyed_hash(f"tail:{digits[-4:]}") if len(digits) >= 4 else None


def _unpad(padded: bytes) -> bytes:
    """PKCS #7 padding removed (checked: the HMAC already vouched for these bytes)."""
    size = padded[-1] if padded else 0
    if not 1 <= size <= 16 or padded[-size:] != bytes([size]) * size:
        raise DecryptionError("a stored value is corrupt: its padding is wrong")
    return padded[:-size]


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def attach_keyring(engine: AsyncEngine | Engine, keyring: Keyring) -> None:
    target = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    setattr(target.dialect, _KEYRING_ATTR, keyring)


def keyring_or_none(dialect: Any) -> Keyring | None:
    """The dialect's keyring, if its engine was given one (migrations may run without)."""
    keyring: Keyring | None = getattr(dialect, _KEYRING_ATTR, None)
    return keyring


def keyring_of(dialect: Any) -> Keyring:
    keyring: Keyring | None = getattr(dialect, _KEYRING_ATTR, None)
    if keyring is None:
        raise RuntimeError("this engine has no DATABASE_ENCRYPTION_KEY: create it with a keyring")
    return keyring


def load_or_create_key_file(path: Path) -> str:
    """The key kept in `path` (mode 0600), generated the first time: demo and development only."""
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else keyring_of(dialect).encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else keyring_of(dialect).decrypt(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return keyring_of(dialect).encrypt(json.dumps(value, separators=(",", ":"), ensure_ascii=False))

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):  # a JSON column read natively, before the type changed
            return value
        return json.loads(keyring_of(dialect).decrypt(value))
