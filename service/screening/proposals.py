"""Proposals: a department drafts a policy or project, edits the draft, and submits it for screening.

Status follows `service.proposal_states`. Submitting (a draft, or a proposal sent back for revision)
evaluates it under the checklist version it was drafted with, stores the assessment and opens the review
requests it requires, all in one transaction; the same idempotency key always returns that assessment.
Every change bumps `version`, and an update may name the version it read, so two editors never overwrite
each other silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import hia_rules
from db.models import Assessment, AssessmentReviewer, ChecklistVersion, Department, Jurisdiction, Proposal
from db.repositories import screening as repo
from hia_rules.vocabulary import PolicyType, ProposalKind, VulnerableGroup
from service import proposal_states as states
from service.auth.principal import Principal, Role
from service.errors import (
    AccessDenied,
    ConflictError,
    NotFoundError,
    ValidationFailed,
    printable_problems,
    require_authenticated,
)
from service.i18n import _
from service.intake import provenance
from service.notifications.events import EventType, emit
from service.review import requests
from service.screening import checklists, places
from service.screening.assessments import outcome_document, summary_of

DRAFT, SUBMITTED, SCREENED = states.State.DRAFT, states.State.SUBMITTED, states.State.SCREENED
PROJECT_FIELDS = ("investment_yuan", "site", "construction_start", "construction_end")
CAMEL = {
    "title": "title",
    "summary": "summary",
    "kind": "kind",
    "jurisdiction": "jurisdiction",
    "sponsoring_department": "sponsoringDepartment",
    "policy_type": "policyType",
    "investment_yuan": "investmentYuan",
    "site": "site",
    "construction_start": "constructionStart",
    "construction_end": "constructionEnd",
    "population_affected": "populationAffected",
    "vulnerable_groups": "vulnerableGroups",
    "places": "places",
    "whole_jurisdiction": "wholeJurisdiction",
    "answers": "answers",
    "checklist_version": "checklistVersion",
}
# Fields an update may remove (null): what they become.
EMPTY_WHEN_REMOVED: dict[str, Any] = {
    "vulnerable_groups": list,
    "answers": dict,
    "places": list,
    "whole_jurisdiction": bool,
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Place:
    jurisdiction: Any
    department: Any


async def _place(session: AsyncSession, jurisdiction_code: str, department_code: str) -> Place:
    found_jurisdiction = await repo.row_by_code(session, Jurisdiction, jurisdiction_code)
    if found_jurisdiction is None:
        raise NotFoundError(
            _("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["input", "jurisdiction"]
        )
    department = await repo.row_by_code(session, Department, department_code)
    if department is None:
        raise NotFoundError(
            _("no department has the code {code!r}", code=department_code), ["input", "sponsoringDepartment"]
        )
    if department.jurisdiction_id != found_jurisdiction.id:
        raise ValidationFailed(
            [
                (
                    ["input", "sponsoringDepartment"],
                    _(
                        "{department} is not a department of {jurisdiction}",
                        department=department_code,
                        jurisdiction=jurisdiction_code,
                    ),
                )
            ]
        )
    return Place(found_jurisdiction, department)


def _check_fields(values: dict[str, Any]) -> list[tuple[list[str], str]]:
    """Problems of the proposal's own fields (answers are checked against the checklist separately)."""
    problems: list[tuple[list[str], str]] = []

    def problem(name: str, message: str) -> None:
        problems.append((["input", CAMEL[name]], message))

    text = {CAMEL[k]: values[k] for k in ("title", "summary", "site") if isinstance(values.get(k), str)}
    problems += printable_problems(text, ["input"])
    title = values.get("title")
    if title is not None and not 1 <= len(title.strip()) <= 400:
        problem("title", _("must be 1 to 400 characters"))
    if values.get("summary") is not None and len(values["summary"]) > 20000:
        problem("summary", _("must be at most 20,000 characters"))
    kind = values.get("kind")
    if kind not in {k.value for k in ProposalKind}:
        problem("kind", _("must be one of {values}", values=", ".join(k.value for k in ProposalKind)))
    if values.get("policy_type") is not None:
        if kind != ProposalKind.POLICY:
            problem("policy_type", _("is for policies; a project states its investment instead"))
        elif values["policy_type"] not in {p.value for p in PolicyType}:
            problem("policy_type", _("must be one of {values}", values=", ".join(p.value for p in PolicyType)))
    if kind == ProposalKind.POLICY:
        for name in PROJECT_FIELDS:
            if values.get(name) is not None:
                problem(name, _("is for projects"))
    start, end = values.get("construction_start"), values.get("construction_end")
    if start is not None and end is not None and end < start:
        problem("construction_end", _("is before constructionStart"))
    for name in ("investment_yuan", "population_affected"):
        value = values.get(name)
        if value is not None and not 0 <= value <= hia_rules.facts.MAX_NUMBER:
            problem(name, _("must be between 0 and {high:,.0f}", high=hia_rules.facts.MAX_NUMBER))
    groups = values.get("vulnerable_groups") or []
    for i, group in enumerate(groups):
        if group not in {g.value for g in VulnerableGroup}:
            problems.append(
                (["input", "vulnerableGroups", str(i)], _("{group!r} is not a vulnerable group", group=group))
            )
    if len(set(groups)) != len(groups):
        problem("vulnerable_groups", _("lists a group twice"))
    if values.get("site") is not None and len(values["site"]) > 400:
        problem("site", _("must be at most 400 characters"))
    return problems


