"""addReviewRequest: the secretary asks one more reviewer in the current round."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.types import ReviewRequest
from schema.screening.enums import Specialty
from schema.screening.inputs import node_id, proposal_id
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import requests


@strawberry.input(description="Ask a department, or an expert for a specialty, to review. Name one of the two.")
class AddReviewRequestInput:
    proposal: relay.GlobalID = strawberry.field(description="The proposal's id.")
    reason: str = strawberry.field(description="Why (kept with the request and printed in the report).")
    department: str | None = strawberry.field(default=None, description="Code of a department of the jurisdiction.")
    expert: relay.GlobalID | None = strawberry.field(default=None, description="Id of an expert (CommitteeMember).")
    specialty: Specialty | None = strawberry.field(default=None, description="With an expert: the specialty asked for.")
    due_on: dt.date | None = strawberry.field(
        default=None, description="Due date; by default the jurisdiction's days for the proposal's impact degree."
    )
    idempotency_key: str | None = idempotency_key_field("the request the first call made")


@strawberry.type(description="Result of addReviewRequest.")
class AddReviewRequestPayload:
    review_request: ReviewRequest | None = strawberry.field(description="The new request.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def add_review_request(
    info: Info, input: Annotated[AddReviewRequestInput, strawberry.argument(description="The mutation's input.")]
) -> AddReviewRequestPayload:
    try:
        target = proposal_id(input.proposal, ["input", "proposal"])
        expert = node_id(input.expert, "CommitteeMember", _("expert"), ["input", "expert"]) if input.expert else None
        row = await info.context.write(
            Audit("addReviewRequest", "ReviewRequest", details={"proposalId": target}),
            requests.add,
            info.context.principal,
            target,
            input.department,
            expert,
            input.specialty.value if input.specialty else None,
            input.reason,
            input.due_on,
            input.idempotency_key,
        )
    except HiaError as error:
        return AddReviewRequestPayload(review_request=None, user_errors=user_errors(error))
    return AddReviewRequestPayload(review_request=ReviewRequest.from_row(row), user_errors=[])
