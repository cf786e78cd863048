"""The demo's and development's encryption key, kept in a file when none is configured."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from voicedash.config import Environment, Settings

KEY_FILE_NAME = "encryption.key"  # in DATA_DIR


def local_keys(settings: Settings, key_file: Path | None = None) -> bool:
    """Demo and development keep a generated key in DATA_DIR/encryption.key (mode 0600) when none is set.

    Returns True when the keys came from that file."""
    if settings.encryption_keys or settings.environment not in (Environment.demo, Environment.development):
        return False
    from voicedash.db.encryption import load_or_create_key_file

    path = key_file or settings.data_dir / KEY_FILE_NAME
    settings.database_encryption_key = SecretStr(load_or_create_key_file(path))
    return True