def check_may_write(principal: Principal, jurisdiction_id: int, department_id: int) -> None:
    """Only an officer of the sponsoring department, or the committee's secretary, drafts and submits."""
    require_authenticated(principal)
    if principal.has(Role.DEPARTMENT_OFFICER) and principal.department_id == department_id:
        return
    if principal.has(Role.COMMITTEE_SECRETARY) and principal.jurisdiction_id == jurisdiction_id:
        return
    raise AccessDenied(
        _(
            "{who} may not draft or submit proposals of this department: only its officers "
            "or the committee's secretary can",
            who=principal.describe(),
        )
    )


def _check_key(idempotency_key: str) -> None:
    if not 1 <= len(idempotency_key) <= 200 or not idempotency_key.isprintable():
        raise ValidationFailed([(["input", "idempotencyKey"], _("must be 1 to 200 printable characters"))])


async def _threshold(session: AsyncSession, jurisdiction_id: int) -> float | None:
    setting = await repo.settings_of(session, jurisdiction_id)
    return setting.investment_threshold_yuan if setting else None


def screening_input(values: dict[str, Any], threshold: float | None) -> hia_rules.ScreeningInput:
    return hia_rules.ScreeningInput(
        kind=values["kind"],
        policy_type=values.get("policy_type"),
        investment_yuan=values.get("investment_yuan"),
        population_affected=values.get("population_affected"),
        vulnerable_groups=tuple(values.get("vulnerable_groups") or ()),
        answers=dict(values.get("answers") or {}),
        investment_threshold_yuan=threshold,
    )


_ANSWER_FIELD = {"YES_NO": "yesNo", "NUMBER": "number", "CHOICE": "choice", "MULTI_CHOICE": "choices"}


def _check_answers(compiled: hia_rules.CompiledChecklist, values: dict[str, Any]) -> list[tuple[list[str], str]]:
    """Problems of the answers; `answer_fields` (question -> type of the input field used), when given, must
    match each question's type: `choice: "YES"` is no answer to a yes/no question, though the value fits."""
    problems: list[tuple[list[str], str]] = []
    for question_id, given in (values.get("answer_fields") or {}).items():
        question = compiled.checklist.question(question_id)
        if question is not None and question.type.value != given:
            problems.append(
                (
                    ["input", "answers", question_id],
                    _(
                        "{question} is a {type} question: answer it with `{expected}`, not `{given}`",
                        question=question_id,
                        type=question.type.value,
                        expected=_ANSWER_FIELD[question.type.value],
                        given=_ANSWER_FIELD[given],
                    ),
                )
            )
    if problems:
        return problems
    try:
        hia_rules.validate(compiled.checklist, screening_input(values, None))
    except hia_rules.InputError as exc:
        return [(["input", *p.field], p.message) for p in exc.problems if p.field[0] == "answers"]
    return []


