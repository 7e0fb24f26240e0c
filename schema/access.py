"""Who is asking (`viewer`) and the audit trail (`auditLog`)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, ClassVar

import strawberry
from strawberry.scalars import JSON

from schema import language
from schema.catalog.types import CatalogNode, Department, Jurisdiction, _load
from schema.context import Info
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from schema.permissions import AUDITORS
from service import audit


@strawberry.enum(description="What a principal may do; roles are scoped to a jurisdiction (except ADMIN).")
class Role(Enum):
    ADMIN = strawberry.enum_value("ADMIN", description="Administers the service everywhere.")
    COMMITTEE_CHAIR = strawberry.enum_value("COMMITTEE_CHAIR", description="Chairs a jurisdiction's expert committee.")
    COMMITTEE_SECRETARY = strawberry.enum_value(
        "COMMITTEE_SECRETARY", description="The committee's secretariat (健评办): screens, assigns, drafts for others."
    )
    EXPERT = strawberry.enum_value("EXPERT", description="An expert member of the committee.")
    DEPARTMENT_OFFICER = strawberry.enum_value(
        "DEPARTMENT_OFFICER", description="Acts for one department: drafts and submits its proposals."
    )
    VIEWER = strawberry.enum_value("VIEWER", description="Reads only (integrators, dashboards).")


@strawberry.type(description="The principal the request acts as.")
class Viewer:
    user: str | None = strawberry.field(description="User name; null when anonymous.")
    role: Role | None = strawberry.field(description="Role of the token; null when anonymous.")
    token_problem: str | None = strawberry.field(description="Why a presented token was not accepted, if it was not.")
    jurisdiction_id: strawberry.Private[int | None]
    department_id: strawberry.Private[int | None]

    @strawberry.field(description="The jurisdiction the role acts for (null: everywhere or anonymous).")
    async def jurisdiction(self, info: Info) -> Jurisdiction | None:
        return Jurisdiction.from_optional(await _load(info, "jurisdiction", self.jurisdiction_id))

    @strawberry.field(description="The department a department officer acts for.")
    async def department(self, info: Info) -> Department | None:
        return Department.from_optional(await _load(info, "department", self.department_id))


@strawberry.type(description="One change of state: who, when, what, and the ids before and after. Append-only.")
class AuditEvent(CatalogNode):
    KIND: ClassVar[str] = "auditEvent"
    at: dt.datetime = strawberry.field(description="When.")
    user: str | None = strawberry.field(description="Who (user name).")
    role: str | None = strawberry.field(description="In which role.")
    token_prefix: str | None = strawberry.field(description="Which token (its prefix; never the token).")
    action: str = strawberry.field(description="The mutation, e.g. `submitProposal`.")
    object_type: str | None = strawberry.field(description="Type of the object changed.")
    before_id: strawberry.ID | None = strawberry.field(description="Global id of the object before (when it existed).")
    after_id: strawberry.ID | None = strawberry.field(description="Global id of the object after.")
    details: JSON = strawberry.field(description="More about the change (e.g. the assessment made).")

    @classmethod
    def from_row(cls, row: Any) -> AuditEvent:
        from strawberry.relay import to_base64

        def gid(value: int | None) -> strawberry.ID | None:
            return strawberry.ID(to_base64(row.object_type, value)) if value is not None and row.object_type else None

        return cls(
            db_id=row.id,
            row=row,
            at=row.at,
            user=row.user_name,
            role=row.role,
            token_prefix=row.token_prefix,
            action=row.action,
            object_type=row.object_type,
            before_id=gid(row.before_id),
            after_id=gid(row.after_id),
            details=row.details,
        )


@strawberry.type
class AccessQuery:
    @strawberry.field(description="Who this request acts as (readable by everyone, anonymous included).")
    def viewer(self, info: Info) -> Viewer:
        p = info.context.principal
        return Viewer(
            user=p.user,
            role=Role(p.role.value) if p.role else None,
            token_problem=language.for_reader(info, p.token_problem) if p.token_problem else None,
            jurisdiction_id=p.jurisdiction_id,
            department_id=p.department_id,
        )

    @strawberry.field(
        description="The audit trail, newest first: the committee's chair and secretary see their jurisdiction's, "
        "administrators all. " + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUDITORS],
    )
    async def audit_log(
        self,
        info: Info,
        actions: Annotated[
            list[str] | None, strawberry.argument(description="Only these actions (mutation names).")
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AuditEvent]:
        page = await info.context.db(
            audit.events, info.context.principal, actions, page_request(first, after, last, before)
        )
        return to_connection(page, AuditEvent.from_row)
