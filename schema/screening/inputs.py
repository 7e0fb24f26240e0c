"""Inputs of the screening mutations and filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay

from schema.screening.enums import (
    ImpactDegree,
    PolicyType,
    ProposalKind,
    ProposalStatus,
    Tristate,
    VulnerableGroup,
)
from service.errors import InvalidArgumentError, NotFoundError
from service.i18n import _
from service.ids import database_id


@strawberry.input(description="The answer to one question: set exactly one of the value fields, by question type.")
class AnswerInput:
    question: str = strawberry.field(description="Id of the question (see `checklist.questions`).")
    yes_no: Tristate | None = strawberry.field(default=None, description="For YES_NO questions.")
    number: float | None = strawberry.field(default=None, description="For NUMBER questions.")
    choice: str | None = strawberry.field(default=None, description="For CHOICE questions.")
    choices: list[str] | None = strawberry.field(default=None, description="For MULTI_CHOICE questions.")


# Which kind of question each answer field is for: an answer must use its question's field (strict types).
ANSWER_FIELD_TYPES = {"yes_no": "YES_NO", "number": "NUMBER", "choice": "CHOICE", "choices": "MULTI_CHOICE"}


def answer_fields_of(answers: Sequence[AnswerInput | Any] | None) -> dict[str, str]:
    """For each answered question, the question type of the field its answer was given in."""
    return {
        answer.question: kind
        for answer in answers or []
        for name, kind in ANSWER_FIELD_TYPES.items()
        if getattr(answer, name) is not None
    }


def answers_of(answers: Sequence[AnswerInput | Any] | None) -> dict[str, Any] | None:
    """Answers as the service takes them: {question id: value}; each input sets exactly one value field."""
    if answers is None:
        return None
    result: dict[str, Any] = {}
    for i, answer in enumerate(answers):
        values = [v for v in (answer.yes_no, answer.number, answer.choice, answer.choices) if v is not None]
        if len(values) != 1:
            raise InvalidArgumentError(
                _("set exactly one of yesNo, number, choice, choices"), ["input", "answers", str(i)]
            )
        if answer.question in result:
            raise InvalidArgumentError(
                _("question {question} is answered twice", question=answer.question), ["input", "answers", str(i)]
            )
        value = values[0]
        result[answer.question] = value.value if isinstance(value, Tristate) else value
    return result


def node_id(global_id: relay.GlobalID, type_name: str, what: str, field: list[str]) -> int:
    """The database id behind a global id of `type_name`; "not found" for anything else."""
    found = database_id(global_id.node_id) if global_id.type_name == type_name else None
    if found is None:
        raise NotFoundError(_not_found(what), field)
    return found


def _not_found(what: str) -> str:
    """That no `what` (a proposal, an expert, ...) has the id given, naming it in words."""
    messages = {
        "proposal": _("no proposal has this id"),
        "expert": _("no expert has this id"),
        "condition": _("no condition has this id"),
        "review request": _("no review request has this id"),
    }
    return messages.get(what) or _("no {what} has this id", what=what)


def proposal_id(global_id: relay.GlobalID, field: list[str]) -> int:
    return node_id(global_id, "Proposal", "proposal", field)


@strawberry.input(description="A new proposal (a draft) and its answers.")
class CreateProposalInput:
    kind: ProposalKind = strawberry.field(description="Policy or project.")
    title: str = strawberry.field(description="Title (1 to 400 characters).")
    jurisdiction: str = strawberry.field(description="Code of the jurisdiction.")
    sponsoring_department: str = strawberry.field(description="Code of the responsible department (责任主体).")
    summary: str | None = strawberry.field(default=None, description="What it does.")
    policy_type: PolicyType | None = strawberry.field(default=None, description="Policies: the kind of document.")
    investment_yuan: float | None = strawberry.field(
        default=None, description="Projects: government investment (yuan)."
    )
    site: str | None = strawberry.field(default=None, description="Projects: where.")
    construction_start: dt.date | None = strawberry.field(default=None, description="Projects: start of construction.")
    construction_end: dt.date | None = strawberry.field(default=None, description="Projects: end of construction.")
    population_affected: float | None = strawberry.field(
        default=None,
        description="How many people it reaches, whether they gain or could be harmed (checklist v2 asks "
        "separately how many could be adversely affected).",
    )
    vulnerable_groups: list[VulnerableGroup] | None = strawberry.field(default=None, description="Groups affected.")
    places: list[str] | None = strawberry.field(
        default=None,
        description="Codes of the towns, streets or zones (镇/街道) it touches, e.g. `wuzhong.mudu` (a project: its site's). Their governments are asked to review it; others are not.",
    )
    whole_jurisdiction: bool = strawberry.field(
        default=False,
        description="It applies to the whole jurisdiction (a district-wide policy): every town and street is asked to review.",
    )
    answers: list[AnswerInput] | None = strawberry.field(default=None, description="Answers to checklist questions.")
    checklist_version: int | None = strawberry.field(
        default=None, description="Checklist version to answer; the latest when omitted."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Repeat a create with the same key to get the first proposal back, not a second."
    )


def proposal_values(data: Any) -> dict[str, Any]:
    """snake_case values of a create/preview input for the service."""
    return {
        "kind": data.kind.value,
        "title": data.title,
        "jurisdiction": data.jurisdiction,
        "sponsoring_department": data.sponsoring_department,
        "summary": data.summary,
        "policy_type": data.policy_type.value if data.policy_type else None,
        "investment_yuan": data.investment_yuan,
        "site": data.site,
        "construction_start": data.construction_start,
        "construction_end": data.construction_end,
        "population_affected": data.population_affected,
        "vulnerable_groups": [g.value for g in data.vulnerable_groups or []],
        "places": list(data.places or []),
        "whole_jurisdiction": data.whole_jurisdiction,
        "answers": answers_of(data.answers) or {},
        "answer_fields": answer_fields_of(data.answers),
        "checklist_version": data.checklist_version,
    }


@strawberry.input(description="Changes to a draft: only the fields given change; `answers` replaces all answers.")
class UpdateProposalInput:
    id: relay.GlobalID = strawberry.field(description="The proposal's id.")
    expected_version: int | None = strawberry.field(
        default=None, description="The `version` you read; the update is refused if it changed since."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Title.")
    summary: str | None = strawberry.field(default=strawberry.UNSET, description="What it does; null clears it.")
    policy_type: PolicyType | None = strawberry.field(
        default=strawberry.UNSET, description="Policies: kind of document."
    )
    investment_yuan: float | None = strawberry.field(default=strawberry.UNSET, description="Projects: investment.")
    site: str | None = strawberry.field(default=strawberry.UNSET, description="Projects: where.")
    construction_start: dt.date | None = strawberry.field(default=strawberry.UNSET, description="Projects: start.")
    construction_end: dt.date | None = strawberry.field(default=strawberry.UNSET, description="Projects: end.")
    population_affected: float | None = strawberry.field(
        default=strawberry.UNSET, description="How many people it reaches (see CreateProposalInput)."
    )
    vulnerable_groups: list[VulnerableGroup] | None = strawberry.field(
        default=strawberry.UNSET, description="Groups affected (replaces the list)."
    )
    places: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="The towns and streets it touches (replaces the list)."
    )
    whole_jurisdiction: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="It applies to the whole jurisdiction (a district-wide policy): every town and street is asked to review.",
    )
    answers: list[AnswerInput] | None = strawberry.field(
        default=strawberry.UNSET, description="All answers (replaces)."
    )


def changes_of(data: UpdateProposalInput) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in (
        "title",
        "summary",
        "investment_yuan",
        "site",
        "construction_start",
        "construction_end",
        "population_affected",
    ):
        value = getattr(data, name)
        if value is not strawberry.UNSET:
            changes[name] = value
    if data.policy_type is not strawberry.UNSET:
        changes["policy_type"] = data.policy_type.value if data.policy_type else None
    if data.vulnerable_groups is not strawberry.UNSET:
        changes["vulnerable_groups"] = [g.value for g in data.vulnerable_groups or []]
    if data.places is not strawberry.UNSET:
        changes["places"] = list(data.places or [])
    if data.whole_jurisdiction is not strawberry.UNSET:
        changes["whole_jurisdiction"] = bool(data.whole_jurisdiction)
    if data.answers is not strawberry.UNSET:
        changes["answers"] = answers_of(data.answers) or {}
        changes["answer_fields"] = answer_fields_of(data.answers)
    return changes


@strawberry.input(description="Narrows `proposals`.")
class ProposalFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the jurisdiction.")
    kinds: list[ProposalKind] | None = strawberry.field(default=None, description="Only these kinds.")
    statuses: list[ProposalStatus] | None = strawberry.field(default=None, description="Only these statuses.")
    sponsoring_department: str | None = strawberry.field(default=None, description="Code of the sponsoring department.")
    impact_degrees: list[ImpactDegree] | None = strawberry.field(
        default=None, description="Only proposals whose latest assessment has one of these degrees."
    )
