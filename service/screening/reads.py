"""Listing proposals, with filters given in codes and enum values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import screening as repo
from db.repositories.paging import InvalidCursorError, Page, PageRequest
from service.catalog.reads import resolve_codes
from service.errors import InvalidArgumentError


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


async def proposals(session: AsyncSession, q: ProposalQuery, request: PageRequest) -> Page[Any]:
    f = await to_filter(session, q, ["filter"])
    try:
        return await repo.proposals_page(session, f, request)
    except InvalidCursorError as exc:
        raise InvalidArgumentError(str(exc), ["after"], code="INVALID_CURSOR") from exc
