"""JSON logs through structlog, with phone numbers and secrets masked before anything is written."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import structlog

# 9+ digits, maybe with a leading + (or its URL encoding) and separators, standing alone: a phone number.
# Standing alone keeps SIDs (hex around the digits) and dates (8 digits) readable.
_PHONE = re.compile(r"(?<![\w%+])(?!\d{4}-\d\d-\d\d)(?:\+|%2[Bb])?\d(?:[\s\-().]*\d){8,}(?!\w)")
_SECRET_KEYS = re.compile(r"(token|secret|password|authorization|signature|cookie|api_key)", re.I)


def mask_phone(number: str) -> str:
    """`+905321234567` → `+90*******67`: enough to tell numbers apart, not enough to dial."""
    number = re.sub(r"^%2[Bb]", "+", number.strip())
    digits = re.sub(r"\D", "", number)
    prefix = "+" if number.startswith("+") else ""
    if len(digits) <= 4:
        return prefix + "*" * len(digits)
    # A fixed number of stars, so the mask does not reveal the number's length either.
    return f"{prefix}{digits[:2]}*******{digits[-2:]}"


def scrub(value: Any) -> Any:
    """Mask phone numbers anywhere in a log value (strings, lists, dicts)."""
    if isinstance(value, str):
        return _PHONE.sub(lambda m: mask_phone(m.group(0)), value)
    if isinstance(value, dict):
        return {k: "***" if _SECRET_KEYS.search(str(k)) else scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def _scrub_processor(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        if _SECRET_KEYS.search(key):
            event_dict[key] = "***"
        else:
            event_dict[key] = scrub(event_dict[key])
    return event_dict


def configure_logging(level: str = "INFO", log_file: Path | None = None) -> None:
    """Route structlog and the standard library through one JSON renderer on stderr (and a file)."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.format_exc_info,
        _scrub_processor,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        # Below the level, a call stops at the first processor instead of being masked and then dropped.
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.JSONRenderer(),
        ],
    )
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    root = logging.getLogger()
    root.handlers.clear()
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level)
    # The Twilio SDK logs every request body (phone numbers) at INFO; our own logs cover what matters.
    for noisy in ("twilio", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
