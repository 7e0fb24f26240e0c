"""Reads and writes of the review workflow: committees and their members, review requests, reviews,
conclusions and conditions. Reads for the API return plain rows and are scoped by `ProposalScope` (what
the principal may see of proposals); writes lock what they change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AppUser,
    Assessment,
    Committee,
    CommitteeMember,
    Department,
    Proposal,
    Review,
    ReviewConclusion,
    ReviewCondition,
    ReviewRequest,
    ReviewSetting,
    ServiceSecret,
)
from db.repositories.paging import Ordering, Page, PageRequest, fetch_page, fetch_pages_by_parent
from db.repositories.visibility import ProposalScope

REQUEST_ORDER = Ordering("review-request.due", (ReviewRequest.due_on, ReviewRequest.id))
CONDITION_ORDER = Ordering("condition.due", (ReviewCondition.due_on, ReviewCondition.id))

# Requests still waiting for a reviewer's opinion.
OPEN_REQUEST_STATUSES = ("PENDING", "UNASSIGNED")
# Conditions the conclusion adopted: the responsible department's obligations.
ADOPTED_CONDITION_STATUSES = ("OPEN", "DONE")


def _grouped(rows: Sequence[Any], key: str, keys: Sequence[Any]) -> list[list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return [grouped.get(k, []) for k in keys]


# --- committees -----------------------------------------------------------------------------------


async def committee_of(session: AsyncSession, jurisdiction_id: int) -> Committee | None:
    return await session.scalar(select(Committee).where(Committee.jurisdiction_id == jurisdiction_id))


async def committee_locked(session: AsyncSession, jurisdiction_id: int) -> Committee | None:
    """The committee, locked on PostgreSQL so that concurrent assignments count each other's load."""
    return await session.scalar(select(Committee).where(Committee.jurisdiction_id == jurisdiction_id).with_for_update())


async def visible_committee_rows(
    session: AsyncSession, model: Any, key: str, keys: Sequence[Any], scope: ProposalScope
) -> list[Any | None]:
    """Rows of committees or their members (`model`) by `key` (`id`, `jurisdiction_id`), in key order; None where
    there is none or the scope does not read the jurisdiction's proposals."""
    column = getattr(model, key)
    statement = select(model.__table__).where(column.in_(keys), scope.jurisdiction_condition(model.jurisdiction_id))
    rows = {getattr(row, key): row for row in await session.execute(statement)}
    return [rows.get(k) for k in keys]


async def members_of(session: AsyncSession, committee_ids: Sequence[int]) -> list[list[Any]]:
    rows = list(
        await session.execute(
            select(CommitteeMember.__table__)
            .where(CommitteeMember.committee_id.in_(committee_ids))
            .order_by(CommitteeMember.role, CommitteeMember.id)
        )
    )
    return _grouped(rows, "committee_id", committee_ids)


async def member_entity(session: AsyncSession, member_id: int) -> CommitteeMember | None:
    return await session.get(CommitteeMember, member_id, with_for_update=True)


async def member_by_user(session: AsyncSession, committee_id: int, user_id: int) -> CommitteeMember | None:
    return await session.scalar(
        select(CommitteeMember).where(CommitteeMember.committee_id == committee_id, CommitteeMember.user_id == user_id)
    )


async def member_of_user_in(session: AsyncSession, jurisdiction_id: int, user_id: int) -> Any | None:
    """The committee membership of a user in a jurisdiction (a plain row), if any."""
    return (
        await session.execute(
            select(CommitteeMember.__table__).where(
                CommitteeMember.jurisdiction_id == jurisdiction_id, CommitteeMember.user_id == user_id
            )
        )
    ).first()


