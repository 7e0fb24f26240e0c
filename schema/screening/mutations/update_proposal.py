"""updateProposal: change a draft."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.screening.inputs import UpdateProposalInput, changes_of, proposal_id
from schema.screening.types import Proposal
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.screening import proposals


@strawberry.type(description="Result of updateProposal.")
class UpdateProposalPayload:
    proposal: Proposal | None = strawberry.field(description="The draft as changed.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def update_proposal(
    info: Info, input: Annotated[UpdateProposalInput, strawberry.argument(description="The mutation's input.")]
) -> UpdateProposalPayload:
    try:
        target = proposal_id(input.id, ["input", "id"])
        row = await info.context.write(
            Audit("updateProposal", "Proposal", target),
            proposals.update,
            info.context.principal,
            target,
            changes_of(input),
            input.expected_version,
        )
    except HiaError as error:
        return UpdateProposalPayload(proposal=None, user_errors=user_errors(error))
    return UpdateProposalPayload(proposal=Proposal.from_row(row), user_errors=[])
