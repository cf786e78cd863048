"""The success envelope every API response uses."""

from __future__ import annotations

from typing import Any

from voicedash.errors import now_iso


def ok(data: Any, message: str = "ok") -> dict[str, Any]:
    return {"success": True, "message": message, "data": data, "timestamp": now_iso()}
