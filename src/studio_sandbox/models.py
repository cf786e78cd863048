"""The resources the sandbox keeps in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from studio_sandbox.definition import FlowDefinition


@dataclass(frozen=True)
class FlowRevision:
    """One saved version of a flow."""

    revision: int
    friendly_name: str
    status: str
    definition: FlowDefinition
    commit_message: str | None
    errors: tuple[dict[str, str], ...]
    date_created: datetime


@dataclass
class Flow:
    """A Studio Flow; executions run the published revision (or the draft when never published)."""

    sid: str
    friendly_name: str
    status: str
    definition: FlowDefinition
    commit_message: str | None
    date_created: datetime
    date_updated: datetime
    revision: int = 1
    published: FlowDefinition | None = None
    published_revision: int = 0
    base_url: str = ""
    seq: int = 0
    errors: tuple[dict[str, str], ...] = ()
    revisions: list[FlowRevision] = field(default_factory=list)
    test_users: list[str] = field(default_factory=list)

    def save_revision(self) -> None:
        """Keep the current state as revision `self.revision`."""
        self.revisions.append(
            FlowRevision(
                self.revision,
                self.friendly_name,
                self.status,
                self.definition,
                self.commit_message,
                self.errors,
                self.date_updated,
            )
        )

    def runnable(self) -> tuple[FlowDefinition, int]:
        """The definition and revision a new execution runs."""
        if self.published is not None:
            return self.published, self.published_revision
        return self.definition, self.revision


@dataclass
class Execution:
    """One run of a flow for one contact."""

    sid: str
    flow_sid: str
    to: str
    from_: str
    contact_sid: str
    context: dict[str, Any]
    flow_version: int
    date_created: datetime
    date_updated: datetime
    base_url: str
    status: str = "active"
    seq: int = 0


@dataclass
class Step:
    """One transition an execution took."""

    sid: str
    flow_sid: str
    execution_sid: str
    name: str
    transitioned_from: str
    transitioned_to: str
    type: str
    context: dict[str, Any]
    date_created: datetime
    seq: int = 0
    parent_step_sid: str | None = field(default=None)