async def answer_problems(
    session: AsyncSession, proposal: Proposal, answers: dict[str, Any], answer_fields: dict[str, str] | None = None
) -> list[tuple[list[str], str]]:
    """Problems of answers to the proposal's checklist questions (as a reviewer may give them)."""
    version = await repo.row_by_id(session, ChecklistVersion, proposal.checklist_version_id)
    values = {"kind": proposal.kind, "answers": answers, "answer_fields": answer_fields or {}}
    return _check_answers(checklists.compiled(version), values)


async def question_types(session: AsyncSession, proposal: Proposal, question_ids: list[str]) -> dict[str, str]:
    """How each question of the proposal's checklist is answered (YES_NO, NUMBER, CHOICE, MULTI_CHOICE)."""
    version = await repo.row_by_id(session, ChecklistVersion, proposal.checklist_version_id)
    checklist = checklists.compiled(version).checklist
    return {q: question.type.value for q in question_ids if (question := checklist.question(q)) is not None}


def _values_of(proposal: Proposal) -> dict[str, Any]:
    return {
        name: getattr(proposal, name)
        for name in (
            "title",
            "summary",
            "kind",
            "policy_type",
            "investment_yuan",
            "site",
            "construction_start",
            "construction_end",
            "population_affected",
            "vulnerable_groups",
            "places",
            "whole_jurisdiction",
            "answers",
        )
    }


def input_hash(values: dict[str, Any]) -> str:
    """What identifies a creating request's input: a key sent again must come with the same input."""
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def created_before(
    session: AsyncSession,
    principal: Principal,
    values: dict[str, Any],
    idempotency_key: str | None,
    request_hash: str,
) -> Proposal | None:
    """The draft an earlier request with this key created, if any (after checking who may draft for the
    department); IDEMPOTENCY_CONFLICT when that request's input was different."""
    require_authenticated(principal)
    if idempotency_key is None:
        return None
    _check_key(idempotency_key)
    place = await _place(session, values["jurisdiction"], values["sponsoring_department"])
    check_may_write(principal, place.jurisdiction.id, place.department.id)
    return await _by_key(session, place, idempotency_key, request_hash)


async def _by_key(session: AsyncSession, place: Place, idempotency_key: str, request_hash: str) -> Proposal | None:
    existing = await repo.proposal_by_create_key(session, place.department.id, idempotency_key)
    if existing is not None and existing.create_input_hash not in (None, request_hash):
        raise ConflictError(
            _("this idempotency key was used with different input: use a new key for a new proposal"),
            ["input", "idempotencyKey"],
            code="IDEMPOTENCY_CONFLICT",
        )
    return existing


