"""updateCommitteeMember: change a member's details, specialties, or whether reviews may be assigned."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.review.types import CommitteeMember
from schema.screening.enums import Specialty
from schema.screening.inputs import node_id
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.i18n import _
from service.review import committee


@strawberry.input(description="Changes to a committee member: only the fields given change.")
class UpdateCommitteeMemberInput:
    id: relay.GlobalID = strawberry.field(description="The member's id.")
    name_zh: str | None = strawberry.field(default=None, description="Name as printed in signatures.")
    name_en: str | None = strawberry.field(default=None, description="Name in Latin letters.")
    title_zh: str | None = strawberry.field(default=None, description="Professional title (职称).")
    title_en: str | None = strawberry.field(default=None, description="Professional title in English.")
    affiliation_zh: str | None = strawberry.field(default=None, description="Where the person works.")
    affiliation_en: str | None = strawberry.field(default=None, description="Where the person works, in English.")
    affiliation_department: str | None = strawberry.field(
        default=strawberry.UNSET, description="Code of the department the person works for; null clears it."
    )
    specialties: list[Specialty] | None = strawberry.field(default=None, description="Specialties (replaces them).")
    active: bool | None = strawberry.field(
        default=None, description="False: no new reviews are assigned (open ones stay)."
    )


@strawberry.type(description="Result of updateCommitteeMember.")
class UpdateCommitteeMemberPayload:
    member: CommitteeMember | None = strawberry.field(description="The member as changed.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was changed.")


async def update_committee_member(
    info: Info, input: Annotated[UpdateCommitteeMemberInput, strawberry.argument(description="The mutation's input.")]
) -> UpdateCommitteeMemberPayload:
    department = input.affiliation_department
    details = committee.MemberDetails(
        name_zh=input.name_zh,
        name_en=input.name_en,
        title_zh=input.title_zh,
        title_en=input.title_en,
        affiliation_zh=input.affiliation_zh,
        affiliation_en=input.affiliation_en,
        affiliation_department=department if department is not strawberry.UNSET and department is not None else None,
        specialties=[str(s.value) for s in input.specialties] if input.specialties is not None else None,
        active=input.active,
        clear={"affiliation_department"} if department is None else set(),
    )
    try:
        member_id = node_id(input.id, "CommitteeMember", _("committee member"), ["input", "id"])
        row = await info.context.write(
            Audit("updateCommitteeMember", "CommitteeMember", member_id),
            committee.update_member,
            info.context.principal,
            member_id,
            details,
        )
    except HiaError as error:
        return UpdateCommitteeMemberPayload(member=None, user_errors=user_errors(error))
    return UpdateCommitteeMemberPayload(member=CommitteeMember.from_row(row), user_errors=[])
