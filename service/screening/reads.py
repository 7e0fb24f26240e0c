"""Listing proposals, with filters given in codes and enum values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ScreeningReplay
from db.repositories import screening as repo
from db.repositories.paging import InvalidCursorError, Page, PageRequest
from service.auth.principal import Principal, Role
from service.catalog.reads import resolve_codes
from service.errors import require_authenticated
from service.paging import refused_cursor

# Who may replay stored proposals under another checklist version (and read the replays).
REPLAYERS = (Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY, Role.ADMIN)


@dataclass(frozen=True)
class ProposalQuery:
    jurisdiction: str | None = None
    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    sponsoring_department: str | None = None
    impact_degrees: Sequence[str] | None = None

    def document(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in self.__dict__.items() if v}


async def to_filter(session: AsyncSession, q: ProposalQuery, prefix: Sequence[str]) -> repo.ProposalFilter:
    return repo.ProposalFilter(
        jurisdiction_ids=await resolve_codes(
            session, "jurisdiction", [q.jurisdiction] if q.jurisdiction else None, [*prefix, "jurisdiction"]
        ),
        kinds=q.kinds,
        statuses=q.statuses,
        sponsor_department_ids=await resolve_codes(
            session,
            "department",
            [q.sponsoring_department] if q.sponsoring_department else None,
            [*prefix, "sponsoringDepartment"],
        ),
        impact_degrees=q.impact_degrees,
    )


async def proposals(session: AsyncSession, principal: Principal, q: ProposalQuery, request: PageRequest) -> Page[Any]:
    """The proposals the principal may read, filtered; anonymous callers get UNAUTHENTICATED."""
    require_authenticated(principal)
    f = await to_filter(session, q, ["filter"])
    try:
        return await repo.proposals_page(session, f, principal.proposal_scope(), request)
    except InvalidCursorError as exc:
        raise refused_cursor(exc, ["after"]) from exc


async def visible_proposals(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    return await repo.visible_proposals(session, ids, principal.proposal_scope())


async def visible_proposals_by_code(
    session: AsyncSession, principal: Principal, codes: Sequence[str]
) -> list[Any | None]:
    return await repo.visible_proposals_by_code(session, codes, principal.proposal_scope())


async def visible_assessments(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    return await repo.visible_assessments(session, ids, principal.proposal_scope())


async def visible_replays(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    """Replays are the committee's working papers: its own jurisdiction's, or all for an administrator."""
    rows = await repo.rows_by_id(session, ScreeningReplay, ids)
    if principal.has(Role.ADMIN):
        return rows
    return [
        r if r is not None and principal.has(*REPLAYERS) and r.jurisdiction_id == principal.jurisdiction_id else None
        for r in rows
    ]
