"""Roles: viewer reads; operator also starts calls and campaigns; admin also manages users and tokens."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What someone may do; each role can do everything the ones before it can."""

    viewer = "viewer"
    operator = "operator"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank
