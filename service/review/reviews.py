"""A reviewer's opinion on one review request: CONCUR, CONCUR_WITH_CONDITIONS or OBJECT, with comments,
conditions (each with its responsible department and a due date) and answers to the screening's open
("don't know") questions.

Only the request's reviewer may answer it: an officer of the requested department, or the assigned expert
(the committee member behind the expert's token). A review is given once; repeating it with the same
idempotency key returns it. The proposal row is locked first, as every review operation does, so a
review and the chair's conclusion never cross: one of them waits for the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assessment, Department, Proposal, Review, ReviewCondition, ReviewRequest
from db.repositories import access as access_repo
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from service import proposal_states as states
from service.auth import users
from service.auth.principal import Principal, Role
from service.errors import HiaError, InvalidStateError, ValidationFailed, printable_problems
from service.i18n import _
from service.notifications.events import EventType, emit
from service.review.due_dates import due_date_problems
from service.review.requests import RequestKind, RequestStatus, lock_request
from service.screening.proposals import answer_problems, question_types

MAX_TEXT = 20_000
MAX_CONDITION = 2_000
MAX_CONDITIONS = 50


class Opinion(StrEnum):
    CONCUR = "CONCUR"
    CONCUR_WITH_CONDITIONS = "CONCUR_WITH_CONDITIONS"
    OBJECT = "OBJECT"


class ConditionStatus(StrEnum):
    PROPOSED = "PROPOSED"  # attached by a reviewer; the conclusion decides
    OPEN = "OPEN"  # adopted by the conclusion: the department's obligation
    DONE = "DONE"  # fulfilled, with evidence
    NOT_ADOPTED = "NOT_ADOPTED"  # the conclusion did not take it up


class NotAssignedError(HiaError):
    code = "NOT_ASSIGNED"


@dataclass(frozen=True)
class ConditionDraft:
    responsible_department: str | None
    text_zh: str
    text_en: str | None
    due_on: dt.date | None


@dataclass(frozen=True)
class ReviewDraft:
    opinion: str
    comments: str | None
    conditions: list[ConditionDraft]
    answers: dict[str, Any]
    notes: dict[str, str]
    # Question -> the question type of the input field each answer came in (strict answer types).
    answer_fields: dict[str, str] = field(default_factory=dict)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def check_conditions(
    session: AsyncSession, proposal: Proposal, drafts: list[ConditionDraft], prefix: list[str]
) -> tuple[list[tuple[list[str], str]], dict[str, Any]]:
    """Problems of condition drafts, and the departments they name (by code)."""
    problems: list[tuple[list[str], str]] = []
    if len(drafts) > MAX_CONDITIONS:
        problems.append((prefix, _("at most {limit} conditions", limit=MAX_CONDITIONS)))
    codes = [d.responsible_department for d in drafts if d.responsible_department]
    departments = await repo.departments_in(session, codes, proposal.jurisdiction_id)
    for i, draft in enumerate(drafts):
        path = [*prefix, str(i)]
        problems += printable_problems({"textZh": draft.text_zh, "textEn": draft.text_en}, path)
        if not draft.responsible_department:
            problems.append(
                (
                    [*path, "responsibleDepartment"],
                    _("is required: every condition needs the department responsible for it"),
                )
            )
        elif draft.responsible_department not in departments:
            problems.append(
                (
                    [*path, "responsibleDepartment"],
                    _(
                        "no department of this jurisdiction has the code {code!r}",
                        code=draft.responsible_department,
                    ),
                )
            )
        elif departments[draft.responsible_department].kind == "COLLECTIVE":
            problems.append(([*path, "responsibleDepartment"], _("name one department, not a group of units")))
        if not 1 <= len(draft.text_zh.strip()) <= MAX_CONDITION:
            problems.append(([*path, "textZh"], _("must be 1 to {limit:,} characters", limit=MAX_CONDITION)))
        if draft.text_en is not None and len(draft.text_en) > MAX_CONDITION:
            problems.append(([*path, "textEn"], _("must be at most {limit:,} characters", limit=MAX_CONDITION)))
        if draft.due_on is None:
            problems.append(([*path, "dueOn"], _("is required: by when the department must have done it")))
        else:
            problems += due_date_problems(draft.due_on, [*path, "dueOn"])
    return problems, departments


def new_conditions(
    proposal: Proposal,
    assessment_id: int,
    drafts: list[ConditionDraft],
    departments: dict[str, Any],
    status: str,
    *,
    review_id: int | None = None,
    conclusion_id: int | None = None,
) -> list[ReviewCondition]:
    now = _now()
    conditions = []
    for draft in drafts:
        assert draft.responsible_department is not None
        assert draft.due_on is not None
        conditions.append(
            ReviewCondition(
                proposal_id=proposal.id,
                assessment_id=assessment_id,
                jurisdiction_id=proposal.jurisdiction_id,
                review_id=review_id,
                conclusion_id=conclusion_id,
                responsible_department_id=departments[draft.responsible_department].id,
                text_zh=draft.text_zh.strip(),
                text_en=draft.text_en.strip() if draft.text_en else None,
                due_on=draft.due_on,
                status=status,
                version=1,
                created_at=now,
            )
        )
    return conditions


async def _signature(session: AsyncSession, principal: Principal, request: ReviewRequest) -> str:
    """Whom the review is from, as the report prints it; NOT_ASSIGNED if it is not the request's reviewer."""
    if request.kind == RequestKind.DEPARTMENT:
        assert request.department_id is not None  # a department's request names it
        department = await screening_repo.row_by_id(session, Department, request.department_id)
        if principal.has(Role.DEPARTMENT_OFFICER) and principal.department_id == request.department_id:
            # The officer's name and title once recorded (`hia user set`); until then the login, so it is traceable.
            user = await access_repo.user_by_id(session, principal.user_id) if principal.user_id is not None else None
            if user is not None and user.display_name_zh:
                return f"{department.name_zh} {users.signature(user, principal.user)}"
            return f"{department.name_zh}（{principal.user}）"
        raise NotAssignedError(
            _("this review request is addressed to {department}, not to you", department=department.name_zh),
            ["input", "id"],
        )
    member = None
    if principal.has(Role.EXPERT) and principal.user_id is not None:
        member = await repo.member_of_user_in(session, request.jurisdiction_id, principal.user_id)
    if member is None or member.id != request.expert_id:
        raise NotAssignedError(_("this review request is assigned to another expert, not to you"), ["input", "id"])
    return f"{member.name_zh}（{member.title_zh}）" if member.title_zh else str(member.name_zh)


