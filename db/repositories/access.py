"""Users, tokens and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import ApiToken, AppUser, AuditEvent, Department, Jurisdiction
from db.repositories.paging import Ordering, Page, PageRequest, fetch_page

AUDIT_ORDER = Ordering("audit.newest", (AuditEvent.id,), descending=True)


async def user_by_name(session: AsyncSession, name: str) -> AppUser | None:
    return await session.scalar(select(AppUser).where(AppUser.name == name))


async def user_by_id(session: AsyncSession, user_id: int) -> AppUser | None:
    return await session.get(AppUser, user_id)


async def user_for_update(session: AsyncSession, name: str) -> AppUser | None:
    """The user called `name`, locked for a change of its details."""
    return await session.scalar(select(AppUser).where(AppUser.name == name).with_for_update())


async def token_by_hash(session: AsyncSession, token_hash: str) -> Any | None:
    row = (
        await session.execute(
            select(ApiToken.__table__, AppUser.name.label("user_name"))
            .join(AppUser, AppUser.id == ApiToken.user_id)
            .where(ApiToken.token_hash == token_hash)
        )
    ).first()
    return row


async def token_by_prefix(session: AsyncSession, prefix: str) -> ApiToken | None:
    return await session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))


async def tokens(session: AsyncSession) -> list[Any]:
    """Every token with its user's name and the codes of its jurisdiction and department (not internal ids)."""
    jurisdiction = aliased(Jurisdiction)
    department = aliased(Department)
    rows = await session.execute(
        select(
            ApiToken.__table__,
            AppUser.name.label("user_name"),
            jurisdiction.code.label("jurisdiction_code"),
            department.code.label("department_code"),
        )
        .join(AppUser, AppUser.id == ApiToken.user_id)
        .outerjoin(jurisdiction, jurisdiction.id == ApiToken.jurisdiction_id)
        .outerjoin(department, department.id == ApiToken.department_id)
        .order_by(ApiToken.id)
    )
    return list(rows)


def audit_statement(jurisdiction_ids: Sequence[int] | None, actions: Sequence[str] | None) -> Any:
    statement = select(AuditEvent.__table__)
    if jurisdiction_ids is not None:
        statement = statement.where(AuditEvent.jurisdiction_id.in_(jurisdiction_ids))
    if actions:
        statement = statement.where(AuditEvent.action.in_([a for a in actions if a.isprintable()]))
    return statement


async def audit_events_by_id(
    session: AsyncSession, ids: Sequence[int], jurisdiction_ids: Sequence[int] | None
) -> list[Any | None]:
    """Events by id, in the order asked, None where absent or outside `jurisdiction_ids` (None: anywhere)."""
    rows = await session.execute(audit_statement(jurisdiction_ids, None).where(AuditEvent.id.in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(i) for i in ids]


async def audit_page(
    session: AsyncSession, jurisdiction_ids: Sequence[int] | None, actions: Sequence[str] | None, request: PageRequest
) -> Page[Any]:
    # Newest first, the useful order for a trail: keyset paging on a descending id.
    return await fetch_page(session, audit_statement(jurisdiction_ids, actions), AUDIT_ORDER, request)
