"""The audit trail: every mutation that changes state appends who, when, what, and the ids before and after,
in the same transaction as the change (a rolled-back change leaves no record)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEvent
from db.repositories import access as repo
from db.repositories.paging import Page, PageRequest
from service.auth.principal import Principal, Role
from service.errors import AccessDenied, require_authenticated
from service.i18n import _


@dataclass(frozen=True)
class Audit:
    action: str
    object_type: str | None = None
    before_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _primary(result: Any) -> Any:
    return result[0] if isinstance(result, tuple) else result


async def record(session: AsyncSession, principal: Principal, audit: Audit, result: Any) -> None:
    changed = _primary(result)
    after_id = getattr(changed, "id", None)
    details = dict(audit.details)
    if isinstance(result, tuple) and len(result) > 1 and getattr(result[1], "id", None) is not None:
        details["relatedId"] = result[1].id
    session.add(
        AuditEvent(
            user_name=principal.user,
            role=principal.role.value if principal.role else None,
            token_prefix=principal.token_prefix,
            action=audit.action,
            object_type=audit.object_type,
            before_id=audit.before_id,
            after_id=after_id,
            jurisdiction_id=getattr(changed, "jurisdiction_id", None) or principal.jurisdiction_id,
            details=details,
        )
    )
    await session.flush()


async def events(
    session: AsyncSession, principal: Principal, actions: Sequence[str] | None, request: PageRequest
) -> Page[Any]:
    """The trail the principal may read: a committee its jurisdiction's, an administrator all."""
    require_authenticated(principal)
    readable = _readable_jurisdictions(principal)
    if readable is False:
        raise AccessDenied(_("the audit log is for the committee's chair and secretary, and administrators"))
    return await repo.audit_page(session, readable, actions, request)


async def visible_events(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    """Events by id (node lookups) under the rule of `events`; None for the rest, and for every id where the
    caller may read no trail at all."""
    readable = _readable_jurisdictions(principal)
    if readable is False:
        return [None for _id in ids]
    return await repo.audit_events_by_id(session, ids, readable)


def _readable_jurisdictions(principal: Principal) -> list[int] | Literal[False] | None:
    """The jurisdictions whose trail the principal reads: None for all (an administrator), False for none."""
    if principal.has(Role.ADMIN):
        return None
    if principal.has(Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY) and principal.jurisdiction_id is not None:
        return [principal.jurisdiction_id]
    return False
