"""Every error leaves the sandbox in Twilio's shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from studio_sandbox.errors import METHOD_NOT_ALLOWED, MISSING_PARAMETER, NOT_FOUND, SandboxApiError

_CODES = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED}


def _response(error: SandboxApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="Twilio API"'} if error.status == 401 else None
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SandboxApiError)
    return _response(exc)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = (
        f"The requested resource {request.url.path} was not found" if exc.status_code == 404 else exc.detail
    )
    return _response(SandboxApiError(exc.status_code, _CODES.get(exc.status_code, exc.status_code), message))


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in error.get('loc', ()))}: {error.get('msg', '')}" for error in exc.errors()
    )
    return _response(SandboxApiError(400, MISSING_PARAMETER, f"Invalid request: {problems}"))


def install_error_handlers(app: FastAPI) -> None:
    """Render SandboxApiError, routing errors and body validation errors as Twilio errors."""
    app.add_exception_handler(SandboxApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
