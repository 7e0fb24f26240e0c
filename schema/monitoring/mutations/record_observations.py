"""recordObservations: record measured values of indicators (corrections become new versions)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.monitoring.inputs import RecordObservationsInput
from schema.monitoring.types import Observation
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.monitoring import observations


@strawberry.type(description="Result of recordObservations.")
class RecordObservationsPayload:
    observations: list[Observation] = strawberry.field(
        description="The current version of each value given (new, corrected, or unchanged when it was already so)."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems with the input; nothing was recorded.")


async def record_observations(
    info: Info, input: Annotated[RecordObservationsInput, strawberry.argument(description="The mutation's input.")]
) -> RecordObservationsPayload:
    try:
        items = [item.to_service() for item in input.observations]
        recorded = await info.context.write(
            Audit("recordObservations", "MonitoringBatch", details={"count": len(items)}),
            observations.record,
            info.context.principal,
            items,
            input.idempotency_key,
        )
    except HiaError as error:
        return RecordObservationsPayload(observations=[], user_errors=user_errors(error))
    rows = [*recorded.rows, *recorded.unchanged]
    return RecordObservationsPayload(observations=[Observation.from_row(r) for r in rows], user_errors=[])
