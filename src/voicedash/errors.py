"""The errors services raise, and the one place that turns them into the response envelope."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from voicedash.logs import get_logger

log = get_logger("voicedash.errors")


class AppError(Exception):
    """An error a client can act on: rendered as `{success: false, error, code, details}`."""

    status_code = 500
    code = "INTERNAL_ERROR"

    def __init__(
        self,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        code: str | None = None,
        status_code: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        self.headers = headers or {}


class ValidationError(AppError):
    status_code = 400
    code = "VALIDATION_ERROR"

    def __init__(self, message: str, *, field: str | None = None, **kwargs: Any) -> None:
        details = kwargs.pop("details", None) or {}
        if field:
            details.setdefault("field", field)
        super().__init__(message, details=details, **kwargs)


class AuthenticationError(AppError):
    """No valid session or API token came with the request."""

    status_code = 401
    code = "UNAUTHORIZED"

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"}, **kwargs)


class NotFoundError(AppError):
    status_code = 404
    code = "NOT_FOUND"


class ConflictError(AppError):
    status_code = 409
    code = "CONFLICT"


class SecurityError(AppError):
    status_code = 403
    code = "FORBIDDEN"


class PayloadTooLargeError(AppError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class TwilioError(AppError):
    """Twilio refused or could not be reached; the message says what to fix."""

    status_code = 502
    code = "TWILIO_ERROR"


class TwilioUnreachableError(TwilioError):
    """No answer from Twilio: the request may or may not have been carried out."""


class RateLimitedError(AppError):
    status_code = 429
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int, **kwargs: Any) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)}, **kwargs)


class ServiceUnavailableError(AppError):
    status_code = 503
    code = "SERVICE_UNAVAILABLE"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def error_body(message: str, code: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "success": False,
        "error": message,
        "code": code,
        "details": details or {},
        "timestamp": now_iso(),
    }


def _field_name(error: dict[str, Any]) -> str:
    if error.get("type") == "json_invalid":  # its location is a byte offset, not a field
        return "body"
    parts = [str(part) for part in error["loc"] if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return JSONResponse(
        error_body(exc.message, exc.code, exc.details), status_code=exc.status_code, headers=exc.headers
    )


async def _request_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"field": _field_name(dict(e)), "message": e["msg"]} for e in exc.errors()]
    fields = ", ".join(dict.fromkeys(p["field"] for p in problems))
    details: dict[str, Any] = {"field": problems[0]["field"] if problems else "body", "errors": problems}
    return JSONResponse(
        error_body(f"invalid request: {fields}", "VALIDATION_ERROR", details), status_code=400
    )


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
    code = codes.get(exc.status_code, "HTTP_ERROR")
    # Starlette's own 400s are about a body it could not read.
    details = {"field": "body"} if exc.status_code == 400 else {}
    return JSONResponse(
        error_body(str(exc.detail), code, details),
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback for the developers, answered in the envelope for the client."""
    log.error("unhandled_error", method=request.method, path=request.url.path, exc_info=exc)
    return JSONResponse(error_body("internal error; it has been logged", "INTERNAL_ERROR"), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Render every AppError, request validation error and HTTP error as the envelope."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
