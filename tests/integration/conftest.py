"""Integration fixtures: voicedash's real JSON logging into a file the test reads."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from voicedash.logs import configure_logging

LogLines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def json_logs(tmp_path: Path) -> Iterator[LogLines]:
    """Configure logging as the server does (DEBUG, to a file); yields a reader of the JSON lines."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    path = tmp_path / "voicedash.log"
    configure_logging("DEBUG", path)

    def read() -> list[dict[str, Any]]:
        return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]

    yield read
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
