"""Stored proposal events: NOTIFY on PostgreSQL, catch-up reads for subscribers, a proposal's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, Text, bindparam, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Proposal, ProposalEvent
from db.repositories.paging import Ordering, Page, PageRequest, fetch_pages_by_parent
from db.repositories.visibility import ProposalScope

EVENT_ORDER = Ordering("proposal-event", (ProposalEvent.id,))
# PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; ours are ids only, far below.
NOTIFY_CHANNEL = "hia_events"
_NOTIFY_ALL = text("SELECT pg_notify(:channel, payload) FROM unnest(:payloads) AS payload").bindparams(
    bindparam("payloads", type_=ARRAY(Text))
)


async def notify(session: AsyncSession, payloads: Sequence[str]) -> None:
    """NOTIFY inside the current transaction: listeners hear it when (and only if) it commits. One statement for
    all of a unit of work's events (a submit has a dozen), in their order: unnest yields the array's elements in
    order, and the scan calls pg_notify row by row as it yields them."""
    if not payloads:
        return
    await session.execute(_NOTIFY_ALL, {"channel": NOTIFY_CHANNEL, "payloads": list(payloads)})


@dataclass(frozen=True)
class EventFilter:
    proposal_ids: Sequence[int] | None = None
    department_ids: Sequence[int] | None = None
    expert_ids: Sequence[int] | None = None
    types: Sequence[str] | None = None

    def condition(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.proposal_ids is not None:
            conditions.append(ProposalEvent.proposal_id.in_(self.proposal_ids))
        addressed = []
        if self.department_ids is not None:
            addressed.append(ProposalEvent.department_id.in_(self.department_ids))
        if self.expert_ids is not None:
            addressed.append(ProposalEvent.expert_id.in_(self.expert_ids))
        if addressed:
            conditions.append(or_(*addressed))
        if self.types:
            conditions.append(ProposalEvent.type.in_(self.types))
        return conditions


def _statement(f: EventFilter, scope: ProposalScope) -> Select[Any]:
    return (
        select(ProposalEvent.__table__)
        .join(Proposal, Proposal.id == ProposalEvent.proposal_id)
        .where(scope.condition(), *f.condition())
    )


async def events_after(
    session: AsyncSession, f: EventFilter, scope: ProposalScope, after_id: int, limit: int
) -> list[Any]:
    """Stored events after `after_id` that the filter and the scope let through, oldest first."""
    statement = _statement(f, scope).where(ProposalEvent.id > after_id).order_by(ProposalEvent.id).limit(limit)
    return list(await session.execute(statement))


async def events_pages_by_proposal(
    session: AsyncSession, proposal_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[Any]]:
    return await fetch_pages_by_parent(
        session, ProposalEvent, ProposalEvent.proposal_id, proposal_ids, EVENT_ORDER, request
    )


async def last_event_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.max(ProposalEvent.id))) or 0)
