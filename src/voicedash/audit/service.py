"""Writing and reading audit entries. Entries name people, SIDs and counts, never a phone number."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.audit.schemas import AuditEventPublic, AuditList
from voicedash.models import AuditEvent


async def record(
    session: AsyncSession,
    action: str,
    *,
    actor: str,
    target: str | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an entry to the request's unit of work (it is stored when the request commits)."""
    entry = AuditEvent(actor=actor[:100], action=action, target=target[:128] if target else None, ip=ip)
    entry.details = details or {}
    session.add(entry)
    await session.flush()
    return entry


async def record_export(
    session: AsyncSession,
    *,
    actor: str,
    what: str,
    rows: int,
    filters: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """An export of patient data: what was exported (and with which filters), how many rows, by whom."""
    details = {"rows": rows, "filters": filters or {}}
    return await record(session, "data.exported", actor=actor, target=what, ip=ip, details=details)


async def list_events(
    session: AsyncSession, *, limit: int, offset: int, action: str | None = None
) -> AuditList:
    """Entries, newest first, optionally of one action."""
    query = select(AuditEvent)
    count = select(func.count()).select_from(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
        count = count.where(AuditEvent.action == action)
    total = await session.scalar(count) or 0
    rows = await session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    items = [AuditEventPublic.model_validate(row) for row in rows]
    return AuditList(items=items, total=total, limit=limit, offset=offset)
