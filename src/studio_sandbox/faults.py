"""Fault injection for outbound webhooks: duplicates, delays, reordering and a dropped first attempt."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FaultPlan:
    """Which faults to inject into a delivery.

    `duplicate`: the receiver gets the request twice (same idempotency token and signature).
    `delay`: simulated seconds to wait before sending. `reorder`: the request is held back and sent
    right after the next delivery of the same execution (or when the execution ends); the widget sees
    a synthetic `200` from the sandbox meanwhile. `drop_first`: the first attempt is lost before it
    reaches the receiver and is retried with the same token (a widget with `#rc=0` then fails).
    `widgets`: names or types of the widgets (or `status-callback`) the plan applies to; empty = all.
    """

    duplicate: bool = False
    delay: float = 0.0
    reorder: bool = False
    drop_first: bool = False
    widgets: tuple[str, ...] = field(default=())

    def applies_to(self, widget_name: str, widget_type: str) -> bool:
        """Whether deliveries made by this widget get the faults."""
        return not self.widgets or widget_name in self.widgets or widget_type in self.widgets

    @property
    def empty(self) -> bool:
        """True when the plan injects nothing."""
        return not (self.duplicate or self.delay > 0 or self.reorder or self.drop_first)


NO_FAULTS = FaultPlan()


class FaultSettings:
    """The sandbox-wide plan (set by config or `PUT /sandbox/faults`); callee scripts may override it."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.global_plan = plan or NO_FAULTS

    def resolve(self, script_plan: FaultPlan | None) -> FaultPlan:
        """A callee's own plan wins over the global one."""
        return script_plan if script_plan is not None else self.global_plan
