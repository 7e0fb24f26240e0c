"""setTargetStatus: a person's judgement of a text target."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.monitoring.inputs import SetTargetStatusInput
from schema.monitoring.types import TargetStatus
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.monitoring import target_status


@strawberry.type(description="Result of setTargetStatus.")
class SetTargetStatusPayload:
    status: TargetStatus | None = strawberry.field(description="The target's status now, as of the year judged.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was recorded.")


async def set_target_status(
    info: Info, input: Annotated[SetTargetStatusInput, strawberry.argument(description="The mutation's input.")]
) -> SetTargetStatusPayload:
    try:
        recorded = await info.context.write(
            Audit("setTargetStatus", "ManualTargetStatus"),
            target_status.set_status,
            info.context.principal,
            input.target,
            input.status.value,
            input.as_of,
            input.note,
            input.idempotency_key,
        )
    except HiaError as error:
        return SetTargetStatusPayload(status=None, user_errors=user_errors(error))
    row = (recorded.rows or recorded.unchanged)[0]
    computed = await info.context.loaders.target_status.load((row.target_id, input.as_of))
    return SetTargetStatusPayload(status=TargetStatus.of(computed), user_errors=[])
