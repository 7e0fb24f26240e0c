"""Queries for documents kept with proposals."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from db.models import Jurisdiction, Proposal, ProposalDocument
from db.repositories.visibility import ProposalScope


async def document_by_code(session: AsyncSession, code: str) -> ProposalDocument | None:
    return await session.scalar(select(ProposalDocument).where(ProposalDocument.code == code))


async def documents_by_id(session: AsyncSession, ids: Sequence[int]) -> list[ProposalDocument | None]:
    """Documents by id in the order asked (None where absent), without their content."""
    rows = await session.execute(
        select(ProposalDocument)
        .where(ProposalDocument.id.in_(ids))
        .options(defer(ProposalDocument.content), defer(ProposalDocument.text))
    )
    found = {document.id: document for document in rows.scalars()}
    return [found.get(i) for i in ids]


async def visible_proposal_ids(session: AsyncSession, proposal_ids: Sequence[int], scope: ProposalScope) -> set[int]:
    rows = await session.execute(select(Proposal.id).where(Proposal.id.in_(proposal_ids), scope.condition()))
    return set(rows.scalars())


async def documents_of_proposals(session: AsyncSession, proposal_ids: list[int]) -> list[ProposalDocument]:
    """Documents of these proposals, oldest first; the content is not loaded (only its size and digest)."""
    rows = await session.execute(
        select(ProposalDocument)
        .where(ProposalDocument.proposal_id.in_(proposal_ids))
        .order_by(ProposalDocument.proposal_id, ProposalDocument.id)
        .options(defer(ProposalDocument.content), defer(ProposalDocument.text))
    )
    return list(rows.scalars())


async def places_under(session: AsyncSession, jurisdiction_id: int) -> list[tuple[str, str]]:
    """(code, Chinese name) of the towns, streets and zones directly under a jurisdiction."""
    rows = await session.execute(
        select(Jurisdiction.code, Jurisdiction.name_zh)
        .where(Jurisdiction.parent_id == jurisdiction_id)
        .order_by(Jurisdiction.code)
    )
    return [(code, name) for code, name in rows]
