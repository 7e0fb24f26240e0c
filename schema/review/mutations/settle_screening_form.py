"""settleScreeningForm: the chair settles the committee's ten answers of the national form and its degree."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.rating_types import CommitteeForm
from schema.screening.enums import ImpactDegree, Tristate
from schema.screening.inputs import proposal_id
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import committee_form


@strawberry.input(description="The committee's answer to one question of the national form.")
class CommitteeFormAnswerInput:
    number: int = strawberry.field(description="The question's number on the national form, 1 to 10.")
    answer: Tristate = strawberry.field(description="是 (YES), 不知道 (UNKNOWN) or 否 (NO).")
    reason: str | None = strawberry.field(
        default=None, description="Why, where the answer differs from the screening's (then required)."
    )


@strawberry.input(description="The committee's national form of a proposal's current round.")
class SettleScreeningFormInput:
    proposal: relay.GlobalID = strawberry.field(description="The proposal's id.")
    answers: list[CommitteeFormAnswerInput] = strawberry.field(description="All ten questions, each once.")
    degree: ImpactDegree = strawberry.field(description="The committee's degree of health impact.")
    degree_reason: str | None = strawberry.field(
        default=None, description="Why, where the degree differs from the screening's (then required)."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="The proposal `version` you read; refused if it changed since."
    )
    idempotency_key: str | None = idempotency_key_field("the form the first call settled")


@strawberry.type(description="Result of settleScreeningForm.")
class SettleScreeningFormPayload:
    form: CommitteeForm | None = strawberry.field(description="The settled form.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def settle_screening_form(
    info: Info, input: Annotated[SettleScreeningFormInput, strawberry.argument(description="The mutation's input.")]
) -> SettleScreeningFormPayload:
    try:
        target = proposal_id(input.proposal, ["input", "proposal"])
        draft = committee_form.FormDraft(
            answers=tuple(
                committee_form.FormAnswer(number=a.number, answer=a.answer.name, reason=a.reason) for a in input.answers
            ),
            degree=input.degree.name,
            degree_reason=input.degree_reason,
        )
        row = await info.context.write(
            Audit("settleScreeningForm", "CommitteeForm", details={"proposalId": target}),
            committee_form.settle,
            info.context.principal,
            target,
            draft,
            input.expected_version,
            input.idempotency_key,
        )
    except HiaError as error:
        return SettleScreeningFormPayload(form=None, user_errors=user_errors(error))
    return SettleScreeningFormPayload(form=CommitteeForm.from_row(row), user_errors=[])
