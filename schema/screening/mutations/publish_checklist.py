"""publishChecklist: the committee publishes a new checklist version."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.screening.types import Checklist
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.screening import checklists


@strawberry.input(description="A checklist to publish as a new version.")
class PublishChecklistInput:
    yaml: str = strawberry.field(description="The checklist in YAML (the format of hia_rules/checklists).")
    idempotency_key: str | None = idempotency_key_field(
        "the version the first call published (the same content is that version anyway)"
    )


@strawberry.type(description="Result of publishChecklist.")
class PublishChecklistPayload:
    checklist: Checklist | None = strawberry.field(description="The published version (existing if identical).")
    user_errors: list[UserError] = strawberry.field(description="Every problem, with its path in the YAML.")


async def publish_checklist(
    info: Info, input: Annotated[PublishChecklistInput, strawberry.argument(description="The mutation's input.")]
) -> PublishChecklistPayload:
    try:
        row = await info.context.write(
            Audit("publishChecklist", "Checklist"),
            checklists.publish_by,
            info.context.principal,
            input.yaml,
            input.idempotency_key,
        )
    except HiaError as error:
        return PublishChecklistPayload(checklist=None, user_errors=user_errors(error))
    return PublishChecklistPayload(checklist=Checklist.from_row(row), user_errors=[])
