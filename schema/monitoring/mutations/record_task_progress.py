"""recordTaskProgress: report how far plan tasks have come."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.monitoring.inputs import RecordTaskProgressInput
from schema.monitoring.types import TaskProgressReport
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.monitoring import progress


@strawberry.type(description="Result of recordTaskProgress.")
class RecordTaskProgressPayload:
    reports: list[TaskProgressReport] = strawberry.field(description="The current version of each report given.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input; nothing was recorded.")


async def record_task_progress(
    info: Info, input: Annotated[RecordTaskProgressInput, strawberry.argument(description="The mutation's input.")]
) -> RecordTaskProgressPayload:
    try:
        items = [item.to_service() for item in input.reports]
        recorded = await info.context.write(
            Audit("recordTaskProgress", "MonitoringBatch", details={"count": len(items)}),
            progress.record,
            info.context.principal,
            items,
            input.idempotency_key,
        )
    except HiaError as error:
        return RecordTaskProgressPayload(reports=[], user_errors=user_errors(error))
    rows = [*recorded.rows, *recorded.unchanged]
    return RecordTaskProgressPayload(reports=[TaskProgressReport.from_row(r) for r in rows], user_errors=[])
