"""setReviewDeadlines: how many days reviewers have, per impact degree, in a jurisdiction."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import settings


@strawberry.input(description="Days from a review request to its due date, per impact degree (1 to 365 each).")
class SetReviewDeadlinesInput:
    jurisdiction: str = strawberry.field(description="Code of the jurisdiction.")
    minimal_days: int = strawberry.field(description="For proposals of minimal impact (很小) the secretary sends out.")
    mild_days: int = strawberry.field(description="For mild impact (轻度): a rapid assessment.")
    major_days: int = strawberry.field(description="For major impact (重大): a full assessment.")


@strawberry.type(description="A jurisdiction's review deadlines.")
class ReviewDeadlines:
    minimal_days: int = strawberry.field(description="Days for minimal impact.")
    mild_days: int = strawberry.field(description="Days for mild impact.")
    major_days: int = strawberry.field(description="Days for major impact.")


@strawberry.type(description="Result of setReviewDeadlines.")
class SetReviewDeadlinesPayload:
    deadlines: ReviewDeadlines | None = strawberry.field(description="The deadlines now in force (new requests only).")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def set_review_deadlines(
    info: Info, input: Annotated[SetReviewDeadlinesInput, strawberry.argument(description="The mutation's input.")]
) -> SetReviewDeadlinesPayload:
    days = settings.DueDays(input.minimal_days, input.mild_days, input.major_days)
    try:
        row = await info.context.write(
            Audit("setReviewDeadlines", None, details={"jurisdiction": input.jurisdiction}),
            settings.set_due_days,
            info.context.principal,
            input.jurisdiction,
            days,
        )
    except HiaError as error:
        return SetReviewDeadlinesPayload(deadlines=None, user_errors=user_errors(error))
    return SetReviewDeadlinesPayload(
        deadlines=ReviewDeadlines(
            minimal_days=row.due_days_minimal, mild_days=row.due_days_mild, major_days=row.due_days_major
        ),
        user_errors=[],
    )
