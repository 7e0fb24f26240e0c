"""Review requests: opened when a screening requires review, then adjusted by the committee's secretariat.

When a screening is in scope and its degree is mild or major, every department it requires (through the
portfolios it holds and the indicators it answers for) gets a request, and so does every expert asked for the
specialties it requires, due after the jurisdiction's days for that degree. The sponsoring department is the
responsible party (责任主体) and never reviews its own proposal. An expert gets one request per proposal,
listing every specialty asked of them (how experts are chosen: `service.review.expert_routing`); a specialty
nobody eligible covers gets its own UNASSIGNED request for the secretary.

The secretary (or chair) may add a request, replace a reviewer, or waive a request, each with a reason;
a replaced request is closed and a new one opened, so the history shows who was asked and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assessment, Department, Proposal, ReviewRequest
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from hia_rules.vocabulary import ImpactDegree, Specialty
from service import idempotency
from service import proposal_states as states
from service.auth.principal import Principal
from service.errors import InvalidStateError, NotFoundError, ValidationFailed, printable_problems
from service.i18n import _
from service.notifications.events import EventType, emit
from service.review import settings
from service.review.committee import check_may_manage
from service.review.due_dates import due_date_problems
from service.review.expert_routing import pick_expert, plan


class RequestKind(StrEnum):
    DEPARTMENT = "DEPARTMENT"
    EXPERT = "EXPERT"


class RequestStatus(StrEnum):
    PENDING = "PENDING"
    UNASSIGNED = "UNASSIGNED"
    REVIEWED = "REVIEWED"
    WAIVED = "WAIVED"
    REPLACED = "REPLACED"


OPEN = (RequestStatus.PENDING, RequestStatus.UNASSIGNED)
MAX_REASON = 2000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def review_required(assessment: Any) -> bool:
    """A screening requires review when it is in scope and its degree is mild or major."""
    return bool(assessment.in_scope) and assessment.impact_degree != ImpactDegree.MINIMAL


async def _experts_by_specialty(session: AsyncSession, jurisdiction_id: int) -> dict[str, list[Any]] | None:
    committee = await repo.committee_locked(session, jurisdiction_id)
    if committee is None:
        return None
    by_specialty: dict[str, list[Any]] = {}
    for expert in await repo.experts_for(session, committee.id):
        for specialty in expert.specialties or []:
            by_specialty.setdefault(specialty, []).append(expert)
    return by_specialty


async def open_review(
    session: AsyncSession,
    principal: Principal,
    proposal: Proposal,
    assessment: Any,
    document: dict[str, Any],
    departments: Sequence[Any],
) -> list[ReviewRequest]:
    """Open the requests a new screening round requires and move the proposal to IN_REVIEW (if any).
    `departments` are the required departments (with `department_id` and `reasons`)."""
    if not review_required(assessment):
        return []
    days = await settings.due_days(session, proposal.jurisdiction_id)
    due_on = settings.today() + dt.timedelta(days=days.for_degree(assessment.impact_degree))
    opened: list[ReviewRequest] = []
    for reviewer in departments:
        if reviewer.department_id == proposal.sponsor_department_id:
            continue
        opened.append(
            _request(
                proposal,
                assessment.id,
                principal,
                due_on,
                RequestKind.DEPARTMENT,
                reasons=reviewer.reasons,
                department_id=reviewer.department_id,
            )
        )
    required = document.get("requiredSpecialties", [])
    experts = await _experts_by_specialty(session, proposal.jurisdiction_id) if required else {}
    for ask in plan(required, experts or {}, proposal.sponsor_department_id):
        opened.append(
            _request(
                proposal,
                assessment.id,
                principal,
                due_on,
                RequestKind.EXPERT,
                reasons=ask.reasons,
                specialties=ask.specialties,
                expert_id=ask.expert_id,
            )
        )
    if not opened:
        return []
    proposal.status = states.next_state(proposal.status, states.Action.OPEN_REVIEW)
    for request in opened:
        session.add(request)
    await session.flush()
    for request in opened:
        emit(session, EventType.REVIEW_REQUESTED, proposal, principal.user, request=request)
    return opened


def _request(
    proposal: Proposal,
    assessment_id: int,
    principal: Principal,
    due_on: dt.date,
    kind: RequestKind,
    *,
    reasons: list[dict[str, Any]],
    department_id: int | None = None,
    specialties: Sequence[str] = (),
    expert_id: int | None = None,
    replaces_id: int | None = None,
) -> ReviewRequest:
    unassigned = kind is RequestKind.EXPERT and expert_id is None
    return ReviewRequest(
        proposal_id=proposal.id,
        assessment_id=assessment_id,
        jurisdiction_id=proposal.jurisdiction_id,
        kind=kind.value,
        department_id=department_id,
        # The first specialty stays in `specialty` for the clients and reports that read only one.
        specialty=specialties[0] if specialties else None,
        specialties=list(specialties),
        expert_id=expert_id,
        status=(RequestStatus.UNASSIGNED if unassigned else RequestStatus.PENDING).value,
        due_on=due_on,
        reasons=reasons,
        replaces_id=replaces_id,
        created_by=principal.user,
        created_at=_now(),
    )


# --- the secretariat's adjustments -----------------------------------------------------------------


def check_may_assign(principal: Principal, jurisdiction_id: int) -> None:
    check_may_manage(principal, jurisdiction_id, _("change reviewers"))


def _check_reason(reason: str, path: list[str]) -> str:
    problems = printable_problems({path[-1]: reason}, path[:-1])
    if not reason.strip():
        problems.append((path, _("must say why (it is kept with the request)")))
    elif len(reason) > MAX_REASON:
        problems.append((path, _("must be at most {limit:,} characters", limit=MAX_REASON)))
    if problems:
        raise ValidationFailed(problems)
    return reason.strip()


async def _reviewer(
    session: AsyncSession,
    proposal: Proposal,
    department_code: str | None,
    expert_id: int | None,
    specialties: Sequence[str],
) -> tuple[RequestKind, int | None, int | None, list[str]]:
    """Who a new or replacing request goes to: a department of the jurisdiction (not the sponsor), or an expert
    of its committee with every one of the specialties and no conflict of interest."""
    if (department_code is None) == (expert_id is None):
        raise ValidationFailed([(["input"], _("name either a department or an expert"))])
    if department_code is not None:
        department = await screening_repo.row_by_code(session, Department, department_code)
        if department is None or department.jurisdiction_id != proposal.jurisdiction_id:
            raise NotFoundError(
                _("no department of this jurisdiction has the code {code!r}", code=department_code),
                ["input", "department"],
            )
        if department.id == proposal.sponsor_department_id:
            raise ValidationFailed(
                [
                    (
                        ["input", "department"],
                        _("is the sponsoring department: it answers for the proposal and cannot review it"),
                    )
                ]
            )
        return RequestKind.DEPARTMENT, department.id, None, []
    assert expert_id is not None
    expert = await repo.member_entity(session, expert_id)
    if expert is None or expert.jurisdiction_id != proposal.jurisdiction_id or expert.role != "EXPERT":
        raise NotFoundError(_("no expert of this committee has this id"), ["input", "expert"])
    if not expert.active:
        raise ValidationFailed(
            [(["input", "expert"], _("{name} is not an active member of the committee", name=expert.name_zh))]
        )
    if expert.affiliation_department_id == proposal.sponsor_department_id:
        raise ValidationFailed(
            [
                (
                    ["input", "expert"],
                    _("{name} works for the sponsoring department: a conflict of interest", name=expert.name_zh),
                )
            ]
        )
    missing = [s for s in specialties if s not in (expert.specialties or [])]
    if missing:
        raise ValidationFailed(
            [
                (
                    ["input", "expert"],
                    _(
                        "{name} does not have the specialty {specialty}: the request asks for it",
                        name=expert.name_zh,
                        specialty=s,
                    ),
                )
                for s in missing
            ]
        )
    return RequestKind.EXPERT, None, expert.id, list(specialties)


async def _proposal_of(session: AsyncSession, principal: Principal, proposal_id: int, path: list[str]) -> Proposal:
    proposal = await screening_repo.proposal_for_update(session, proposal_id, principal.proposal_scope())
    if proposal is None:
        raise NotFoundError(_("no proposal has this id"), path)
    return proposal


async def add(
    session: AsyncSession,
    principal: Principal,
    proposal_id: int,
    department_code: str | None,
    expert_id: int | None,
    specialty: str | None,
    reason: str,
    due_on: dt.date | None,
    idempotency_key: str | None = None,
) -> ReviewRequest:
    """Ask one more reviewer in the current round (a SCREENED proposal goes to IN_REVIEW); with a key, a retry
    returns the request the first call made."""
    given = (proposal_id, department_code, expert_id, specialty, reason, due_on)
    return await idempotency.once(
        session,
        principal,
        "addReviewRequest",
        idempotency_key,
        {"arguments": given},
        lambda: _add(session, principal, *given),
        ReviewRequest,
    )


async def _add(
    session: AsyncSession,
    principal: Principal,
    proposal_id: int,
    department_code: str | None,
    expert_id: int | None,
    specialty: str | None,
    reason: str,
    due_on: dt.date | None,
) -> ReviewRequest:
    proposal = await _proposal_of(session, principal, proposal_id, ["input", "proposal"])
    check_may_assign(principal, proposal.jurisdiction_id)
    if proposal.status == states.State.SCREENED:
        new_status = states.next_state(proposal.status, states.Action.OPEN_REVIEW, ["input", "proposal"])
    else:
        new_status = states.next_state(proposal.status, states.Action.CHANGE_REVIEWERS, ["input", "proposal"])
    why = _check_reason(reason, ["input", "reason"])
    if specialty is not None and specialty not in Specialty.__members__:
        raise ValidationFailed([(["input", "specialty"], _("{specialty!r} is not a specialty", specialty=specialty))])
    if expert_id is not None and specialty is None:
        raise ValidationFailed([(["input", "specialty"], _("is required with an expert: the specialty asked for"))])
    asked = [specialty] if specialty is not None else []
    kind, department_id, chosen, specialties = await _reviewer(session, proposal, department_code, expert_id, asked)
    assert proposal.latest_assessment_id is not None  # screened: the state machine allowed the change
    assessment = await screening_repo.row_by_id(session, Assessment, proposal.latest_assessment_id)
    due = due_on or settings.today() + dt.timedelta(
        days=(await settings.due_days(session, proposal.jurisdiction_id)).for_degree(assessment.impact_degree)
    )
    _check_due(due, ["input", "dueOn"])
    await _refuse_duplicate(session, assessment.id, department_id, chosen)
    request = _request(
        proposal,
        assessment.id,
        principal,
        due,
        kind,
        reasons=[{"kind": "SECRETARY", "code": why}],
        department_id=department_id,
        specialties=specialties,
        expert_id=chosen,
    )
    session.add(request)
    proposal.status = new_status
    proposal.version += 1
    await session.flush()
    emit(session, EventType.REVIEW_REQUESTED, proposal, principal.user, request=request)
    return request


def _check_due(due_on: dt.date, path: list[str]) -> None:
    problems = due_date_problems(due_on, path)
    if problems:
        raise ValidationFailed(problems)


async def _refuse_duplicate(
    session: AsyncSession, assessment_id: int, department_id: int | None, expert_id: int | None
) -> None:
    for other in await repo.requests_of_round(session, assessment_id):
        if other.status not in OPEN and other.status != RequestStatus.REVIEWED:
            continue
        if department_id is not None and other.department_id == department_id:
            raise ValidationFailed([(["input", "department"], _("is already asked to review this proposal"))])
        if expert_id is not None and other.expert_id == expert_id:
            raise ValidationFailed([(["input", "expert"], _("is already asked to review this proposal"))])


async def lock_request(session: AsyncSession, principal: Principal, request_id: int) -> tuple[ReviewRequest, Proposal]:
    """The request and its proposal, both locked, proposal first (the one lock order of the workflow);
    "not found" when the principal may not see the proposal."""
    found = await screening_repo.rows_by_id(session, ReviewRequest, [request_id])
    if found[0] is None:
        raise NotFoundError(_("no review request has this id"), ["input", "id"])
    proposal = await screening_repo.proposal_for_update(session, found[0].proposal_id, principal.proposal_scope())
    request = await repo.request_locked(session, request_id) if proposal is not None else None
    if proposal is None or request is None:
        raise NotFoundError(_("no review request has this id"), ["input", "id"])
    return request, proposal


async def _open_request(session: AsyncSession, principal: Principal, request_id: int) -> tuple[ReviewRequest, Proposal]:
    request, proposal = await lock_request(session, principal, request_id)
    check_may_assign(principal, proposal.jurisdiction_id)
    states.require(proposal.status, states.Action.CHANGE_REVIEWERS)
    if proposal.latest_assessment_id != request.assessment_id:
        raise InvalidStateError(_("the request belongs to an earlier screening round"), ["input", "id"])
    if request.status not in OPEN:
        raise InvalidStateError(
            _("the request is {status}: only open requests can change", status=request.status), ["input", "id"]
        )
    return request, proposal


async def replace(
    session: AsyncSession,
    principal: Principal,
    request_id: int,
    department_code: str | None,
    expert_id: int | None,
    reason: str,
    due_on: dt.date | None,
    idempotency_key: str | None = None,
) -> ReviewRequest:
    """Close an open request and ask another reviewer instead (assigning an UNASSIGNED request is this too); with
    a key, a retry returns the request the first call opened (not INVALID_STATE on the request it closed)."""
    given = (request_id, department_code, expert_id, reason, due_on)
    return await idempotency.once(
        session,
        principal,
        "replaceReviewer",
        idempotency_key,
        {"arguments": given},
        lambda: _replace(session, principal, *given),
        ReviewRequest,
    )


async def _replace(
    session: AsyncSession,
    principal: Principal,
    request_id: int,
    department_code: str | None,
    expert_id: int | None,
    reason: str,
    due_on: dt.date | None,
) -> ReviewRequest:
    request, proposal = await _open_request(session, principal, request_id)
    why = _check_reason(reason, ["input", "reason"])
    if request.kind == RequestKind.EXPERT and department_code is not None:
        raise ValidationFailed([(["input", "department"], _("an expert's request is replaced by another expert"))])
    if request.kind == RequestKind.DEPARTMENT and expert_id is not None:
        raise ValidationFailed([(["input", "expert"], _("a department's request is replaced by another department"))])
    kind, department_id, chosen, specialties = await _reviewer(
        session, proposal, department_code, expert_id, request.specialties
    )
    due = due_on or request.due_on
    _check_due(due, ["input", "dueOn"])
    await _refuse_duplicate(session, request.assessment_id, department_id, chosen)
    request.status = RequestStatus.REPLACED.value
    request.closing_reason = why
    request.closed_at, request.closed_by = _now(), principal.user
    replacement = _request(
        proposal,
        request.assessment_id,
        principal,
        due,
        kind,
        reasons=[*request.reasons, {"kind": "SECRETARY", "code": why}],
        department_id=department_id,
        specialties=specialties,
        expert_id=chosen,
        replaces_id=request.id,
    )
    session.add(replacement)
    proposal.version += 1
    await session.flush()
    emit(session, EventType.REVIEWER_REPLACED, proposal, principal.user, request=request)
    emit(session, EventType.REVIEW_REQUESTED, proposal, principal.user, request=replacement)
    return replacement


async def waive(session: AsyncSession, principal: Principal, request_id: int, reason: str) -> ReviewRequest:
    """The round goes on without this review; the reason is kept and printed in the report."""
    request, proposal = await _open_request(session, principal, request_id)
    request.status = RequestStatus.WAIVED.value
    request.closing_reason = _check_reason(reason, ["input", "reason"])
    request.closed_at, request.closed_by = _now(), principal.user
    proposal.version += 1
    await session.flush()
    emit(session, EventType.REVIEW_WAIVED, proposal, principal.user, request=request)
    return request


__all__ = [
    "OPEN",
    "RequestKind",
    "RequestStatus",
    "add",
    "lock_request",
    "open_review",
    "pick_expert",
    "replace",
    "review_required",
    "waive",
]
