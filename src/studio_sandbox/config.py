"""Settings of one sandbox instance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from studio_sandbox.faults import FaultPlan
from studio_sandbox.signing import SHA1

DEMO_ACCOUNT_SID = "AC" + hashlib.sha256(b"studio-sandbox demo account").hexdigest()[:32]
DEMO_AUTH_TOKEN = hashlib.sha256(b"studio-sandbox demo token").hexdigest()[:32]


@dataclass(frozen=True)
class SandboxConfig:
    """What a sandbox needs to know; every field has a demo-friendly default.

    `time_scale` multiplies every simulated duration: 1.0 is real time, 0.05 demo speed, 0 instant (tests).
    `calls_per_second` paces outbound calls like Twilio's per-account CPS limit (0 = no pacing).
    `executions_per_second` caps REST-triggered executions (429, code 20429; 0 = no cap).
    `public_base_url` is used for `url` fields, paging links and recording URLs; when None the base URL of
    the request that created the resource is used.
    `signature_algorithm` HMAC_SHA256 signs webhooks with SHA-256 and adds
    `X-Twilio-Webhooks-Signature-Settings` (key `signature_settings_key`); `faults` is the sandbox-wide
    fault plan for webhooks (callee scripts can override it).
    `split_case_sensitive` chooses whether text comparisons in split-based-on respect case (Studio's
    behaviour is not documented precisely, so it is a setting).
    """

    account_sid: str = DEMO_ACCOUNT_SID
    auth_token: str = DEMO_AUTH_TOKEN
    time_scale: float = 1.0
    calls_per_second: float = 1.0
    executions_per_second: float = 20.0
    public_base_url: str | None = None
    http_timeout_seconds: float = 10.0
    max_steps: int = 1000
    max_consecutive_runs: int = 10
    split_case_sensitive: bool = False
    signature_algorithm: str = SHA1
    signature_settings_key: str = "primary"
    faults: FaultPlan | None = None

    def __post_init__(self) -> None:
        if self.time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        if self.calls_per_second < 0 or self.executions_per_second < 0:
            raise ValueError("rates must be >= 0")
        if self.public_base_url is not None:
            object.__setattr__(self, "public_base_url", self.public_base_url.rstrip("/"))
