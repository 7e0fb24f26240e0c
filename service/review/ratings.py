"""Experts' independent ratings of a screening round: each expert on the round's panel (an expert with a pending
or reviewed request of the round) answers the ten questions of the national form 是/不知道/否, with a comment,
and proposes a degree, once, before seeing anyone else's.

Independence is kept by what reads show: until rating closes, an expert sees only their own rating, and the chair
and the secretariat see who has rated, not what. Rating closes by itself when the last expert of the panel rates,
or when the chair closes it early, with a reason, recording who had not rated. After that every member of the
committee sees every rating and the panel's agreement (`service.review.agreement`), and no one may rate.

Every write locks the proposal row first, as the rest of the review workflow does, so a rating and the close or
the chair's settlement of the form never cross.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CommitteeForm, ExpertRating, Proposal
from db.repositories import ratings as repo
from db.repositories import review as review_repo
from db.repositories import screening as screening_repo
from service import proposal_states as states
from service.auth.principal import Principal, Role
from service.errors import (
    HiaError,
    InvalidStateError,
    NotFoundError,
    ValidationFailed,
    printable_problems,
)
from service.i18n import _
from service.idempotency import once
from service.notifications.events import EventType, emit
from service.review.agreement import CATEGORIES, PanelAgreement, panel_agreement
from service.review.committee import check_is_chair
from service.review.reads import my_expert_ids
from service.review.reviews import NotAssignedError

DEGREES = ("MINIMAL", "MILD", "MAJOR")
NATIONAL_QUESTIONS = range(1, 11)
MAX_COMMENT = 2_000


class AlreadyRatedError(HiaError):
    code = "ALREADY_RATED"


class RatingClosedError(HiaError):
    code = "RATING_CLOSED"


@dataclass(frozen=True)
class QuestionRating:
    number: int
    answer: str
    comment: str | None


@dataclass(frozen=True)
class RatingDraft:
    answers: tuple[QuestionRating, ...]
    proposed_degree: str
    comment: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def ten_answer_problems(numbers: Sequence[int], prefix: list[str]) -> list[tuple[list[str], str]]:
    """The national form has ten questions: each must be answered exactly once."""
    problems: list[tuple[list[str], str]] = []
    for i, number in enumerate(numbers):
        if number not in NATIONAL_QUESTIONS:
            problems.append(([*prefix, str(i), "number"], _("must be a question of the national form, 1 to 10")))
        elif numbers.count(number) > 1:
            problems.append(
                ([*prefix, str(i), "number"], _("question {number} is answered more than once", number=number))
            )
    missing = [n for n in NATIONAL_QUESTIONS if n not in numbers]
    if missing:
        problems.append(
            (prefix, _("answer all ten questions; missing: {numbers}", numbers=", ".join(map(str, missing))))
        )
    return problems


def _draft_problems(draft: RatingDraft) -> list[tuple[list[str], str]]:
    problems = ten_answer_problems([a.number for a in draft.answers], ["input", "answers"])
    for i, answer in enumerate(draft.answers):
        path = ["input", "answers", str(i)]
        if answer.answer not in CATEGORIES:
            problems.append(([*path, "answer"], _("must be one of {values}", values=", ".join(CATEGORIES))))
        problems += printable_problems({"comment": answer.comment}, path)
        if answer.comment is not None and len(answer.comment) > MAX_COMMENT:
            problems.append(([*path, "comment"], _("must be at most {limit:,} characters", limit=MAX_COMMENT)))
    if draft.proposed_degree not in DEGREES:
        problems.append((["input", "proposedDegree"], _("must be one of {values}", values=", ".join(DEGREES))))
    problems += printable_problems({"comment": draft.comment}, ["input"])
    if draft.comment is not None and len(draft.comment) > MAX_COMMENT:
        problems.append((["input", "comment"], _("must be at most {limit:,} characters", limit=MAX_COMMENT)))
    return problems


async def locked_round(session: AsyncSession, principal: Principal, proposal_id: int) -> tuple[Proposal, int]:
    """The proposal (row locked) and its current round; NOT_FOUND when the caller may not see it."""
    proposal = await screening_repo.proposal_for_update(session, proposal_id, principal.proposal_scope())
    if proposal is None:
        raise NotFoundError(_("no proposal has this id"), ["input", "proposal"])
    if proposal.latest_assessment_id is None:
        raise InvalidStateError(
            _("the proposal has not been screened: there is nothing to rate"), ["input", "proposal"]
        )
    return proposal, proposal.latest_assessment_id


async def check_round_open(
    session: AsyncSession, assessment_id: int, settled: HiaError | None = None
) -> CommitteeForm | None:
    """The round's form so far; RATING_CLOSED once the round is concluded, and once its form is settled (or
    `settled`, for the caller that would settle it)."""
    if await review_repo.conclusion_of_round(session, assessment_id) is not None:
        raise RatingClosedError(_("the round is concluded: its form can no longer change"), ["input", "proposal"])
    form = await repo.form_of_round(session, assessment_id)
    if form is not None and form.settled_at is not None:
        raise settled or RatingClosedError(_("the committee's form of this round is settled"), ["input", "proposal"])
    return form


async def submit(
    session: AsyncSession, principal: Principal, proposal_id: int, draft: RatingDraft, idempotency_key: str | None
) -> ExpertRating:
    proposal, assessment_id = await locked_round(session, principal, proposal_id)

    async def create() -> ExpertRating:
        return await _create(session, principal, proposal, assessment_id, draft)

    return await once(
        session, principal, "submitExpertRating", idempotency_key, _given(proposal_id, draft), create, ExpertRating
    )


def _given(proposal_id: int, draft: RatingDraft) -> dict[str, Any]:
    return {"proposal": proposal_id, "draft": draft}


async def _create(
    session: AsyncSession, principal: Principal, proposal: Proposal, assessment_id: int, draft: RatingDraft
) -> ExpertRating:
    mine = await my_expert_ids(session, principal)
    panel = await repo.panel_of_round(session, assessment_id)
    member = next((m for m in panel if m.id in mine), None)
    if member is None:
        raise NotAssignedError(
            _("only the experts asked to review this round rate it, and you are not one of them"), ["input", "proposal"]
        )
    if await repo.rating_of_expert(session, assessment_id, member.id) is not None:
        raise AlreadyRatedError(
            _("you have already rated this round: a rating is given once and not changed"), ["input", "proposal"]
        )
    form = await check_round_open(session, assessment_id)
    if form is not None and form.rating_closed_at is not None:
        raise RatingClosedError(_("the chair has closed rating for this round"), ["input", "proposal"])
    states.require(proposal.status, states.Action.REVIEW)
    problems = _draft_problems(draft)
    if problems:
        raise ValidationFailed(problems)
    now = _now()
    rating = ExpertRating(
        proposal_id=proposal.id,
        assessment_id=assessment_id,
        jurisdiction_id=proposal.jurisdiction_id,
        expert_id=member.id,
        answers=[
            {"number": a.number, "answer": a.answer, "comment": a.comment.strip() if a.comment else None}
            for a in sorted(draft.answers, key=lambda a: a.number)
        ],
        proposed_degree=draft.proposed_degree,
        comment=draft.comment.strip() if draft.comment else None,
        submitted_by=principal.user,
        submitted_at=now,
    )
    await screening_repo.add(session, rating)
    rated = {r.expert_id for r in await repo.ratings_of_round(session, assessment_id)}
    if all(m.id in rated for m in panel):
        # The last of the panel has rated: rating closes by itself, and the committee sees the whole panel.
        form = form or await screening_repo.add(session, new_form(proposal, assessment_id))
        form.rating_closed_at, form.rating_closed_by = now, principal.user
        emit(session, EventType.RATING_CLOSED, proposal, principal.user)
    proposal.version += 1
    await session.flush()
    return rating


def new_form(proposal: Proposal, assessment_id: int) -> CommitteeForm:
    return CommitteeForm(
        proposal_id=proposal.id,
        assessment_id=assessment_id,
        jurisdiction_id=proposal.jurisdiction_id,
        missing_expert_ids=[],
        answers=[],
    )


async def close(session: AsyncSession, principal: Principal, proposal_id: int, reason: str | None) -> CommitteeForm:
    """The chair closes rating before every expert of the panel has rated; a reason is required when any has not."""
    proposal, assessment_id = await locked_round(session, principal, proposal_id)
    check_is_chair(principal, proposal.jurisdiction_id, _("close rating"))
    form = await check_round_open(session, assessment_id)
    if form is not None and form.rating_closed_at is not None:
        raise RatingClosedError(_("rating of this round is already closed"), ["input", "proposal"])
    panel = await repo.panel_of_round(session, assessment_id)
    rated = {r.expert_id for r in await repo.ratings_of_round(session, assessment_id)}
    missing = [m for m in panel if m.id not in rated]
    problems = printable_problems({"reason": reason}, ["input"])
    text = (reason or "").strip()
    if missing and not text:
        names = "、".join(m.name_zh for m in missing)
        problems.append(
            (
                ["input", "reason"],
                _("is required: {count} expert(s) have not rated ({names})", count=len(missing), names=names),
            )
        )
    if len(text) > MAX_COMMENT:
        problems.append((["input", "reason"], _("must be at most {limit:,} characters", limit=MAX_COMMENT)))
    if problems:
        raise ValidationFailed(problems)
    form = form or await screening_repo.add(session, new_form(proposal, assessment_id))
    form.rating_closed_at, form.rating_closed_by = _now(), principal.user
    form.rating_close_reason = text or None
    form.missing_expert_ids = [m.id for m in missing]
    proposal.version += 1
    await session.flush()
    emit(session, EventType.RATING_CLOSED, proposal, principal.user)
    return form


# --- reading -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelSeat:
    member: Any
    rated_at: dt.datetime | None


@dataclass(frozen=True)
class RatingView:
    """What the caller may see of a round's rating."""

    seats: tuple[PanelSeat, ...]
    form: Any | None
    # The ratings whose content the caller may read: their own before rating closes, all after.
    ratings: tuple[Any, ...]
    agreement: PanelAgreement | None

    @property
    def closed(self) -> bool:
        return self.form is not None and self.form.rating_closed_at is not None


