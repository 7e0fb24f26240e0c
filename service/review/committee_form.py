"""The committee's national form of a screening round (健康影响评估初筛表 as the committee signs it): the chair settles
the ten answers and the degree once rating is closed, beside the engine's answers and the panel's distribution.
Wherever the chair's answer or degree differs from the engine's, a reason is required: these overrules are what
checklist maintainers learn from.

Settling needs every panel expert's rating, or rating closed by the chair (which records who was missing and
why). The form is settled once per round, before the round is concluded; the engine's own outcome is never
changed, so both stay on record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assessment, CommitteeForm
from db.repositories import ratings as repo
from db.repositories import screening as screening_repo
from service.auth.principal import Principal
from service.errors import ConflictError, HiaError, ValidationFailed, printable_problems
from service.i18n import _
from service.idempotency import once
from service.notifications.events import EventType, emit
from service.review.agreement import CATEGORIES
from service.review.committee import chair_signature, check_is_chair
from service.review.ratings import (
    DEGREES,
    MAX_COMMENT,
    agreement_of,
    check_round_open,
    locked_round,
    new_form,
    ten_answer_problems,
)


class RatingsMissingError(HiaError):
    code = "RATINGS_MISSING"


@dataclass(frozen=True)
class FormAnswer:
    number: int
    answer: str
    reason: str | None


@dataclass(frozen=True)
class FormDraft:
    answers: tuple[FormAnswer, ...]
    degree: str
    degree_reason: str | None


async def settle(
    session: AsyncSession,
    principal: Principal,
    proposal_id: int,
    draft: FormDraft,
    expected_version: int | None,
    idempotency_key: str | None,
) -> CommitteeForm:
    proposal, assessment_id = await locked_round(session, principal, proposal_id)
    check_is_chair(principal, proposal.jurisdiction_id, _("settle the committee's form"))

    async def create() -> CommitteeForm:
        if expected_version is not None and expected_version != proposal.version:
            raise ConflictError(
                _(
                    "the proposal changed since version {expected} (now {version}): re-read it",
                    expected=expected_version,
                    version=proposal.version,
                ),
                ["input", "expectedVersion"],
            )
        already = ConflictError(
            _("the committee's form of this round is already settled"), ["input", "proposal"], code="ALREADY_SETTLED"
        )
        form = await check_round_open(session, assessment_id, settled=already)
        panel = await repo.panel_of_round(session, assessment_id)
        ratings = await repo.ratings_of_round(session, assessment_id)
        rated = {r.expert_id for r in ratings}
        missing = [m for m in panel if m.id not in rated]
        if missing and (form is None or form.rating_closed_at is None):
            names = "、".join(m.name_zh for m in missing)
            raise RatingsMissingError(
                _(
                    "{count} expert(s) of the panel have not rated ({names}): wait for them, or close rating "
                    "with closeRating and say why",
                    count=len(missing),
                    names=names,
                ),
                ["input", "proposal"],
            )
        assessment = await screening_repo.row_by_id(session, Assessment, assessment_id)
        engine = {a["number"]: a["answer"] for a in assessment.outcome.get("nationalForm", [])}
        problems = _problems(draft, engine, assessment.impact_degree)
        if problems:
            raise ValidationFailed(problems)
        now = dt.datetime.now(dt.UTC)
        form = form or await screening_repo.add(session, new_form(proposal, assessment_id))
        if form.rating_closed_at is None:  # an empty panel: nothing to wait for
            form.rating_closed_at, form.rating_closed_by = now, principal.user
        counts = {q.number: q.counts for q in agreement_of(ratings).questions}
        form.answers = [_answer_record(a, engine, counts) for a in sorted(draft.answers, key=lambda a: a.number)]
        form.engine_degree = assessment.impact_degree
        form.final_degree = draft.degree
        form.degree_reason = (draft.degree_reason or "").strip() or None
        form.settled_at, form.settled_by = now, principal.user
        form.signed_name, form.signed_title = await chair_signature(session, principal, proposal.jurisdiction_id)
        proposal.version += 1
        await session.flush()
        emit(session, EventType.FORM_SETTLED, proposal, principal.user)
        return form

    given = {"proposal": proposal_id, "draft": draft, "expectedVersion": expected_version}
    return await once(session, principal, "settleScreeningForm", idempotency_key, given, create, CommitteeForm)


def _problems(draft: FormDraft, engine: dict[int, str], engine_degree: str) -> list[tuple[list[str], str]]:
    problems = ten_answer_problems([a.number for a in draft.answers], ["input", "answers"])
    for i, answer in enumerate(draft.answers):
        path = ["input", "answers", str(i)]
        problems += printable_problems({"reason": answer.reason}, path)
        if answer.answer not in CATEGORIES:
            problems.append(([*path, "answer"], _("must be one of {values}", values=", ".join(CATEGORIES))))
        elif answer.number in engine and answer.answer != engine[answer.number] and not (answer.reason or "").strip():
            problems.append(
                (
                    [*path, "reason"],
                    _(
                        "is required: question {number} overrules the screening's answer ({engine} → {final}); say why",
                        number=answer.number,
                        engine=engine[answer.number],
                        final=answer.answer,
                    ),
                )
            )
        if answer.reason is not None and len(answer.reason) > MAX_COMMENT:
            problems.append(([*path, "reason"], _("must be at most {limit:,} characters", limit=MAX_COMMENT)))
    problems += printable_problems({"degreeReason": draft.degree_reason}, ["input"])
    if draft.degree not in DEGREES:
        problems.append((["input", "degree"], _("must be one of {values}", values=", ".join(DEGREES))))
    elif draft.degree != engine_degree and not (draft.degree_reason or "").strip():
        problems.append(
            (
                ["input", "degreeReason"],
                _(
                    "is required: the degree overrules the screening's ({engine} → {final}); say why",
                    engine=engine_degree,
                    final=draft.degree,
                ),
            )
        )
    if draft.degree_reason is not None and len(draft.degree_reason) > MAX_COMMENT:
        problems.append((["input", "degreeReason"], _("must be at most {limit:,} characters", limit=MAX_COMMENT)))
    return problems


def _answer_record(answer: FormAnswer, engine: dict[int, str], counts: dict[int, dict[str, int]]) -> dict[str, Any]:
    return {
        "number": answer.number,
        "engineAnswer": engine.get(answer.number),
        "finalAnswer": answer.answer,
        "reason": (answer.reason or "").strip() or None,
        "distribution": counts.get(answer.number, dict.fromkeys(CATEGORIES, 0)),
    }


__all__ = ["FormAnswer", "FormDraft", "RatingsMissingError", "settle"]