async def create(
    session: AsyncSession,
    principal: Principal,
    values: dict[str, Any],
    idempotency_key: str | None,
    request_hash: str | None = None,
) -> Proposal:
    """A new draft. `values` holds snake_case fields; jurisdiction and sponsoring department are codes.
    `request_hash` identifies the caller's input when it is not `values` itself (see `created_before`)."""
    require_authenticated(principal)
    if idempotency_key is not None:
        _check_key(idempotency_key)
    request_hash = request_hash or input_hash(values)
    place = await _place(session, values["jurisdiction"], values["sponsoring_department"])
    check_may_write(principal, place.jurisdiction.id, place.department.id)
    if idempotency_key is not None:
        existing = await _by_key(session, place, idempotency_key, request_hash)
        if existing is not None:
            return existing
    version = await checklists.resolve(session, values.get("checklist_version"), ["input", "checklistVersion"])
    place_problems, _scope = await places.check(
        session, place.jurisdiction, values.get("places") or [], bool(values.get("whole_jurisdiction"))
    )
    problems = _check_fields(values) + place_problems + _check_answers(checklists.compiled(version), values)
    if problems:
        raise ValidationFailed(problems)
    fields = {
        k: v
        for k, v in values.items()
        if k not in ("jurisdiction", "sponsoring_department", "checklist_version", "answer_fields")
    }
    now = _now()
    proposal = Proposal(
        code=f"tmp-{uuid.uuid4().hex}",
        status=DRAFT,
        version=1,
        jurisdiction_id=place.jurisdiction.id,
        sponsor_department_id=place.department.id,
        checklist_version_id=version.id,
        create_key=idempotency_key,
        create_input_hash=request_hash if idempotency_key else None,
        created_at=now,
        updated_at=now,
        **{
            "vulnerable_groups": [],
            "answers": {},
            "places": [],
            "whole_jurisdiction": False,
            **{k: v for k, v in fields.items() if v is not None},
        },
    )
    proposal.answer_origins = provenance.origins({"answers": {}, **_values_of(proposal)}, {})
    await repo.add(session, proposal)
    proposal.code = f"HIA-{now.year}-{proposal.id:06d}"
    await session.flush()
    return proposal


async def _writable(session: AsyncSession, principal: Principal, proposal_id: int) -> Proposal:
    """The proposal, locked; "not found" when the principal may not see it (no existence leak)."""
    require_authenticated(principal)
    proposal = await repo.proposal_for_update(session, proposal_id, principal.proposal_scope())
    if proposal is None:
        raise NotFoundError(_("no proposal has this id"), ["input", "id"])
    check_may_write(principal, proposal.jurisdiction_id, proposal.sponsor_department_id)
    return proposal