def _check_draft(draft: ReviewDraft) -> list[tuple[list[str], str]]:
    problems = printable_problems({"comments": draft.comments}, ["input"])
    if draft.opinion not in Opinion.__members__:
        problems.append((["input", "opinion"], _("must be one of {values}", values=", ".join(Opinion))))
    if draft.comments is not None and len(draft.comments) > MAX_TEXT:
        problems.append((["input", "comments"], _("must be at most {limit:,} characters", limit=MAX_TEXT)))
    if draft.opinion == Opinion.OBJECT and not (draft.comments or "").strip():
        problems.append((["input", "comments"], _("are required with OBJECT: say why")))
    if draft.opinion == Opinion.CONCUR_WITH_CONDITIONS and not draft.conditions:
        problems.append((["input", "conditions"], _("CONCUR_WITH_CONDITIONS needs at least one condition")))
    if draft.opinion != Opinion.CONCUR_WITH_CONDITIONS and draft.conditions:
        problems.append((["input", "conditions"], _("conditions come with the opinion CONCUR_WITH_CONDITIONS")))
    for question, note in draft.notes.items():
        problems += printable_problems({"note": note}, ["input", "answers", question])
        if len(note) > MAX_CONDITION:
            problems.append(
                (["input", "answers", question, "note"], _("must be at most {limit:,} characters", limit=MAX_CONDITION))
            )
    return problems


async def submit(
    session: AsyncSession, principal: Principal, request_id: int, draft: ReviewDraft, idempotency_key: str | None
) -> Review:
    request, proposal = await lock_request(session, principal, request_id)
    existing = await repo.review_of_request(session, request.id)
    if existing is not None and idempotency_key is not None and existing.idempotency_key == idempotency_key:
        return existing
    states.require(proposal.status, states.Action.REVIEW)
    if request.assessment_id != proposal.latest_assessment_id:
        raise InvalidStateError(_("the request belongs to an earlier screening round"), ["input", "id"])
    if request.status != RequestStatus.PENDING:
        why = _("nobody is assigned to it yet") if request.status == RequestStatus.UNASSIGNED else _("it is closed")
        raise InvalidStateError(_("the request is {status}: {why}", status=request.status, why=why), ["input", "id"])
    signed_name = await _signature(session, principal, request)
    problems = _check_draft(draft)
    condition_problems, departments = await check_conditions(
        session, proposal, draft.conditions, ["input", "conditions"]
    )
    problems += condition_problems
    assessment = await screening_repo.row_by_id(session, Assessment, request.assessment_id)
    open_questions = set(assessment.outcome.get("needsInformation", []))
    for question in draft.answers:
        if question not in open_questions:
            problems.append(
                (
                    ["input", "answers", question],
                    _(
                        "is not an open question of this screening (only "
                        'questions answered "don\'t know" can be answered in a review)'
                    ),
                )
            )
    problems += await answer_problems(
        session,
        proposal,
        {q: v for q, v in draft.answers.items() if q in open_questions},
        {q: t for q, t in draft.answer_fields.items() if q in open_questions},
    )
    if problems:
        raise ValidationFailed(problems)
    types = await question_types(session, proposal, list(draft.answers))
    now = _now()
    review = Review(
        request_id=request.id,
        proposal_id=proposal.id,
        jurisdiction_id=proposal.jurisdiction_id,
        opinion=draft.opinion,
        comments=draft.comments.strip() if draft.comments else None,
        answers=[
            {"questionId": q, "type": types[q], "value": v, "note": draft.notes.get(q)}
            for q, v in draft.answers.items()
        ],
        reviewer_user=principal.user,
        reviewer_role=principal.role.value if principal.role else None,
        signed_name=signed_name,
        idempotency_key=idempotency_key,
        submitted_at=now,
    )
    await screening_repo.add(session, review)
    session.add_all(
        new_conditions(
            proposal,
            request.assessment_id,
            draft.conditions,
            departments,
            ConditionStatus.PROPOSED.value,
            review_id=review.id,
        )
    )
    request.status = RequestStatus.REVIEWED.value
    request.closed_at, request.closed_by = now, principal.user
    proposal.version += 1
    await session.flush()
    emit(session, EventType.REVIEW_SUBMITTED, proposal, principal.user, request=request)
    return review


__all__ = ["ConditionDraft", "ConditionStatus", "NotAssignedError", "Opinion", "ReviewDraft", "submit"]
