"""Who is asking (Principal), and what the auth API accepts and returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voicedash.auth.security import SessionClaims
from voicedash.models import ApiToken, Role, User


@dataclass(frozen=True)
class Principal:
    """A signed-in user or an API token; `session` is set when it came from the session cookie."""

    kind: Literal["user", "token"]
    id: int
    name: str
    role: Role
    session: SessionClaims | None = None

    @property
    def actor(self) -> str:
        """How the audit log names it."""
        return self.name if self.kind == "user" else f"token:{self.name}"


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64, examples=["admin"])
    password: str = Field(min_length=1, max_length=1024)


class MePublic(BaseModel):
    kind: Literal["user", "token"]
    name: str
    role: Role

    @classmethod
    def of(cls, principal: Principal) -> MePublic:
        return cls(kind=principal.kind, name=principal.name, role=principal.role)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    username: str
    role: Role
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserPublic:
        return cls.model_validate(user)


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=64, description="What uses it, e.g. booking-system.")
    role: Role = Field(default=Role.operator, description="What the token may do.")


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    prefix: str
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenPublic:
        return cls.model_validate(token)


class TokenCreated(BaseModel):
    token: TokenPublic
    secret: str = Field(description="Send as `Authorization: Bearer <secret>`; shown only this once.")


class TokenList(BaseModel):
    items: list[TokenPublic]
    total: int
    limit: int
    offset: int