async def experts_for(session: AsyncSession, committee_id: int) -> list[Any]:
    """Active experts of a committee with the number of reviews they have open (their load)."""
    load = (
        select(ReviewRequest.expert_id, func.count().label("open_reviews"))
        .where(ReviewRequest.status == "PENDING", ReviewRequest.expert_id.is_not(None))
        .group_by(ReviewRequest.expert_id)
        .subquery()
    )
    rows = await session.execute(
        select(CommitteeMember.__table__, func.coalesce(load.c.open_reviews, 0).label("open_reviews"))
        .outerjoin(load, load.c.expert_id == CommitteeMember.id)
        .where(
            CommitteeMember.committee_id == committee_id,
            CommitteeMember.role == "EXPERT",
            CommitteeMember.active.is_(True),
        )
        .order_by(CommitteeMember.id)
    )
    return list(rows)


async def open_review_counts(session: AsyncSession, member_ids: Sequence[int]) -> list[int]:
    counts = dict(
        (
            await session.execute(
                select(ReviewRequest.expert_id, func.count())
                .where(ReviewRequest.expert_id.in_(member_ids), ReviewRequest.status == "PENDING")
                .group_by(ReviewRequest.expert_id)
            )
        ).all()
    )
    return [int(counts.get(i, 0)) for i in member_ids]


# --- settings --------------------------------------------------------------------------------------


async def review_setting(session: AsyncSession, jurisdiction_id: int) -> ReviewSetting | None:
    return await session.get(ReviewSetting, jurisdiction_id)


# --- requests --------------------------------------------------------------------------------------


async def request_locked(session: AsyncSession, request_id: int) -> ReviewRequest | None:
    return await session.get(ReviewRequest, request_id, with_for_update=True)


async def requests_of_round(session: AsyncSession, assessment_id: int) -> list[ReviewRequest]:
    rows = await session.scalars(
        select(ReviewRequest).where(ReviewRequest.assessment_id == assessment_id).order_by(ReviewRequest.id)
    )
    return list(rows)


async def requests_of_assessments(session: AsyncSession, assessment_ids: Sequence[int]) -> list[list[Any]]:
    rows = list(
        await session.execute(
            select(ReviewRequest.__table__)
            .where(ReviewRequest.assessment_id.in_(assessment_ids))
            .order_by(ReviewRequest.id)
        )
    )
    return _grouped(rows, "assessment_id", assessment_ids)


@dataclass(frozen=True)
class RequestFilter:
    jurisdiction_ids: Sequence[int] | None = None
    statuses: Sequence[str] | None = None
    department_ids: Sequence[int] | None = None
    expert_ids: Sequence[int] | None = None
    proposal_ids: Sequence[int] | None = None
    due_before: dt.date | None = None


