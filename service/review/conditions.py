"""Follow-up: adopted conditions are obligations of their departments, done when the department (or the
committee's secretariat) records the evidence; overdue ones are those still open after their due date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ReviewCondition
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from service.auth.principal import Principal, Role
from service.errors import (
    AccessDenied,
    ConflictError,
    InvalidStateError,
    NotFoundError,
    ValidationFailed,
    printable_problems,
)
from service.i18n import _
from service.notifications.events import EventType, emit
from service.review.reviews import ConditionStatus

MAX_EVIDENCE = 20_000


def _may_complete(principal: Principal, condition: ReviewCondition) -> None:
    if principal.has(Role.ADMIN):
        return
    if principal.has(Role.DEPARTMENT_OFFICER) and principal.department_id == condition.responsible_department_id:
        return
    if principal.has(Role.COMMITTEE_SECRETARY, Role.COMMITTEE_CHAIR) and principal.jurisdiction_id == (
        condition.jurisdiction_id
    ):
        return
    raise AccessDenied(
        _(
            "{who} may not record this condition as done: it is for the responsible department's officers and the "
            "committee's secretary",
            who=principal.describe(),
        )
    )


async def complete(
    session: AsyncSession, principal: Principal, condition_id: int, evidence: str, expected_version: int | None
) -> ReviewCondition:
    found = await screening_repo.rows_by_id(session, ReviewCondition, [condition_id])
    proposal = (
        await screening_repo.proposal_for_update(session, found[0].proposal_id, principal.proposal_scope())
        if found[0] is not None
        else None
    )
    condition = await repo.condition_locked(session, condition_id) if proposal is not None else None
    if proposal is None or condition is None:
        raise NotFoundError(_("no condition has this id"), ["input", "id"])
    _may_complete(principal, condition)
    if condition.status == ConditionStatus.DONE and condition.evidence == evidence.strip():
        return condition  # the same report again: nothing more to do
    if condition.status != ConditionStatus.OPEN:
        explanation = {
            ConditionStatus.DONE: _("it was recorded as done already"),
            ConditionStatus.PROPOSED: _("the committee has not concluded yet"),
            ConditionStatus.NOT_ADOPTED: _("the conclusion did not adopt it"),
        }[ConditionStatus(condition.status)]
        raise InvalidStateError(
            _("the condition is {status}: {explanation}", status=condition.status, explanation=explanation),
            ["input", "id"],
        )
    if expected_version is not None and expected_version != condition.version:
        raise ConflictError(
            _(
                "the condition changed since version {expected} (now {version}): re-read it",
                expected=expected_version,
                version=condition.version,
            ),
            ["input", "expectedVersion"],
        )
    problems = printable_problems({"evidence": evidence}, ["input"])
    if not 1 <= len(evidence.strip()) <= MAX_EVIDENCE:
        problems.append(
            (
                ["input", "evidence"],
                _("must be 1 to {limit:,} characters: what was done, and where the proof is", limit=MAX_EVIDENCE),
            )
        )
    if problems:
        raise ValidationFailed(problems)
    condition.status = ConditionStatus.DONE.value
    condition.evidence = evidence.strip()
    condition.completed_at = dt.datetime.now(dt.UTC)
    condition.completed_by = principal.user
    condition.version += 1
    await session.flush()
    emit(session, EventType.CONDITION_COMPLETED, proposal, principal.user, condition_id=condition.id)
    return condition


__all__ = ["complete"]
