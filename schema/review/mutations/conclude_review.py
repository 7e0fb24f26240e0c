"""concludeReview: the chair concludes the current round and signs."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.enums import ReviewDecision
from schema.review.inputs import ConditionInput, condition_drafts
from schema.review.types import ReviewConclusion
from schema.screening.inputs import node_id, proposal_id
from schema.screening.types import Proposal
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import conclusions


@strawberry.input(description="The chair's conclusion of a proposal's current review round.")
class ConcludeReviewInput:
    proposal: relay.GlobalID = strawberry.field(description="The proposal's id.")
    decision: ReviewDecision = strawberry.field(description="The decision.")
    summary_zh: str = strawberry.field(description="The conclusion, in Chinese (printed in the report).")
    summary_en: str | None = strawberry.field(default=None, description="The conclusion, in English.")
    conditions: list[ConditionInput] | None = strawberry.field(
        default=None, description="With APPROVED_WITH_CONDITIONS: the chair's own conditions, besides the reviewers'."
    )
    omit_conditions: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="With APPROVED_WITH_CONDITIONS: reviewers' conditions the conclusion does not adopt."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="The proposal `version` you read; refused if it changed since."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Repeating the conclusion with the same key returns it instead of an error."
    )


@strawberry.type(description="Result of concludeReview.")
class ConcludeReviewPayload:
    conclusion: ReviewConclusion | None = strawberry.field(description="The signed conclusion.")
    proposal: Proposal | None = strawberry.field(description="The proposal in its new state.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def conclude_review(
    info: Info, input: Annotated[ConcludeReviewInput, strawberry.argument(description="The mutation's input.")]
) -> ConcludeReviewPayload:
    try:
        target = proposal_id(input.proposal, ["input", "proposal"])
        omitted = [
            node_id(g, "ReviewCondition", _("condition"), ["input", "omitConditions", str(i)])
            for i, g in enumerate(input.omit_conditions or [])
        ]
        row = await info.context.write(
            Audit("concludeReview", "ReviewConclusion", details={"proposalId": target}),
            conclusions.conclude,
            info.context.principal,
            target,
            input.decision.value,
            input.summary_zh,
            input.summary_en,
            condition_drafts(input.conditions),
            omitted,
            input.expected_version,
            input.idempotency_key,
        )
    except HiaError as error:
        return ConcludeReviewPayload(conclusion=None, proposal=None, user_errors=user_errors(error))
    proposal = await info.context.loaders.by_id("proposal").load(row.proposal_id)
    return ConcludeReviewPayload(
        conclusion=ReviewConclusion.from_row(row), proposal=Proposal.from_optional(proposal), user_errors=[]
    )
