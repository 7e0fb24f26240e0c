"""Streams of events for subscriptions: a proposal's, or the review requests addressed to the subscriber.

A stream first replays the stored events after the client's `after` cursor (what it missed while away),
then follows the bus. It subscribes to the bus before reading the stored events and skips what it has
already sent, so no event falls between the two.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import events as repo
from db.repositories import screening as screening_repo
from service.auth.principal import Principal, Role
from service.errors import AccessDenied, NotFoundError, require_authenticated
from service.i18n import _
from service.notifications.bus import EventBus
from service.notifications.events import Event
from service.review.reads import my_expert_ids

T = TypeVar("T")
Db = Callable[..., Awaitable[Any]]
CATCH_UP_BATCH = 200


async def _stream(
    db: Db, bus: EventBus, principal: Principal, f: repo.EventFilter, wants: Callable[[Event], bool], after: int | None
) -> AsyncIterator[int]:
    async with bus.subscription(wants) as subscriber:
        # Ids replayed from storage; the bus may deliver some of them again. (Skipping by id, not by a
        # high-water mark: transactions commit out of id order, so a lower id may arrive later.)
        replayed: set[int] = set()
        if after is not None:
            last = after
            while True:
                rows = await db(repo.events_after, f, principal.proposal_scope(), last, CATCH_UP_BATCH)
                for row in rows:
                    last = row.id
                    replayed.add(row.id)
                    yield row.id
                if len(rows) < CATCH_UP_BATCH:
                    break
        while True:
            event = await subscriber.next()
            if event.id not in replayed:
                yield event.id


async def proposal_events(
    db: Db, bus: EventBus, principal: Principal, proposal_id: int, after: int | None
) -> AsyncIterator[int]:
    """Ids of the proposal's events, as they happen (after `after`, if given, first those stored)."""
    require_authenticated(principal)

    async def visible(session: AsyncSession) -> bool:
        rows = await screening_repo.visible_proposals(session, [proposal_id], principal.proposal_scope())
        return rows[0] is not None

    if not await db(visible):
        raise NotFoundError(_("no proposal has this id"), ["id"])
    f = repo.EventFilter(proposal_ids=[proposal_id])
    async for event_id in _stream(db, bus, principal, f, lambda e: e.proposal_id == proposal_id, after):
        yield event_id


async def my_review_request_events(
    db: Db, bus: EventBus, principal: Principal, after: int | None
) -> AsyncIterator[int]:
    """Ids of events on review requests addressed to the subscriber: its department's, or its own as expert."""
    require_authenticated(principal)
    if principal.has(Role.DEPARTMENT_OFFICER) and principal.department_id is not None:
        department_id = principal.department_id
        f = repo.EventFilter(department_ids=[department_id])

        def wants(e: Event) -> bool:
            return e.department_id == department_id
    elif principal.has(Role.EXPERT):
        expert_ids = await db(my_expert_ids, principal)
        if not expert_ids:
            raise NotFoundError(_("your account is not an expert of this jurisdiction's committee"), ["viewer"])
        f = repo.EventFilter(expert_ids=expert_ids)

        def wants(e: Event) -> bool:
            return e.expert_id in expert_ids
    else:
        raise AccessDenied(_("review request events are for department officers and experts"))
    async for event_id in _stream(db, bus, principal, f, wants, after):
        yield event_id


__all__ = ["my_review_request_events", "proposal_events"]
