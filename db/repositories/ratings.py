"""Reads and writes of experts' independent ratings of the national form and the committee's form of each round.
Writes happen under the proposal's row lock (taken by the service); the unique constraints (one rating per
expert per round, one form per round) stand behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Assessment,
    ChecklistVersion,
    CommitteeForm,
    CommitteeMember,
    ExpertRating,
    Jurisdiction,
    Proposal,
    ReviewRequest,
)
from db.repositories.visibility import ProposalScope

# The requests that put an expert on a round's panel: waiting for the review, or reviewed. A waived or replaced
# request takes the expert off it, an unassigned one names nobody yet.
PANEL_REQUEST_STATUSES = ("PENDING", "REVIEWED")


async def panel_of_round(session: AsyncSession, assessment_id: int) -> list[Any]:
    """The committee members (plain rows) with an expert request in the round, in the order first asked."""
    expert_ids = list(
        await session.scalars(
            select(ReviewRequest.expert_id)
            .where(
                ReviewRequest.assessment_id == assessment_id,
                ReviewRequest.kind == "EXPERT",
                ReviewRequest.expert_id.is_not(None),
                ReviewRequest.status.in_(PANEL_REQUEST_STATUSES),
            )
            .order_by(ReviewRequest.id)
        )
    )
    unique = list(dict.fromkeys(expert_ids))
    if not unique:
        return []
    rows = {
        row.id: row
        for row in await session.execute(select(CommitteeMember.__table__).where(CommitteeMember.id.in_(unique)))
    }
    return [rows[i] for i in unique]


async def ratings_of_round(session: AsyncSession, assessment_id: int) -> list[ExpertRating]:
    rows = await session.scalars(
        select(ExpertRating).where(ExpertRating.assessment_id == assessment_id).order_by(ExpertRating.id)
    )
    return list(rows)


async def ratings_with_experts(session: AsyncSession, assessment_id: int) -> list[tuple[ExpertRating, CommitteeMember]]:
    """The round's ratings with the committee member who gave each, in the order given: what the report and the
    form print of the panel."""
    rows = await session.execute(
        select(ExpertRating, CommitteeMember)
        .join(CommitteeMember, CommitteeMember.id == ExpertRating.expert_id)
        .where(ExpertRating.assessment_id == assessment_id)
        .order_by(ExpertRating.id)
    )
    return [(rating, member) for rating, member in rows]


async def rating_of_expert(session: AsyncSession, assessment_id: int, expert_id: int) -> ExpertRating | None:
    return await session.scalar(
        select(ExpertRating).where(ExpertRating.assessment_id == assessment_id, ExpertRating.expert_id == expert_id)
    )


async def form_of_round(session: AsyncSession, assessment_id: int) -> CommitteeForm | None:
    return await session.scalar(select(CommitteeForm).where(CommitteeForm.assessment_id == assessment_id))


async def settled_forms_by_assessment(session: AsyncSession, assessment_ids: Sequence[int]) -> list[Any | None]:
    """The committee's form of each round, once the chair has settled it (None before)."""
    rows = {
        row.assessment_id: row
        for row in await session.execute(
            select(CommitteeForm.__table__).where(
                CommitteeForm.assessment_id.in_(assessment_ids), CommitteeForm.settled_at.is_not(None)
            )
        )
    }
    return [rows.get(i) for i in assessment_ids]


async def ratings_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any | None]:
    rows = {
        row.id: row for row in await session.execute(select(ExpertRating.__table__).where(ExpertRating.id.in_(ids)))
    }
    return [rows.get(i) for i in ids]


async def settled_forms(
    session: AsyncSession,
    scope: ProposalScope,
    jurisdiction_ids: Sequence[int] | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
) -> list[Any]:
    """Settled committee forms the scope sees, oldest first, with what judging them needs: the proposal (its code,
    title, inputs and whether the form is of its latest round), the jurisdiction's code, the screening's outcome
    and its checklist version."""
    statement = (
        select(
            CommitteeForm.__table__,
            Proposal.code.label("proposal_code"),
            Proposal.title.label("proposal_title"),
            Proposal.latest_assessment_id,
            Jurisdiction.code.label("jurisdiction_code"),
            Assessment.outcome,
            Assessment.checklist_version_id,
            ChecklistVersion.checklist_id,
            ChecklistVersion.version.label("checklist_version"),
        )
        .join(Proposal, Proposal.id == CommitteeForm.proposal_id)
        .join(Jurisdiction, Jurisdiction.id == CommitteeForm.jurisdiction_id)
        .join(Assessment, Assessment.id == CommitteeForm.assessment_id)
        .join(ChecklistVersion, ChecklistVersion.id == Assessment.checklist_version_id)
        .where(CommitteeForm.settled_at.is_not(None), scope.condition())
        .order_by(CommitteeForm.settled_at, CommitteeForm.id)
    )
    if jurisdiction_ids:
        statement = statement.where(CommitteeForm.jurisdiction_id.in_(jurisdiction_ids))
    if since is not None:
        statement = statement.where(CommitteeForm.settled_at >= since)
    if until is not None:
        statement = statement.where(CommitteeForm.settled_at < until)
    return list(await session.execute(statement))


__all__ = [
    "PANEL_REQUEST_STATUSES",
    "form_of_round",
    "panel_of_round",
    "rating_of_expert",
    "ratings_by_id",
    "ratings_of_round",
    "ratings_with_experts",
    "settled_forms",
    "settled_forms_by_assessment",
]
