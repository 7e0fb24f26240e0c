"""Reading the review workflow for the API: everything is read through the principal's proposal scope, so a
review, request, condition or event is visible exactly when its proposal is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Committee,
    CommitteeForm,
    CommitteeMember,
    ProposalEvent,
    Review,
    ReviewConclusion,
    ReviewCondition,
    ReviewRequest,
)
from db.repositories import events as events_repo
from db.repositories import ratings as ratings_repo
from db.repositories import review as repo
from db.repositories.paging import InvalidCursorError, Page, PageRequest, decode_cursor, encode_cursor
from service.auth.principal import Principal, Role
from service.catalog.reads import resolve_codes
from service.errors import InvalidArgumentError, require_authenticated
from service.i18n import _
from service.paging import pages_by_parent, refused_cursor
from service.review import settings
from service.review.requests import OPEN
from service.review.reviews import ConditionStatus

VISIBLE_BY_PROPOSAL = {
    "reviewRequest": ReviewRequest,
    "review": Review,
    "reviewConclusion": ReviewConclusion,
    "reviewCondition": ReviewCondition,
    "proposalEvent": ProposalEvent,
    "committeeForm": CommitteeForm,
}


def event_cursor(event_id: int) -> str:
    """The cursor of an event: the same as its edge's in `Proposal.events`, and what subscriptions take."""
    return encode_cursor(events_repo.EVENT_ORDER, [event_id])


def event_after(cursor: str | None, field: Sequence[str]) -> int | None:
    if cursor is None:
        return None
    try:
        (event_id,) = decode_cursor(events_repo.EVENT_ORDER, cursor)
    except InvalidCursorError as exc:
        raise refused_cursor(exc, field) from exc
    if not isinstance(event_id, int):
        raise InvalidArgumentError(_("the cursor is not an event's"), field, code="INVALID_CURSOR")
    return event_id


async def visible(session: AsyncSession, principal: Principal, ids: Sequence[int], kind: str) -> list[Any | None]:
    return await repo.visible_rows(session, VISIBLE_BY_PROPOSAL[kind], ids, principal.proposal_scope())


