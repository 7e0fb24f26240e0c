"""The chair's conclusion of a screening round: APPROVED, APPROVED_WITH_CONDITIONS, REVISE_AND_RESUBMIT or
REJECTED, signed with the chair's name and the date.

It is allowed only when every request of the round is reviewed or waived (a replaced request counts
through its replacement). With APPROVED_WITH_CONDITIONS the reviewers' conditions are adopted (except those
the chair leaves out) together with the chair's own, and become obligations of their departments; any
other decision adopts none. Exactly one conclusion per round: the proposal row is locked and its state
checked, and a unique constraint on the round stands behind that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Department, ReviewConclusion, ReviewRequest
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from service import proposal_states as states
from service.auth.principal import Principal
from service.errors import ConflictError, HiaError, NotFoundError, ValidationFailed, printable_problems
from service.i18n import _
from service.notifications.events import EventType, emit
from service.review.committee import chair_signature, check_is_chair
from service.review.requests import OPEN, RequestStatus
from service.review.reviews import ConditionDraft, ConditionStatus, check_conditions, new_conditions

MAX_TEXT = 20_000


class ReviewsMissingError(HiaError):
    code = "REVIEWS_MISSING"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_may_conclude(principal: Principal, jurisdiction_id: int) -> None:
    check_is_chair(principal, jurisdiction_id, _("conclude"))


async def conclude(
    session: AsyncSession,
    principal: Principal,
    proposal_id: int,
    decision: str,
    summary_zh: str,
    summary_en: str | None,
    conditions: list[ConditionDraft],
    omit_condition_ids: Sequence[int],
    expected_version: int | None,
    idempotency_key: str | None,
) -> ReviewConclusion:
    proposal = await screening_repo.proposal_for_update(session, proposal_id, principal.proposal_scope())
    if proposal is None:
        raise NotFoundError(_("no proposal has this id"), ["input", "proposal"])
    check_may_conclude(principal, proposal.jurisdiction_id)
    assessment_id = proposal.latest_assessment_id
    existing = await repo.conclusion_of_round(session, assessment_id) if assessment_id is not None else None
    if existing is not None and idempotency_key is not None and existing.idempotency_key == idempotency_key:
        return existing
    if decision not in states.Decision.__members__:
        raise ValidationFailed(
            [(["input", "decision"], _("must be one of {values}", values=", ".join(states.Decision)))]
        )
    new_status = states.next_state(
        proposal.status, states.ACTION_OF_DECISION[states.Decision(decision)], ["input", "proposal"]
    )
    if expected_version is not None and expected_version != proposal.version:
        raise ConflictError(
            _(
                "the proposal changed since version {expected} (now {version}): re-read it",
                expected=expected_version,
                version=proposal.version,
            ),
            ["input", "expectedVersion"],
        )
    assert assessment_id is not None  # a screened proposal has an assessment
    requests = await repo.requests_of_round(session, assessment_id)
    missing = [r for r in requests if r.status in OPEN]
    if missing:
        raise ReviewsMissingError(
            _(
                "{count} required review(s) are not in yet: {reviews}. Wait for them, or have the secretary waive or "
                "reassign them",
                count=len(missing),
                reviews=_listed(await _describe(session, missing)),
            ),
            ["input", "proposal"],
        )
    problems = printable_problems({"summaryZh": summary_zh, "summaryEn": summary_en}, ["input"])
    if not 1 <= len(summary_zh.strip()) <= MAX_TEXT:
        problems.append((["input", "summaryZh"], _("must be 1 to {limit:,} characters", limit=MAX_TEXT)))
    if summary_en is not None and len(summary_en) > MAX_TEXT:
        problems.append((["input", "summaryEn"], _("must be at most {limit:,} characters", limit=MAX_TEXT)))
    condition_problems, departments = await check_conditions(session, proposal, conditions, ["input", "conditions"])
    problems += condition_problems
    with_conditions = decision == states.Decision.APPROVED_WITH_CONDITIONS
    proposed = [
        c for c in await repo.conditions_of_round(session, assessment_id) if c.status == ConditionStatus.PROPOSED
    ]
    unknown = set(omit_condition_ids) - {c.id for c in proposed}
    if unknown:
        problems.append((["input", "omitConditions"], _("names conditions that were not proposed in this round")))
    if conditions and not with_conditions:
        problems.append((["input", "conditions"], _("conditions come with the decision APPROVED_WITH_CONDITIONS")))
    adopted = [c for c in proposed if c.id not in set(omit_condition_ids)] if with_conditions else []
    if with_conditions and not adopted and not conditions:
        problems.append(
            (
                ["input", "conditions"],
                _(
                    "APPROVED_WITH_CONDITIONS needs at least one condition "
                    "(the reviewers proposed none that is adopted)"
                ),
            )
        )
    if problems:
        raise ValidationFailed(problems)
    signed_name, signed_title = await chair_signature(session, principal, proposal.jurisdiction_id)
    conclusion = ReviewConclusion(
        proposal_id=proposal.id,
        assessment_id=assessment_id,
        jurisdiction_id=proposal.jurisdiction_id,
        decision=decision,
        summary_zh=summary_zh.strip(),
        summary_en=summary_en.strip() if summary_en else None,
        concluded_by=principal.user,
        signed_name=signed_name,
        signed_title=signed_title,
        idempotency_key=idempotency_key,
        concluded_at=_now(),
    )
    await screening_repo.add(session, conclusion)
    for condition in proposed:
        chosen = condition in adopted
        condition.status = (ConditionStatus.OPEN if chosen else ConditionStatus.NOT_ADOPTED).value
        condition.conclusion_id = conclusion.id
    session.add_all(
        new_conditions(
            proposal, assessment_id, conditions, departments, ConditionStatus.OPEN.value, conclusion_id=conclusion.id
        )
    )
    proposal.status = new_status
    proposal.version += 1
    proposal.updated_at = _now()
    await session.flush()
    emit(session, EventType.REVIEW_CONCLUDED, proposal, principal.user, conclusion_id=conclusion.id)
    return conclusion


# An open request's status as a word in a sentence ("pending", "unassigned").
_STATUS_WORDS: dict[str, str] = {RequestStatus.PENDING: _("pending"), RequestStatus.UNASSIGNED: _("unassigned")}


async def _describe(session: AsyncSession, missing: Sequence[ReviewRequest]) -> list[str]:
    """Each missing review for people: who is asked (a department's name, or an expert's specialties), its status
    and due date."""
    department_ids = [r.department_id for r in missing if r.department_id is not None]
    departments = {
        row.id: row for row in await screening_repo.rows_by_id(session, Department, department_ids) if row is not None
    }
    names: list[str] = []
    for r in missing:
        who = (
            departments[r.department_id].name_zh
            if r.department_id is not None
            else _("an expert in {specialties}", specialties=", ".join(r.specialties))
        )
        status = _STATUS_WORDS.get(r.status, r.status.lower())
        names.append(_("{who} ({status}, due {due:%Y-%m-%d})", who=who, status=status, due=r.due_on))
    return names


def _listed(items: Sequence[str]) -> str:
    """`items` one after the other, separated by semicolons; each stays a message of its own (translated)."""
    text = items[0]
    for item in items[1:]:
        text = _("{list}; {item}", list=text, item=item)
    return text


__all__ = ["ReviewsMissingError", "conclude"]
