"""Request plumbing shared by the routers: the sandbox, Basic auth, base URL, form bodies."""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import Depends, Request

from studio_sandbox.core import SandboxCore
from studio_sandbox.errors import AUTHENTICATION_FAILED, SandboxApiError, missing_parameter


def get_core(request: Request) -> SandboxCore:
    """The sandbox serving this request."""
    core: SandboxCore = request.app.state.sandbox_core
    return core


CoreDep = Annotated[SandboxCore, Depends(get_core)]


def _credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


def require_auth(request: Request, core: CoreDep) -> None:
    """HTTP Basic with the account SID and auth token; anything else is Twilio's 401 (20003)."""
    given = _credentials(request.headers.get("Authorization", ""))
    expected = (core.config.account_sid, core.config.auth_token)
    if given is None or not (
        hmac.compare_digest(given[0].encode(), expected[0].encode())
        & hmac.compare_digest(given[1].encode(), expected[1].encode())
    ):
        raise SandboxApiError(401, AUTHENTICATION_FAILED, "Authentication Error - invalid username")


def base_url(request: Request, core: CoreDep) -> str:
    """The URL prefix for links: the configured public URL, else the one this request came in on."""
    if core.config.public_base_url:
        return core.config.public_base_url
    # root_path carries the mount prefix when the sandbox is mounted inside another app.
    root_path = str(request.scope.get("root_path", ""))
    return f"{request.url.scheme}://{request.url.netloc}{root_path}".rstrip("/")


BaseUrlDep = Annotated[str, Depends(base_url)]


@dataclass(frozen=True)
class FormParams:
    """A form-encoded request body (Twilio's request format)."""

    values: dict[str, list[str]]

    def get(self, name: str) -> str | None:
        """The first value of `name`, if it was sent."""
        found = self.values.get(name)
        return found[0] if found else None

    def require(self, name: str) -> str:
        """The value of a required parameter, or 400 (20001) naming it."""
        value = self.get(name)
        if value is None or value == "":
            raise missing_parameter(name)
        return value


async def read_form(request: Request) -> FormParams:
    """Parse the body as `application/x-www-form-urlencoded`, whatever the client declared."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return FormParams(parse_qs(body, keep_blank_values=True))


FormDep = Annotated[FormParams, Depends(read_form)]
