"""previewScreening: the outcome of an unsaved proposal, for forms that show results as the user types."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.screening.inputs import CreateProposalInput, proposal_values
from schema.screening.types import ScreeningPreview
from schema.user_errors import UserError, user_errors
from service.errors import HiaError
from service.screening import proposals


@strawberry.type(description="Result of previewScreening.")
class PreviewScreeningPayload:
    preview: ScreeningPreview | None = strawberry.field(description="The outcome submitting would give.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


async def preview_screening(
    info: Info, input: Annotated[CreateProposalInput, strawberry.argument(description="The mutation's input.")]
) -> PreviewScreeningPayload:
    try:
        version, document = await info.context.db(proposals.preview, info.context.principal, proposal_values(input))
    except HiaError as error:
        return PreviewScreeningPayload(preview=None, user_errors=user_errors(error))
    return PreviewScreeningPayload(preview=ScreeningPreview(doc=document, checklist_row=version), user_errors=[])