async def committees(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    """A jurisdiction's committee and its members are read where its proposals are (the same scope): elsewhere,
    and for anonymous callers, they read as not found."""
    return await repo.visible_committee_rows(session, Committee, "id", ids, principal.proposal_scope())


async def members(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    return await repo.visible_committee_rows(session, CommitteeMember, "id", ids, principal.proposal_scope())


async def committee_of_jurisdiction(session: AsyncSession, principal: Principal, code: str) -> Any | None:
    """The jurisdiction's committee; None when it has none, or the caller may not read its proposals."""
    require_authenticated(principal)
    ids = await resolve_codes(session, "jurisdiction", [code], ["jurisdiction"])
    assert ids is not None
    rows = await repo.visible_committee_rows(session, Committee, "jurisdiction_id", ids, principal.proposal_scope())
    return rows[0]


async def my_expert_ids(session: AsyncSession, principal: Principal) -> list[int]:
    """The committee membership behind an expert's token (none for others)."""
    if not principal.has(Role.EXPERT) or principal.jurisdiction_id is None or principal.user_id is None:
        return []
    member = await repo.member_of_user_in(session, principal.jurisdiction_id, principal.user_id)
    return [member.id] if member is not None else []


def _mine_required(principal: Principal, field: list[str]) -> None:
    if not principal.has(Role.DEPARTMENT_OFFICER, Role.EXPERT):
        raise InvalidArgumentError(_("assignedToMe is for department officers and experts"), field)


@dataclass(frozen=True)
class RequestQuery:
    jurisdiction: str | None = None
    statuses: Sequence[str] | None = None
    department: str | None = None
    expert_id: int | None = None
    assigned_to_me: bool = False
    overdue: bool = False


async def review_requests(
    session: AsyncSession, principal: Principal, q: RequestQuery, request: PageRequest
) -> Page[Any]:
    require_authenticated(principal)
    department_ids = await resolve_codes(
        session, "department", [q.department] if q.department else None, ["filter", "department"]
    )
    expert_ids = [q.expert_id] if q.expert_id is not None else None
    if q.assigned_to_me:
        _mine_required(principal, ["filter", "assignedToMe"])
        if principal.has(Role.DEPARTMENT_OFFICER):
            department_ids = [principal.department_id] if principal.department_id is not None else []
        else:
            expert_ids = await my_expert_ids(session, principal)
    statuses = q.statuses
    if q.overdue:
        statuses = [s for s in (statuses or OPEN) if s in OPEN]
    f = repo.RequestFilter(
        jurisdiction_ids=await resolve_codes(
            session, "jurisdiction", [q.jurisdiction] if q.jurisdiction else None, ["filter", "jurisdiction"]
        ),
        statuses=statuses,
        department_ids=department_ids,
        expert_ids=expert_ids,
        due_before=settings.today() if q.overdue else None,
    )
    try:
        return await repo.requests_page(session, f, principal.proposal_scope(), request)
    except InvalidCursorError as exc:
        raise refused_cursor(exc, ["after"]) from exc


@dataclass(frozen=True)
class ConditionQuery:
    jurisdiction: str | None = None
    department: str | None = None
    statuses: Sequence[str] | None = None
    overdue: bool = False


async def conditions(session: AsyncSession, principal: Principal, q: ConditionQuery, request: PageRequest) -> Page[Any]:
    require_authenticated(principal)
    statuses = q.statuses
    if q.overdue:
        statuses = [ConditionStatus.OPEN.value]
    f = repo.ConditionFilter(
        jurisdiction_ids=await resolve_codes(
            session, "jurisdiction", [q.jurisdiction] if q.jurisdiction else None, ["filter", "jurisdiction"]
        ),
        department_ids=await resolve_codes(
            session, "department", [q.department] if q.department else None, ["filter", "department"]
        ),
        statuses=statuses,
        due_before=settings.today() if q.overdue else None,
    )
    try:
        return await repo.conditions_page(session, f, principal.proposal_scope(), request)
    except InvalidCursorError as exc:
        raise refused_cursor(exc, ["after"]) from exc


async def open_conditions_of_department(session: AsyncSession, department_id: int, principal: Principal) -> list[Any]:
    """The department's open conditions on proposals the principal may see, soonest due first."""
    require_authenticated(principal)
    f = repo.ConditionFilter(department_ids=[department_id], statuses=[ConditionStatus.OPEN.value])
    return await repo.conditions_in_order(session, f, principal.proposal_scope())


async def department_condition_pages(
    session: AsyncSession, keys: Sequence[tuple[int, PageRequest]], principal: Principal
) -> list[Page[Any]]:
    """Pages of the conditions departments answer for, `(department id, page request)` keys (a DataLoader batch)."""
    require_authenticated(principal)
    scope = principal.proposal_scope()

    async def fetch(session: AsyncSession, department_ids: list[int], request: PageRequest) -> dict[int, Page[Any]]:
        return await repo.obligation_pages_by_department(session, department_ids, request, scope)

    return await pages_by_parent(session, keys, fetch)


# --- batches behind the loaders (reached through a proposal the principal already sees) ----------

requests_of_assessments = repo.requests_of_assessments
reviews_by_request = repo.reviews_by_request
conditions_of_reviews = repo.conditions_of_reviews
conditions_of_assessments = repo.conditions_of_assessments
conclusions_by_assessment = repo.conclusions_by_assessment
settled_forms_by_assessment = ratings_repo.settled_forms_by_assessment
members_of = repo.members_of
open_review_counts = repo.open_review_counts


async def event_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    return await pages_by_parent(session, keys, events_repo.events_pages_by_proposal)
