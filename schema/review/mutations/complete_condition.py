"""completeCondition: the responsible department records a condition as done, with evidence."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.types import ReviewCondition
from schema.screening.inputs import node_id
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import conditions


@strawberry.input(description="Record an adopted condition as done.")
class CompleteConditionInput:
    id: relay.GlobalID = strawberry.field(description="The condition's id.")
    evidence: str = strawberry.field(description="What was done and where the proof is (required).")
    expected_version: int | None = strawberry.field(
        default=None, description="The condition `version` you read; refused if it changed since."
    )


@strawberry.type(description="Result of completeCondition.")
class CompleteConditionPayload:
    condition: ReviewCondition | None = strawberry.field(description="The condition, now DONE.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def complete_condition(
    info: Info, input: Annotated[CompleteConditionInput, strawberry.argument(description="The mutation's input.")]
) -> CompleteConditionPayload:
    try:
        condition_id = node_id(input.id, "ReviewCondition", _("condition"), ["input", "id"])
        row = await info.context.write(
            Audit("completeCondition", "ReviewCondition", condition_id),
            conditions.complete,
            info.context.principal,
            condition_id,
            input.evidence,
            input.expected_version,
        )
    except HiaError as error:
        return CompleteConditionPayload(condition=None, user_errors=user_errors(error))
    return CompleteConditionPayload(condition=ReviewCondition.from_row(row), user_errors=[])
