"""Point the official twilio SDK at a sandbox: HTTP clients that rewrite every request's scheme and host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client


def rewrite_url(url: str, base_url: str) -> str:
    """`url` with the scheme and host of `base_url` (and its path prefix, when it has one)."""
    target, base = urlsplit(url), urlsplit(base_url)
    path = base.path.rstrip("/") + target.path
    return urlunsplit((base.scheme, base.netloc, path, target.query, target.fragment))


class SandboxHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """Synchronous SDK client that sends everything to `base_url` and ignores proxy variables."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        if self.session is not None:
            self.session.trust_env = False

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        """Send the request to the sandbox instead of Twilio."""
        return super().request(method, rewrite_url(url, self.base_url), *args, **kwargs)


class AsyncSandboxHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """Asynchronous SDK client (for `*_async` methods) that sends everything to `base_url`.

    Create it inside a running event loop (aiohttp's session needs one) and `await close()` it when done.
    """

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        """Send the request to the sandbox instead of Twilio."""
        return await super().request(method, rewrite_url(url, self.base_url), *args, **kwargs)


def sandbox_client(base_url: str, account_sid: str, auth_token: str, async_: bool = False) -> Client:
    """A `twilio.rest.Client` talking to the sandbox at `base_url` (async: call inside an event loop)."""
    http_client: Any = AsyncSandboxHttpClient(base_url) if async_ else SandboxHttpClient(base_url)
    return Client(account_sid, auth_token, http_client=http_client)
