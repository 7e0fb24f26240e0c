"""replaceReviewer: close an open request and ask another reviewer (also how an UNASSIGNED one is assigned)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.types import ReviewRequest
from schema.screening.inputs import node_id
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import requests


@strawberry.input(
    description="Replace the reviewer of an open request: a department by a department, an expert by an expert "
    "with every one of the request's specialties."
)
class ReplaceReviewerInput:
    id: relay.GlobalID = strawberry.field(description="The open request's id.")
    reason: str = strawberry.field(description="Why (kept with both requests and printed in the report).")
    department: str | None = strawberry.field(default=None, description="Code of the department to ask instead.")
    expert: relay.GlobalID | None = strawberry.field(default=None, description="Id of the expert to ask instead.")
    due_on: dt.date | None = strawberry.field(default=None, description="New due date; the old one by default.")
    idempotency_key: str | None = idempotency_key_field("the request the first call opened")


@strawberry.type(description="Result of replaceReviewer.")
class ReplaceReviewerPayload:
    review_request: ReviewRequest | None = strawberry.field(
        description="The new request (its `replaces` is the closed one)."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def replace_reviewer(
    info: Info, input: Annotated[ReplaceReviewerInput, strawberry.argument(description="The mutation's input.")]
) -> ReplaceReviewerPayload:
    try:
        request_id = node_id(input.id, "ReviewRequest", _("review request"), ["input", "id"])
        expert = node_id(input.expert, "CommitteeMember", _("expert"), ["input", "expert"]) if input.expert else None
        row = await info.context.write(
            Audit("replaceReviewer", "ReviewRequest", request_id),
            requests.replace,
            info.context.principal,
            request_id,
            input.department,
            expert,
            input.reason,
            input.due_on,
            input.idempotency_key,
        )
    except HiaError as error:
        return ReplaceReviewerPayload(review_request=None, user_errors=user_errors(error))
    return ReplaceReviewerPayload(review_request=ReviewRequest.from_row(row), user_errors=[])
