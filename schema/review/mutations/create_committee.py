"""createCommittee: set up a jurisdiction's expert committee (one per jurisdiction)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.review.types import Committee
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import committee


@strawberry.input(description="Set up a jurisdiction's health impact assessment expert committee.")
class CreateCommitteeInput:
    jurisdiction: str = strawberry.field(description="Code of the jurisdiction; it has at most one committee.")
    name_zh: str | None = strawberry.field(
        default=None, description="Name in Chinese; default `<jurisdiction>健康影响评价专家委员会`."
    )
    name_en: str | None = strawberry.field(default=None, description="Name in English.")


@strawberry.type(description="Result of createCommittee.")
class CreateCommitteePayload:
    committee: Committee | None = strawberry.field(description="The committee (the existing one if it was set up).")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def create_committee(
    info: Info, input: Annotated[CreateCommitteeInput, strawberry.argument(description="The mutation's input.")]
) -> CreateCommitteePayload:
    try:
        row = await info.context.write(
            Audit("createCommittee", "Committee"),
            committee.create,
            info.context.principal,
            input.jurisdiction,
            input.name_zh,
            input.name_en,
        )
    except HiaError as error:
        return CreateCommitteePayload(committee=None, user_errors=user_errors(error))
    return CreateCommitteePayload(committee=Committee.from_row(row), user_errors=[])
