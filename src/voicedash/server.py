"""The process `voicedash serve` becomes once its checks pass: the app under uvicorn, and nothing else.

The command line's own libraries (Typer, Rich) and what structlog loads when Rich is installed (its
console renderer, Pygments) would stay in memory for the server's whole life: about 10 MiB of a
120 MiB budget. So `serve` checks the settings, prints them, migrates, and then replaces itself
(os.execv, same process id) with `python -m voicedash.server HOST PORT`.
"""

from __future__ import annotations

import contextlib
import gc
import secrets
import sys
from typing import TYPE_CHECKING

from pydantic import SecretStr

if TYPE_CHECKING:
    import uvicorn


def _leave_out(*names: str) -> None:
    """Mark optional libraries absent in this process, before anything imports them: their users then
    do without, as when they are not installed."""
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]


def _two_malloc_arenas() -> None:
    """glibc gives each thread that allocates an arena of its own and keeps what is freed there; the
    server's threads (inbox writer, processor, SQLite driver) would hold several MiB that way. Two
    arenas are plenty when the GIL serialises nearly every allocation (what MALLOC_ARENA_MAX=2 does)."""
    import ctypes

    m_arena_max = -8
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to tune
        ctypes.CDLL("libc.so.6").mallopt(m_arena_max, 2)


def server_config(host: str, port: int) -> uvicorn.Config:
    """The app for host:port with the settings from the environment and `.env`, loaded as lean as it goes."""
    _leave_out("rich", "pygments")  # only the console would use them; the logs are JSON
    from voicedash.config import Environment, Settings
    from voicedash.db.keyfile import local_keys

    settings = Settings()
    if not settings.redis_url:
        # python-socketio imports the Redis client whenever it is installed (16 MiB); nothing uses it.
        _leave_out("redis")
    _two_malloc_arenas()
    local_keys(settings)
    if settings.jwt_secret is None and settings.environment is not Environment.production:
        settings.jwt_secret = SecretStr(secrets.token_urlsafe(48))  # `serve` said so before it got here

    from voicedash.app import create_app
    from voicedash.logs import configure_logging
    from voicedash.serving import uvicorn_config

    configure_logging(settings.log_level, settings.log_file)
    app = create_app(settings, migrate=False)
    return uvicorn_config(app, host, port, settings.forwarded_allow_ips)


def main(host: str, port: int) -> None:
    """Serve the app on host:port."""
    config = server_config(host, port)
    # The inbox writer and processor run Python in threads of their own beside the event loop: hand
    # the GIL over every 1 ms rather than 5, so neither an acknowledgement nor a batch waits long for it.
    sys.setswitchinterval(0.001)
    # What is loaded by now lives as long as the process: keep it out of the collector's full passes,
    # which would otherwise walk it all and pause the loop for tens of milliseconds.
    gc.collect()
    gc.freeze()
    import uvicorn

    uvicorn.Server(config).run()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
