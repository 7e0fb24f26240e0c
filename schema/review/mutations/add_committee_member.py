"""addCommitteeMember: put a chair, secretary or expert on the committee."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.review.enums import CommitteeRole
from schema.review.types import CommitteeMember
from schema.screening.enums import Specialty
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.review import committee


@strawberry.input(description="A person to put on the committee.")
class AddCommitteeMemberInput:
    jurisdiction: str = strawberry.field(description="Code of the committee's jurisdiction.")
    user: str = strawberry.field(
        description="The user account the person signs in with (created if new; issue its token with `hia token "
        "create --user ...`)."
    )
    role: CommitteeRole = strawberry.field(description="Chair, secretary or expert.")
    name_zh: str = strawberry.field(description="Name as printed in signatures.")
    name_en: str | None = strawberry.field(default=None, description="Name in Latin letters.")
    title_zh: str | None = strawberry.field(default=None, description="Professional title (职称).")
    title_en: str | None = strawberry.field(default=None, description="Professional title in English.")
    affiliation_zh: str | None = strawberry.field(default=None, description="Where the person works, as written.")
    affiliation_en: str | None = strawberry.field(default=None, description="Where the person works, in English.")
    affiliation_department: str | None = strawberry.field(
        default=None,
        description="Code of the jurisdiction's department the person works for, if any (conflict of interest).",
    )
    specialties: list[Specialty] | None = strawberry.field(
        default=None, description="Specialties (an expert needs at least one)."
    )
    idempotency_key: str | None = idempotency_key_field("the membership the first call made")


@strawberry.type(description="Result of addCommitteeMember.")
class AddCommitteeMemberPayload:
    member: CommitteeMember | None = strawberry.field(description="The new member.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was stored.")


async def add_committee_member(
    info: Info, input: Annotated[AddCommitteeMemberInput, strawberry.argument(description="The mutation's input.")]
) -> AddCommitteeMemberPayload:
    details = committee.MemberDetails(
        name_zh=input.name_zh,
        name_en=input.name_en,
        title_zh=input.title_zh,
        title_en=input.title_en,
        affiliation_zh=input.affiliation_zh,
        affiliation_en=input.affiliation_en,
        affiliation_department=input.affiliation_department,
        specialties=[str(s.value) for s in input.specialties] if input.specialties is not None else None,
    )
    try:
        row = await info.context.write(
            Audit("addCommitteeMember", "CommitteeMember"),
            committee.add_member,
            info.context.principal,
            input.jurisdiction,
            input.user,
            input.role.value,
            details,
            input.idempotency_key,
        )
    except HiaError as error:
        return AddCommitteeMemberPayload(member=None, user_errors=user_errors(error))
    return AddCommitteeMemberPayload(member=CommitteeMember.from_row(row), user_errors=[])
