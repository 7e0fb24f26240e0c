"""closeRating: the chair closes the experts' rating of the current round before every expert has rated."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.rating_types import CommitteeForm
from schema.screening.inputs import proposal_id
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import ratings


@strawberry.input(description="Close the experts' rating of a proposal's current round.")
class CloseRatingInput:
    proposal: relay.GlobalID = strawberry.field(description="The proposal's id.")
    reason: str | None = strawberry.field(
        default=None, description="Why rating closes early: required while any expert of the panel has not rated."
    )


@strawberry.type(description="Result of closeRating.")
class CloseRatingPayload:
    form: CommitteeForm | None = strawberry.field(
        description="The round's form, with rating closed (the chair settles its answers next)."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def close_rating(
    info: Info, input: Annotated[CloseRatingInput, strawberry.argument(description="The mutation's input.")]
) -> CloseRatingPayload:
    try:
        target = proposal_id(input.proposal, ["input", "proposal"])
        row = await info.context.write(
            Audit("closeRating", "CommitteeForm", details={"proposalId": target}),
            ratings.close,
            info.context.principal,
            target,
            input.reason,
        )
    except HiaError as error:
        return CloseRatingPayload(form=None, user_errors=user_errors(error))
    return CloseRatingPayload(form=CommitteeForm.from_row(row), user_errors=[])
