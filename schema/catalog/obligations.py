"""`Department.obligations`: one department's answer to "what do we lead, co-operate on, answer for"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from schema.catalog.enums import ResponsibilityRole
from schema.catalog.types import (
    AsOf,
    Department,
    Indicator,
    Jurisdiction,
    Responsibility,
    Target,
    Task,
    _load,
    targets_from_rows,
)
from schema.context import Info
from schema.lookahead import asks_for, now_or_later
from schema.monitoring.enums import TargetStatusValue
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from schema.permissions import AUTHENTICATED
from service.catalog import obligations

if TYPE_CHECKING:
    from schema.review.types import ReviewCondition

ReviewConditionRef = Annotated["ReviewCondition", strawberry.lazy("schema.review.types")]


@strawberry.type(
    description="An indicator a department answers for in a jurisdiction, directly (责任单位) or "
    "through tasks it leads or is responsible for, with the targets set for it there."
)
class IndicatorObligation:
    roles: list[ResponsibilityRole] = strawberry.field(description="The department's roles that make it answer.")
    direct: bool = strawberry.field(description="True when a plan names the department for the indicator itself.")
    indicator_id: strawberry.Private[int]
    jurisdiction_id: strawberry.Private[int]
    via_task_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The indicator.")
    def indicator(self, info: Info) -> Indicator:
        # synchronous where `DepartmentObligations.indicators` loaded the indicators ahead
        result: Indicator = now_or_later(info.context.loaders.by_id("indicator"), self.indicator_id, Indicator.from_row)
        return result

    @strawberry.field(description="The jurisdiction in which the department answers for it.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.jurisdiction_id))

    @strawberry.field(description="The tasks through which the department answers for it (empty when only direct).")
    async def via_tasks(self, info: Info) -> list[Task]:
        rows = await info.context.loaders.by_id("task").load_many(self.via_task_ids)
        return [Task.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Targets for the indicator in that jurisdiction (each with its `status`).")
    def targets(self, info: Info) -> list[Target]:
        # synchronous where `DepartmentObligations.indicators` loaded the targets ahead
        key = (self.indicator_id, self.jurisdiction_id)
        result: list[Target] = now_or_later(info.context.loaders.targets_by_indicator, key, targets_from_rows)
        return result

    @strawberry.field(
        description="The worst status of its targets there as of a year (MISSED, AT_RISK, NO_DATA, ON_TRACK, MET "
        "in that order): is the department on track? NO_DATA when there is no target."
    )
    async def worst_status(self, info: Info, as_of: AsOf = None) -> TargetStatusValue:
        from schema.monitoring import fields

        rows = await info.context.loaders.targets_by_indicator.load((self.indicator_id, self.jurisdiction_id))
        return await fields.worst_status(info, rows, as_of)


@strawberry.type(description="Everything a department answers for, from every plan that names it.")
class DepartmentObligations:
    year: int | None = strawberry.field(description="The year the obligations were narrowed to, if any.")
    department_id: strawberry.Private[int]
    rows: strawberry.Private[list[Any]]

    def _with_role(self, role: str) -> list[Responsibility]:
        return [Responsibility.from_row(r) for r in self.rows if r.role == role and r.indicator_id is None]

    @strawberry.field(description="The department.")
    async def department(self, info: Info) -> Department:
        return Department.from_row(await _load(info, "department", self.department_id))

    @strawberry.field(description="Tasks and working groups it leads (牵头).")
    def leads(self) -> list[Responsibility]:
        return self._with_role("LEAD")

    @strawberry.field(description="Tasks and working groups it co-operates on or participates in (配合/参加).")
    def cooperates_on(self) -> list[Responsibility]:
        return self._with_role("COOPERATING")

    @strawberry.field(description="Tasks and working groups it is a responsible unit of (责任单位).")
    def responsible_for(self) -> list[Responsibility]:
        return self._with_role("RESPONSIBLE")

    @strawberry.field(description="Indicators it answers for, each with its targets.")
    async def indicators(self, info: Info) -> list[IndicatorObligation]:
        loaders = info.context.loaders
        carrying = obligations.tasks_carrying_indicators(self.rows)
        per_task = await loaders.indicator_ids_by_task.load_many([r.task_id for r in carrying])
        duties = obligations.indicator_duties(self.rows, carrying, per_task)
        # every department's indicators and targets in one batch each, so each obligation answers at once
        if asks_for(info, ("indicator",)):
            await loaders.load_ahead("indicator", [duty.indicator_id for duty in duties])
        if asks_for(info, ("targets",)):
            await loaders.load_ahead("targets_by_indicator", [(d.indicator_id, d.jurisdiction_id) for d in duties])
        return [
            IndicatorObligation(
                roles=[ResponsibilityRole(role) for role in duty.roles],
                direct=duty.direct,
                indicator_id=duty.indicator_id,
                jurisdiction_id=duty.jurisdiction_id,
                via_task_ids=duty.via_task_ids,
            )
            for duty in duties
        ]

    @strawberry.field(
        description="Conditions of concluded reviews the department answers for (open and done), soonest due first, "
        "on proposals the caller may see. Needs a token: proposals are not public. " + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUTHENTICATED],
    )
    async def conditions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ReviewConditionRef]:
        from schema.review.types import ReviewCondition

        request = page_request(first, after, last, before)
        page = await info.context.loaders.condition_pages_of_department.load((self.department_id, request))
        return to_connection(page, ReviewCondition.from_row)


__all__ = ["DepartmentObligations", "IndicatorObligation"]
