"""IANA time zones: the organisation's (`ORG_TIMEZONE`) and those a request names with `tz`."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Area/Location names as the tz database writes them (`Europe/Istanbul`, `America/Argentina/Salta`,
# `UTC`, `Etc/GMT+3`): anything else (paths, `..`) never reaches the zoneinfo loader.
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")


class UnknownZoneError(ValueError):
    """The name is not an IANA time zone this machine knows."""


@lru_cache(maxsize=256)
def zone_named(name: str) -> ZoneInfo:
    """The time zone called `name` (`Europe/Istanbul`), or UnknownZoneError."""
    if not _ZONE_NAME.fullmatch(name) or len(name) > 64:
        raise UnknownZoneError(f"{name!r} is not an IANA time zone name such as Europe/Istanbul")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownZoneError(f"{name!r} is not a time zone this server knows") from None


def local_zone_name() -> str:
    """The server's own zone (TZ, /etc/localtime, /etc/timezone), `UTC` when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8", errors="replace").strip())
    for name in candidates:
        try:
            zone_named(name)
        except UnknownZoneError:
            continue
        return "UTC" if name == "Etc/UTC" else name
    return "UTC"
