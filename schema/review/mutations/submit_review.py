"""submitReview: a reviewer gives an opinion on a request addressed to them."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.enums import Opinion
from schema.review.inputs import ConditionInput, ReviewAnswerInput, condition_drafts, review_answers
from schema.review.types import Review
from schema.screening.inputs import node_id
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import reviews


@strawberry.input(description="An opinion on one review request.")
class SubmitReviewInput:
    id: relay.GlobalID = strawberry.field(description="The review request's id.")
    opinion: Opinion = strawberry.field(description="Concur, concur with conditions, or object.")
    comments: str | None = strawberry.field(default=None, description="Comments (required when objecting).")
    conditions: list[ConditionInput] | None = strawberry.field(
        default=None, description="Conditions (with CONCUR_WITH_CONDITIONS, at least one)."
    )
    answers: list[ReviewAnswerInput] | None = strawberry.field(
        default=None, description="Answers to the screening's open (\"don't know\") questions."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Repeating the review with the same key returns it instead of an error."
    )


@strawberry.type(description="Result of submitReview.")
class SubmitReviewPayload:
    review: Review | None = strawberry.field(description="The review.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def submit_review(
    info: Info, input: Annotated[SubmitReviewInput, strawberry.argument(description="The mutation's input.")]
) -> SubmitReviewPayload:
    try:
        request_id = node_id(input.id, "ReviewRequest", _("review request"), ["input", "id"])
        answers, notes, answer_fields = review_answers(input.answers)
        draft = reviews.ReviewDraft(
            opinion=str(input.opinion.value),
            comments=input.comments,
            conditions=condition_drafts(input.conditions),
            answers=answers,
            notes=notes,
            answer_fields=answer_fields,
        )
        row = await info.context.write(
            Audit("submitReview", "Review", details={"reviewRequestId": request_id}),
            reviews.submit,
            info.context.principal,
            request_id,
            draft,
            input.idempotency_key,
        )
    except HiaError as error:
        return SubmitReviewPayload(review=None, user_errors=user_errors(error))
    return SubmitReviewPayload(review=Review.from_row(row), user_errors=[])
