"""/api/audit: the audit log, for admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from voicedash.audit import service
from voicedash.audit.schemas import AuditList
from voicedash.auth.dependencies import AdminUser
from voicedash.calls.schemas import Envelope
from voicedash.dependencies import PageLimit, PageOffset, SessionDep, SettingsDep
from voicedash.envelope import ok

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("", response_model=Envelope[AuditList])
async def audit_log(
    session: SessionDep,
    settings: SettingsDep,
    _: AdminUser,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
    action: Annotated[str | None, Query(max_length=64, description="Only entries of this action.")] = None,
) -> Any:
    """Audit entries, newest first: sign-ins, calls started, exports, user and token changes."""
    page = await service.list_events(
        session, limit=min(limit, settings.history_max_limit), offset=offset, action=action
    )
    return ok(page.model_dump(mode="json"))
