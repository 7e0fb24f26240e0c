"""acceptSuggestions: make the document's suggestions answers, question by question (or all at once)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.intake.types import SuggestionConfidence
from schema.screening.inputs import proposal_id
from schema.screening.mutations.update_proposal import UpdateProposalPayload
from schema.screening.types import Proposal
from schema.user_errors import user_errors
from service.audit import Audit
from service.errors import HiaError
from service.intake import drafting


@strawberry.enum(description="A proposal field a document can suggest beside the answers.")
class SuggestableField(Enum):
    INVESTMENT_YUAN = strawberry.enum_value("investment_yuan", description="Total investment (总投资), in yuan.")
    PLACES = strawberry.enum_value("places", description="The towns and streets (镇/街道) the text names.")


@strawberry.input(description="Which suggestions of a draft's document to accept as its answers.")
class AcceptSuggestionsInput:
    id: relay.GlobalID = strawberry.field(description="The draft proposal.")
    questions: list[str] | None = strawberry.field(
        default=None,
        description="Ids of the questions whose suggested answers to accept; every suggested question when omitted. "
        "An answer already given is replaced by the suggestion.",
    )
    minimum_confidence: SuggestionConfidence | None = strawberry.field(
        default=None,
        description="With `questions` omitted: accept only the suggestions at least this sure (HIGH: the HIGH ones; "
        "MEDIUM: HIGH and MEDIUM), leaving the rest to be checked one by one. Not given with `questions`.",
    )
    fields: list[SuggestableField] = strawberry.field(
        default_factory=list, description="Suggested proposal fields to accept as well."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="The version you read; refused with CONFLICT if it changed since."
    )


async def accept_suggestions(
    info: Info, input: Annotated[AcceptSuggestionsInput, strawberry.argument(description="The mutation's input.")]
) -> UpdateProposalPayload:
    try:
        target = proposal_id(input.id, ["input", "id"])
        row = await info.context.write(
            Audit("acceptSuggestions", "Proposal", target),
            drafting.accept,
            info.context.principal,
            target,
            input.questions,
            [f.value for f in input.fields],
            input.expected_version,
            input.minimum_confidence.value if input.minimum_confidence else None,
        )
    except HiaError as error:
        return UpdateProposalPayload(proposal=None, user_errors=user_errors(error))
    return UpdateProposalPayload(proposal=Proposal.from_row(row), user_errors=[])
