"""studio_sandbox: a local emulator of the Twilio Studio v2 REST API that runs real flow definitions."""

from studio_sandbox.app import Sandbox, create_sandbox
from studio_sandbox.callee import CalleeScript
from studio_sandbox.config import SandboxConfig

__all__ = ["CalleeScript", "Sandbox", "SandboxConfig", "create_sandbox"]
