"""One execution's outbound deliveries: the fault plan that applies, and requests held back to reorder."""

from __future__ import annotations

from dataclasses import replace

from studio_sandbox.delivery import DeliveryResult, OutboundRequest, Sleep, WebhookSender
from studio_sandbox.faults import NO_FAULTS, FaultPlan

HELD_BACK = "held back to be delivered after the next request"


class Courier:
    """Sends an execution's requests through the shared sender with the execution's fault plan."""

    def __init__(
        self, sender: WebhookSender, plan: FaultPlan = NO_FAULTS, sleep: Sleep | None = None
    ) -> None:
        self._sender = sender
        self.plan = plan
        self._sleep = sleep  # the execution's timeline, so injected delays show in simulated time
        self._held: list[tuple[OutboundRequest, FaultPlan]] = []

    async def send(self, request: OutboundRequest, widget_name: str, widget_type: str) -> DeliveryResult:
        """Deliver now, or hold back when reordering (the widget then sees the sandbox's own 200)."""
        plan = self.plan if self.plan.applies_to(widget_name, widget_type) else NO_FAULTS
        if plan.reorder and not self._held:
            self._held.append((request, replace(plan, reorder=False)))
            return DeliveryResult(200, "", "", faults=(HELD_BACK,))
        result = await self._sender.send(request, replace(plan, reorder=False), self._sleep)
        await self.flush()
        return result

    async def flush(self) -> None:
        """Send whatever is held back (after the next request, or when the execution ends)."""
        held, self._held = self._held, []
        for request, plan in held:
            await self._sender.send(request, plan, self._sleep)
