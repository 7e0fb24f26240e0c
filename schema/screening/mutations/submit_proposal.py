"""submitProposal: screen a draft and store the assessment."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.screening.inputs import proposal_id
from schema.screening.types import Assessment, Proposal
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.screening import proposals


@strawberry.input(description="Submit a draft for screening.")
class SubmitProposalInput:
    id: relay.GlobalID = strawberry.field(description="The proposal's id.")
    idempotency_key: str = strawberry.field(
        description="Any unique string (1 to 200 characters); repeating it returns the first assessment."
    )


@strawberry.type(description="Result of submitProposal.")
class SubmitProposalPayload:
    proposal: Proposal | None = strawberry.field(description="The proposal, now screened.")
    assessment: Assessment | None = strawberry.field(description="The stored assessment.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def submit_proposal(
    info: Info, input: Annotated[SubmitProposalInput, strawberry.argument(description="The mutation's input.")]
) -> SubmitProposalPayload:
    try:
        target = proposal_id(input.id, ["input", "id"])
        proposal, assessment = await info.context.write(
            Audit("submitProposal", "Proposal", target),
            proposals.submit,
            info.context.principal,
            target,
            input.idempotency_key,
        )
    except HiaError as error:
        return SubmitProposalPayload(proposal=None, assessment=None, user_errors=user_errors(error))
    return SubmitProposalPayload(
        proposal=Proposal.from_row(proposal), assessment=Assessment.from_row(assessment), user_errors=[]
    )
