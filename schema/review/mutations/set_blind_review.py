"""setBlindReview: the committee keeps reviewers' opinions from the sponsoring department until it concludes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.review.types import Committee
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import committee


@strawberry.input(description="Turn the committee's blind review on or off.")
class SetBlindReviewInput:
    jurisdiction: str = strawberry.field(description="Code of the committee's jurisdiction.")
    blind: bool = strawberry.field(
        description="True: reviews and proposed conditions are hidden from the sponsoring department until the "
        "round is concluded (at once, for rounds in progress too); false: shown as they come in."
    )


@strawberry.type(description="Result of setBlindReview.")
class SetBlindReviewPayload:
    committee: Committee | None = strawberry.field(description="The committee with its setting.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def set_blind_review(
    info: Info, input: Annotated[SetBlindReviewInput, strawberry.argument(description="The mutation's input.")]
) -> SetBlindReviewPayload:
    try:
        row = await info.context.write(
            Audit("setBlindReview", "Committee", details={"blind": input.blind}),
            committee.set_blind_review,
            info.context.principal,
            input.jurisdiction,
            input.blind,
        )
    except HiaError as error:
        return SetBlindReviewPayload(committee=None, user_errors=user_errors(error))
    return SetBlindReviewPayload(committee=Committee.from_row(row), user_errors=[])
