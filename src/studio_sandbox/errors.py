"""Twilio's error responses: `{"code", "message", "more_info", "status"}`."""

from __future__ import annotations

from typing import Any

MISSING_PARAMETER = 20001
AUTHENTICATION_FAILED = 20003
METHOD_NOT_ALLOWED = 20004
NOT_FOUND = 20404
CONFLICT = 20409
TOO_MANY_REQUESTS = 20429
INVALID_TO = 21211
INVALID_FROM = 21212
FLOW_VALIDATION_FAILED = 81022
ADDRESSES_TOO_LONG = 81023


class SandboxApiError(Exception):
    """An error the REST API answers with, in Twilio's legacy error shape."""

    def __init__(self, status: int, code: int, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        """The JSON body Twilio would send."""
        body: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }
        if self.details is not None:
            body["details"] = self.details
        return body


def missing_parameter(name: str) -> SandboxApiError:
    """400 for a required parameter that was not sent."""
    return SandboxApiError(400, MISSING_PARAMETER, f"Missing required parameter {name} in the post body")


def invalid_parameter(name: str, reason: str) -> SandboxApiError:
    """400 for a parameter whose value is unusable."""
    return SandboxApiError(400, MISSING_PARAMETER, f"Invalid parameter {name}: {reason}")


def not_found(resource: str, sid: str) -> SandboxApiError:
    """404 for an unknown SID."""
    return SandboxApiError(404, NOT_FOUND, f"The requested resource /{resource}/{sid} was not found")
