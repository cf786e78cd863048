"""Everything one sandbox instance holds, independent of how it is served."""

from __future__ import annotations

from dataclasses import dataclass

from studio_sandbox.callee import CalleeBook
from studio_sandbox.clock import Clock
from studio_sandbox.config import SandboxConfig
from studio_sandbox.delivery import WebhookSender
from studio_sandbox.engine import Engine
from studio_sandbox.ratelimit import CallPacer, SlidingWindowLimiter
from studio_sandbox.recordings import RecordingStore
from studio_sandbox.runtime import Services
from studio_sandbox.store import Store


@dataclass
class SandboxCore:
    """The store, the engine and the account-level limits."""

    config: SandboxConfig
    store: Store
    engine: Engine
    callees: CalleeBook
    recordings: RecordingStore
    execution_limiter: SlidingWindowLimiter

    @classmethod
    def build(cls, config: SandboxConfig) -> SandboxCore:
        """Wire a fresh, empty sandbox."""
        store, callees, recordings = Store(), CalleeBook(), RecordingStore()
        services = Services(
            config=config,
            clock=Clock(config.time_scale),
            callees=callees,
            recordings=recordings,
            sender=WebhookSender(config.auth_token, config.http_timeout_seconds),
            pacer=CallPacer(config.calls_per_second, config.time_scale),
        )
        return cls(
            config=config,
            store=store,
            engine=Engine(store, services),
            callees=callees,
            recordings=recordings,
            execution_limiter=SlidingWindowLimiter(config.executions_per_second),
        )