def may_see_panel(principal: Principal, jurisdiction_id: int) -> bool:
    """The committee of the jurisdiction (and the administrator) see the panel; departments see only the settled
    form, which the report prints."""
    return principal.has(Role.ADMIN) or principal.in_committee_of(jurisdiction_id)


def agreement_of(ratings: Sequence[Any]) -> PanelAgreement:
    return panel_agreement(
        [{a["number"]: a["answer"] for a in r.answers} for r in ratings], [r.proposed_degree for r in ratings]
    )


async def view(session: AsyncSession, principal: Principal, assessment: Any) -> RatingView | None:
    """The round's rating as the caller may see it; None for a caller outside the committee."""
    proposal = await screening_repo.row_by_id(session, Proposal, assessment.proposal_id)
    if not may_see_panel(principal, proposal.jurisdiction_id):
        return None
    panel = await repo.panel_of_round(session, assessment.id)
    ratings = await repo.ratings_of_round(session, assessment.id)
    form = await repo.form_of_round(session, assessment.id)
    closed = form is not None and form.rating_closed_at is not None
    by_expert = {r.expert_id: r for r in ratings}
    seats = [PanelSeat(m, by_expert[m.id].submitted_at if m.id in by_expert else None) for m in panel]
    if closed:
        readable = tuple(ratings)
    else:
        mine = await my_expert_ids(session, principal)
        readable = tuple(r for r in ratings if r.expert_id in mine)
    agreement = agreement_of(ratings) if closed and ratings else None
    return RatingView(tuple(seats), form, readable, agreement)


async def visible_ratings(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> list[Any | None]:
    """Ratings by id (node lookups) under the same rule as `view`: NOT_FOUND where the caller may not read them."""
    rows = await repo.ratings_by_id(session, ids)
    mine = await my_expert_ids(session, principal)
    visible: list[Any | None] = []
    for row in rows:
        if row is None or not may_see_panel(principal, row.jurisdiction_id):
            visible.append(None)
            continue
        form = await repo.form_of_round(session, row.assessment_id)
        closed = form is not None and form.rating_closed_at is not None
        visible.append(row if closed or row.expert_id in mine else None)
    return visible


__all__ = [
    "AlreadyRatedError",
    "PanelSeat",
    "QuestionRating",
    "RatingClosedError",
    "RatingDraft",
    "RatingView",
    "close",
    "submit",
    "view",
    "visible_ratings",
]