def _requests_statement(f: RequestFilter, scope: ProposalScope) -> Select[Any]:
    statement = (
        select(ReviewRequest.__table__)
        .join(Proposal, Proposal.id == ReviewRequest.proposal_id)
        .where(scope.condition())
    )
    if f.jurisdiction_ids:
        statement = statement.where(ReviewRequest.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.statuses:
        statement = statement.where(ReviewRequest.status.in_(f.statuses))
    if f.department_ids is not None:
        statement = statement.where(ReviewRequest.department_id.in_(f.department_ids))
    if f.expert_ids is not None:
        statement = statement.where(ReviewRequest.expert_id.in_(f.expert_ids))
    if f.proposal_ids:
        statement = statement.where(ReviewRequest.proposal_id.in_(f.proposal_ids))
    if f.due_before is not None:
        statement = statement.where(ReviewRequest.due_on < f.due_before)
    return statement


async def requests_page(
    session: AsyncSession, f: RequestFilter, scope: ProposalScope, request: PageRequest
) -> Page[Any]:
    return await fetch_page(session, _requests_statement(f, scope), REQUEST_ORDER, request)


async def visible_rows(session: AsyncSession, model: Any, ids: Sequence[int], scope: ProposalScope) -> list[Any | None]:
    """Rows of a model that belongs to a proposal (`proposal_id`), where the scope sees the proposal."""
    statement = (
        select(model.__table__)
        .join(Proposal, Proposal.id == model.proposal_id)
        .where(model.id.in_(ids), scope.condition())
    )
    if model in (Review, ReviewCondition):
        statement = statement.where(scope.unsealed(model))
    rows = {row.id: row for row in await session.execute(statement)}
    return [rows.get(i) for i in ids]


# --- reviews ---------------------------------------------------------------------------------------


async def review_of_request(session: AsyncSession, request_id: int) -> Review | None:
    return await session.scalar(select(Review).where(Review.request_id == request_id))


async def reviews_by_request(
    session: AsyncSession, request_ids: Sequence[int], scope: ProposalScope
) -> list[Any | None]:
    """The reviews of requests (reached through a proposal the scope sees), less those blind review seals."""
    statement = (
        select(Review.__table__)
        .join(Proposal, Proposal.id == Review.proposal_id)
        .where(Review.request_id.in_(request_ids), scope.unsealed(Review))
    )
    rows = {row.request_id: row for row in await session.execute(statement)}
    return [rows.get(i) for i in request_ids]


# --- conclusions -------------------------------------------------------------------------------------


async def conclusion_of_round(session: AsyncSession, assessment_id: int) -> ReviewConclusion | None:
    return await session.scalar(select(ReviewConclusion).where(ReviewConclusion.assessment_id == assessment_id))


async def conclusions_by_assessment(session: AsyncSession, assessment_ids: Sequence[int]) -> list[Any | None]:
    rows = {
        row.assessment_id: row
        for row in await session.execute(
            select(ReviewConclusion.__table__).where(ReviewConclusion.assessment_id.in_(assessment_ids))
        )
    }
    return [rows.get(i) for i in assessment_ids]


# --- conditions --------------------------------------------------------------------------------------


async def conditions_of_round(session: AsyncSession, assessment_id: int) -> list[ReviewCondition]:
    rows = await session.scalars(
        select(ReviewCondition).where(ReviewCondition.assessment_id == assessment_id).order_by(ReviewCondition.id)
    )
    return list(rows)


async def condition_locked(session: AsyncSession, condition_id: int) -> ReviewCondition | None:
    return await session.get(ReviewCondition, condition_id, with_for_update=True)


def _unsealed_conditions(scope: ProposalScope) -> Select[Any]:
    return (
        select(ReviewCondition.__table__)
        .join(Proposal, Proposal.id == ReviewCondition.proposal_id)
        .where(scope.unsealed(ReviewCondition))
        .order_by(ReviewCondition.id)
    )


async def conditions_of_reviews(
    session: AsyncSession, review_ids: Sequence[int], scope: ProposalScope
) -> list[list[Any]]:
    rows = list(await session.execute(_unsealed_conditions(scope).where(ReviewCondition.review_id.in_(review_ids))))
    return _grouped(rows, "review_id", review_ids)


async def conditions_of_assessments(
    session: AsyncSession, assessment_ids: Sequence[int], scope: ProposalScope
) -> list[list[Any]]:
    statement = _unsealed_conditions(scope).where(ReviewCondition.assessment_id.in_(assessment_ids))
    return _grouped(list(await session.execute(statement)), "assessment_id", assessment_ids)


@dataclass(frozen=True)
class ConditionFilter:
    jurisdiction_ids: Sequence[int] | None = None
    department_ids: Sequence[int] | None = None
    statuses: Sequence[str] | None = None
    due_before: dt.date | None = None


def _conditions_statement(f: ConditionFilter, scope: ProposalScope) -> Select[Any]:
    statement = (
        select(ReviewCondition.__table__)
        .join(Proposal, Proposal.id == ReviewCondition.proposal_id)
        .where(scope.condition(), scope.unsealed(ReviewCondition))
    )
    if f.jurisdiction_ids:
        statement = statement.where(ReviewCondition.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.department_ids:
        statement = statement.where(ReviewCondition.responsible_department_id.in_(f.department_ids))
    if f.statuses:
        statement = statement.where(ReviewCondition.status.in_(f.statuses))
    if f.due_before is not None:
        statement = statement.where(ReviewCondition.due_on < f.due_before)
    return statement


async def conditions_page(
    session: AsyncSession, f: ConditionFilter, scope: ProposalScope, request: PageRequest
) -> Page[Any]:
    return await fetch_page(session, _conditions_statement(f, scope), CONDITION_ORDER, request)


async def conditions_in_order(session: AsyncSession, f: ConditionFilter, scope: ProposalScope) -> list[Any]:
    """Every condition of the filter the scope may see, soonest due first (an export's list, not a page)."""
    return list(await session.execute(_conditions_statement(f, scope).order_by(*CONDITION_ORDER.columns)))


async def obligation_pages_by_department(
    session: AsyncSession, department_ids: Sequence[int], request: PageRequest, scope: ProposalScope
) -> dict[int, Page[Any]]:
    """The same page of adopted conditions for each department, on proposals the scope may see, soonest due first
    (two statements whatever the number of departments). Adopted conditions are past the conclusion, so blind
    review hides none of them."""
    visible = select(Proposal.id).where(scope.condition())
    return await fetch_pages_by_parent(
        session,
        ReviewCondition,
        ReviewCondition.responsible_department_id,
        department_ids,
        CONDITION_ORDER,
        request,
        ReviewCondition.proposal_id.in_(visible),
        ReviewCondition.status.in_(ADOPTED_CONDITION_STATUSES),
    )


async def departments_in(session: AsyncSession, codes: Sequence[str], jurisdiction_id: int) -> dict[str, Any]:
    rows = await session.execute(
        select(Department.__table__).where(Department.code.in_(codes), Department.jurisdiction_id == jurisdiction_id)
    )
    return {row.code: row for row in rows}


# --- the report ------------------------------------------------------------------------------------


@dataclass
class ProposalRecord:
    """Everything of one proposal's review, for its report: every round, oldest first."""

    assessments: list[Any]
    requests: list[Any]
    reviews: list[Any]
    conditions: list[Any]
    conclusions: list[Any]
    departments: dict[int, Any]
    members: dict[int, Any]


async def proposal_record(session: AsyncSession, proposal: Any, scope: ProposalScope) -> ProposalRecord:
    """What `scope` may read of the proposal's review (blind review may withhold reviews and proposed conditions)."""

    def of(model: Any) -> Select[Any]:
        return select(model.__table__).where(model.proposal_id == proposal.id).order_by(model.id)

    def unsealed(model: type[Review] | type[ReviewCondition]) -> Select[Any]:
        return of(model).join(Proposal, Proposal.id == model.proposal_id).where(scope.unsealed(model))

    assessments = list(await session.execute(of(Assessment)))
    requests = list(await session.execute(of(ReviewRequest)))
    reviews = list(await session.execute(unsealed(Review)))
    conditions = list(await session.execute(unsealed(ReviewCondition)))
    conclusions = list(await session.execute(of(ReviewConclusion)))
    department_ids = {proposal.sponsor_department_id}
    department_ids |= {r.department_id for r in requests if r.department_id is not None}
    department_ids |= {c.responsible_department_id for c in conditions}
    departments = {
        row.id: row
        for row in await session.execute(select(Department.__table__).where(Department.id.in_(department_ids)))
    }
    member_ids = {r.expert_id for r in requests if r.expert_id is not None}
    members = {
        row.id: row
        for row in await session.execute(select(CommitteeMember.__table__).where(CommitteeMember.id.in_(member_ids)))
    }
    return ProposalRecord(assessments, requests, reviews, conditions, conclusions, departments, members)


async def users_named(session: AsyncSession, names: Sequence[str]) -> list[Any]:
    """User accounts (plain rows) by login name: the person behind a signature."""
    return list(await session.execute(select(AppUser.__table__).where(AppUser.name.in_(names))))


async def secret_value(session: AsyncSession, name: str) -> str | None:
    return await session.scalar(select(ServiceSecret.value).where(ServiceSecret.name == name))
