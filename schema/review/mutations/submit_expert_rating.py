"""submitExpertRating: an expert of the round's panel rates the ten questions of the national form, independently."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.rating_types import ExpertRating
from schema.screening.enums import ImpactDegree, Tristate
from schema.screening.inputs import proposal_id
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import ratings


@strawberry.input(description="An expert's answer to one question of the national form.")
class QuestionRatingInput:
    number: int = strawberry.field(description="The question's number on the national form, 1 to 10.")
    answer: Tristate = strawberry.field(description="是 (YES), 不知道 (UNKNOWN) or 否 (NO).")
    comment: str | None = strawberry.field(default=None, description="Why (at most 2,000 characters).")


@strawberry.input(description="An expert's independent rating of a proposal's current screening round.")
class SubmitExpertRatingInput:
    proposal: relay.GlobalID = strawberry.field(description="The proposal's id.")
    answers: list[QuestionRatingInput] = strawberry.field(description="All ten questions, each once.")
    proposed_degree: ImpactDegree = strawberry.field(description="The degree of health impact the expert proposes.")
    comment: str | None = strawberry.field(default=None, description="An overall comment (at most 2,000 characters).")
    idempotency_key: str | None = idempotency_key_field("the rating the first call recorded")


@strawberry.type(description="Result of submitExpertRating.")
class SubmitExpertRatingPayload:
    rating: ExpertRating | None = strawberry.field(description="The rating, as recorded.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def submit_expert_rating(
    info: Info, input: Annotated[SubmitExpertRatingInput, strawberry.argument(description="The mutation's input.")]
) -> SubmitExpertRatingPayload:
    try:
        target = proposal_id(input.proposal, ["input", "proposal"])
        draft = ratings.RatingDraft(
            answers=tuple(
                ratings.QuestionRating(number=a.number, answer=a.answer.name, comment=a.comment) for a in input.answers
            ),
            proposed_degree=input.proposed_degree.name,
            comment=input.comment,
        )
        row = await info.context.write(
            Audit("submitExpertRating", "ExpertRating", details={"proposalId": target}),
            ratings.submit,
            info.context.principal,
            target,
            draft,
            input.idempotency_key,
        )
    except HiaError as error:
        return SubmitExpertRatingPayload(rating=None, user_errors=user_errors(error))
    return SubmitExpertRatingPayload(rating=ExpertRating.from_row(row), user_errors=[])
