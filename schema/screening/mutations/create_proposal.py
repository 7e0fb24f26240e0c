"""createProposal: a department starts a draft."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.screening.inputs import CreateProposalInput, proposal_values
from schema.screening.types import Proposal
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.screening import proposals


@strawberry.type(description="Result of createProposal.")
class CreateProposalPayload:
    proposal: Proposal | None = strawberry.field(description="The new draft (or the first one made with this key).")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input; nothing was created.")


async def create_proposal(
    info: Info, input: Annotated[CreateProposalInput, strawberry.argument(description="The mutation's input.")]
) -> CreateProposalPayload:
    try:
        values = proposal_values(input)
        row = await info.context.write(
            Audit("createProposal", "Proposal"),
            proposals.create,
            info.context.principal,
            values,
            input.idempotency_key,
        )
    except HiaError as error:
        return CreateProposalPayload(proposal=None, user_errors=user_errors(error))
    return CreateProposalPayload(proposal=Proposal.from_row(row), user_errors=[])
