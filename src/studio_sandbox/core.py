"""Everything one sandbox instance holds, independent of how it is served."""

from __future__ import annotations

from dataclasses import dataclass

from studio_sandbox.callee import CalleeBook
from studio_sandbox.calls import CallStore
from studio_sandbox.clock import Clock
from studio_sandbox.config import SandboxConfig
from studio_sandbox.delivery import Transport, WebhookSender
from studio_sandbox.engine import Engine
from studio_sandbox.faults import FaultSettings
from studio_sandbox.ratelimit import CallPacer, SlidingWindowLimiter
from studio_sandbox.recordings import RecordingStore
from studio_sandbox.runtime import Services
from studio_sandbox.signing import Signer
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

    @property
    def services(self) -> Services:
        """What every execution shares (calls, faults, the webhook sender…)."""
        return self.engine.services

    @classmethod
    def build(cls, config: SandboxConfig, transport: Transport | None = None) -> SandboxCore:
        """Wire a fresh, empty sandbox; `transport` replaces real HTTP (the flow tester captures requests)."""
        store, callees, recordings = Store(), CalleeBook(), RecordingStore()
        clock = Clock(config.time_scale)
        signer = Signer(config.auth_token, config.signature_algorithm, config.signature_settings_key)
        services = Services(
            config=config,
            clock=clock,
            callees=callees,
            recordings=recordings,
            sender=WebhookSender(signer, config.http_timeout_seconds, transport, clock.sleep),
            pacer=CallPacer(config.calls_per_second, config.time_scale),
            calls=CallStore(),
            faults=FaultSettings(config.faults),
        )
        return cls(
            config=config,
            store=store,
            engine=Engine(store, services),
            callees=callees,
            recordings=recordings,
            execution_limiter=SlidingWindowLimiter(config.executions_per_second),
        )