async def update(
    session: AsyncSession,
    principal: Principal,
    proposal_id: int,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Proposal:
    """Change a draft. Only the fields given change; `answers`, when given, replaces all answers."""
    proposal = await _writable(session, principal, proposal_id)
    states.require(proposal.status, states.Action.EDIT)
    if expected_version is not None and expected_version != proposal.version:
        raise ConflictError(
            _(
                "the proposal changed since version {expected} (now {current}): re-read it",
                expected=expected_version,
                current=proposal.version,
            ),
            ["input", "expectedVersion"],
        )
    merged = {**_values_of(proposal), **changes}
    version = await repo.row_by_id(session, ChecklistVersion, proposal.checklist_version_id)
    jurisdiction = await repo.row_by_id(session, Jurisdiction, proposal.jurisdiction_id)
    place_problems, _scope = await places.check(
        session, jurisdiction, merged.get("places") or [], bool(merged.get("whole_jurisdiction"))
    )
    problems = _check_fields(merged) + place_problems + _check_answers(checklists.compiled(version), merged)
    if merged.get("title") is None:
        problems.append((["input", "title"], _("cannot be removed")))
    if problems:
        raise ValidationFailed(problems)
    changes = {name: value for name, value in changes.items() if name != "answer_fields"}
    if changes:
        for name, value in changes.items():
            setattr(
                proposal,
                name,
                value if value is not None or name not in EMPTY_WHEN_REMOVED else EMPTY_WHEN_REMOVED[name](),
            )
        proposal.answer_origins = provenance.origins(_values_of(proposal), proposal.suggestions or {})
        proposal.version += 1
        proposal.updated_at = _now()
        await session.flush()
    return proposal


async def submit(
    session: AsyncSession, principal: Principal, proposal_id: int, idempotency_key: str
) -> tuple[Proposal, Assessment]:
    """Screen a draft and store the assessment; the same key returns the first assessment."""
    _check_key(idempotency_key)
    proposal = await _writable(session, principal, proposal_id)
    existing = await repo.assessment_by_key(session, proposal.id, idempotency_key)
    if existing is not None:
        return proposal, existing
    screened = states.next_state(proposal.status, states.Action.SUBMIT)
    version = await repo.row_by_id(session, ChecklistVersion, proposal.checklist_version_id)
    given = screening_input(_values_of(proposal), await _threshold(session, proposal.jurisdiction_id))
    try:
        outcome = hia_rules.screen(checklists.compiled(version), given)
    except hia_rules.InputError as exc:
        raise ValidationFailed([(["proposal", *p.field], p.message) for p in exc.problems]) from exc
    if outcome.unanswered:
        raise ValidationFailed(unanswered_problems(checklists.compiled(version).checklist, outcome.unanswered))
    jurisdiction = await repo.row_by_id(session, Jurisdiction, proposal.jurisdiction_id)
    # Checked when written; a place since removed from the catalog asks nobody.
    _problems, scope = await places.check(session, jurisdiction, proposal.places or [], proposal.whole_jurisdiction)
    document, reviewers = await outcome_document(
        session, outcome, proposal.jurisdiction_id, proposal.sponsor_department_id, scope
    )
    now = _now()
    proposal.submitted_at = now
    assessment = Assessment(
        proposal_id=proposal.id,
        checklist_version_id=version.id,
        idempotency_key=idempotency_key,
        inputs_hash=outcome.inputs_hash,
        in_scope=outcome.in_scope,
        scope_rule_id=outcome.scope_rule_id,
        scope_reason_zh=outcome.scope_reason_zh,
        scope_reason_en=outcome.scope_reason_en,
        impact_degree=outcome.impact_degree,
        procedure=outcome.procedure,
        outcome=document,
        summary=summary_of(outcome),
        answer_provenance=provenance.provenance(proposal.answers, proposal.answer_origins, proposal.suggestions or {}),
        created_at=now,
    )
    await repo.add(session, assessment)
    for reviewer in reviewers:
        session.add(
            AssessmentReviewer(
                assessment_id=assessment.id, department_id=reviewer.department_id, reasons=reviewer.reasons
            )
        )
    proposal.status = screened
    proposal.latest_assessment_id = assessment.id
    proposal.impact_degree = outcome.impact_degree
    proposal.version += 1
    proposal.updated_at = now
    await session.flush()
    emit(session, EventType.PROPOSAL_SCREENED, proposal, principal.user)
    await requests.open_review(session, principal, proposal, assessment, document, reviewers)
    await session.flush()
    return proposal, assessment


def unanswered_problems(checklist: Any, question_ids: Sequence[str]) -> list[tuple[list[str], str]]:
    """One problem per applicable question left unanswered, naming it as the form asks it."""
    problems: list[tuple[list[str], str]] = []
    for question_id in question_ids:
        question = checklist.question(question_id)
        asked = f"{question.text_zh}（{question.text_en}）" if question is not None else question_id
        problems.append(
            (
                ["proposal", "answers", question_id],
                _("is not answered: {question}; answer UNKNOWN (不知道) if it is not known", question=asked),
            )
        )
    return problems


async def preview(
    session: AsyncSession, principal: Principal, values: dict[str, Any]
) -> tuple[ChecklistVersion, dict[str, Any]]:
    """The outcome submitting would give, for an unsaved proposal; stores nothing. Anyone who drafts,
    reviews or decides may preview; viewers only read."""
    require_authenticated(principal)
    if principal.has(Role.VIEWER):
        raise AccessDenied(_("a VIEWER reads only; previewing is for those who draft, review or decide"))
    place = await _place(session, values["jurisdiction"], values["sponsoring_department"])
    version = await checklists.resolve(session, values.get("checklist_version"), ["input", "checklistVersion"])
    place_problems, scope = await places.check(
        session, place.jurisdiction, values.get("places") or [], bool(values.get("whole_jurisdiction"))
    )
    problems = _check_fields(values) + place_problems + _check_answers(checklists.compiled(version), values)
    if problems:
        raise ValidationFailed(problems)
    given = screening_input(values, await _threshold(session, place.jurisdiction.id))
    outcome = hia_rules.screen(checklists.compiled(version), given)
    document, _reviewers = await outcome_document(session, outcome, place.jurisdiction.id, place.department.id, scope)
    return version, document


__all__ = ["DRAFT", "SCREENED", "SUBMITTED", "create", "preview", "submit", "update"]
