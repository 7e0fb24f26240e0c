"""correctObservation: a new version of one observation, with the reason."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.monitoring.inputs import CorrectObservationInput, observation_id
from schema.monitoring.types import Observation
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.monitoring import observations


@strawberry.type(description="Result of correctObservation.")
class CorrectObservationPayload:
    observation: Observation | None = strawberry.field(description="The new current version (see its `history`).")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def correct_observation(
    info: Info, input: Annotated[CorrectObservationInput, strawberry.argument(description="The mutation's input.")]
) -> CorrectObservationPayload:
    try:
        target = observation_id(input.id)
        row = await info.context.write(
            Audit("correctObservation", "Observation", target),
            observations.correct,
            info.context.principal,
            target,
            input.value,
            input.value_text,
            input.reason,
            input.expected_version,
            input.idempotency_key,
        )
    except HiaError as error:
        return CorrectObservationPayload(observation=None, user_errors=user_errors(error))
    return CorrectObservationPayload(observation=Observation.from_row(row), user_errors=[])
