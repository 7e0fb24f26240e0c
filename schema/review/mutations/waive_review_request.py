"""waiveReviewRequest: the round goes on without this review; the reason is kept."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.types import ReviewRequest
from schema.screening.inputs import node_id
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import requests


@strawberry.input(description="Waive an open review request.")
class WaiveReviewRequestInput:
    id: relay.GlobalID = strawberry.field(description="The open request's id.")
    reason: str = strawberry.field(description="Why it is not needed (required; printed in the report).")


@strawberry.type(description="Result of waiveReviewRequest.")
class WaiveReviewRequestPayload:
    review_request: ReviewRequest | None = strawberry.field(description="The request, now WAIVED.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def waive_review_request(
    info: Info, input: Annotated[WaiveReviewRequestInput, strawberry.argument(description="The mutation's input.")]
) -> WaiveReviewRequestPayload:
    try:
        request_id = node_id(input.id, "ReviewRequest", _("review request"), ["input", "id"])
        row = await info.context.write(
            Audit("waiveReviewRequest", "ReviewRequest", request_id),
            requests.waive,
            info.context.principal,
            request_id,
            input.reason,
        )
    except HiaError as error:
        return WaiveReviewRequestPayload(review_request=None, user_errors=user_errors(error))
    return WaiveReviewRequestPayload(review_request=ReviewRequest.from_row(row), user_errors=[])
