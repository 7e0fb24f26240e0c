"""Inputs of the review workflow's mutations and filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry import relay

from schema.review.enums import ConditionStatus, ReviewRequestStatus
from schema.screening.enums import Tristate
from schema.screening.inputs import answer_fields_of, answers_of
from service.review.reviews import ConditionDraft


@strawberry.input(description="A condition (mitigation) to attach: what, by whom, by when.")
class ConditionInput:
    text_zh: str = strawberry.field(description="What must be done, in Chinese (1 to 2,000 characters).")
    responsible_department: str | None = strawberry.field(
        default=None, description="Code of the department responsible for it (required)."
    )
    due_on: dt.date | None = strawberry.field(default=None, description="By when it must be done (required; not past).")
    text_en: str | None = strawberry.field(default=None, description="What must be done, in English.")


def condition_drafts(conditions: list[ConditionInput] | None) -> list[ConditionDraft]:
    return [
        ConditionDraft(
            responsible_department=c.responsible_department, text_zh=c.text_zh, text_en=c.text_en, due_on=c.due_on
        )
        for c in conditions or []
    ]


@strawberry.input(
    description="A reviewer's answer to a question the screening left open (\"don't know\"): exactly one value."
)
class ReviewAnswerInput:
    question: str = strawberry.field(description="Id of the question (one of the screening's `needsInformation`).")
    yes_no: Tristate | None = strawberry.field(default=None, description="For YES_NO questions.")
    number: float | None = strawberry.field(default=None, description="For NUMBER questions.")
    choice: str | None = strawberry.field(default=None, description="For CHOICE questions.")
    choices: list[str] | None = strawberry.field(default=None, description="For MULTI_CHOICE questions.")
    note: str | None = strawberry.field(default=None, description="Where the answer comes from, or any remark.")


def review_answers(
    answers: list[ReviewAnswerInput] | None,
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The answers, their notes, and the question type of the field each answer came in."""
    values = answers_of(answers) or {}
    notes = {a.question: a.note for a in answers or [] if a.note}
    return values, notes, answer_fields_of(answers)


@strawberry.input(description="Narrows `reviewRequests`.")
class ReviewRequestFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the jurisdiction.")
    statuses: list[ReviewRequestStatus] | None = strawberry.field(default=None, description="Only these statuses.")
    department: str | None = strawberry.field(default=None, description="Code of the department asked.")
    expert: relay.GlobalID | None = strawberry.field(default=None, description="Id of the expert (CommitteeMember).")
    assigned_to_me: bool = strawberry.field(
        default=False, description="Only requests addressed to the caller: its department's, or its own as expert."
    )
    overdue: bool = strawberry.field(default=False, description="Only open requests past their due date.")


@strawberry.input(description="Narrows `conditions`.")
class ConditionFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the jurisdiction.")
    responsible_department: str | None = strawberry.field(default=None, description="Code of the department.")
    statuses: list[ConditionStatus] | None = strawberry.field(default=None, description="Only these statuses.")
    overdue: bool = strawberry.field(default=False, description="Only adopted conditions open past their due date.")
