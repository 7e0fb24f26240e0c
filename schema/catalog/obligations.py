"""`Department.obligations`: one department's answer to "what do we lead, co-operate on, answer for"."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.catalog.enums import ResponsibilityRole
from schema.catalog.types import Department, Indicator, Jurisdiction, Responsibility, Target, Task, _load
from schema.context import Info

# A department that leads a task, or answers for it, answers for the indicators the task moves.
_ROLES_THAT_CARRY_INDICATORS = ("LEAD", "RESPONSIBLE")


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
    async def indicator(self, info: Info) -> Indicator:
        return Indicator.from_row(await _load(info, "indicator", self.indicator_id))

    @strawberry.field(description="The jurisdiction in which the department answers for it.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.jurisdiction_id))

    @strawberry.field(description="The tasks through which the department answers for it (empty when only direct).")
    async def via_tasks(self, info: Info) -> list[Task]:
        rows = await info.context.loaders.by_id("task").load_many(self.via_task_ids)
        return [Task.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Targets for the indicator in that jurisdiction.")
    async def targets(self, info: Info) -> list[Target]:
        rows = await info.context.loaders.targets_by_indicator.load((self.indicator_id, self.jurisdiction_id))
        return [Target.from_row(r) for r in rows]


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
        carrying = [r for r in self.rows if r.task_id is not None and r.role in _ROLES_THAT_CARRY_INDICATORS]
        indicator_ids_per_task = await info.context.loaders.indicator_ids_by_task.load_many(
            [r.task_id for r in carrying]
        )
        merged: dict[tuple[int, int], IndicatorObligation] = {}

        def entry(indicator_id: int, jurisdiction_id: int) -> IndicatorObligation:
            key = (indicator_id, jurisdiction_id)
            if key not in merged:
                merged[key] = IndicatorObligation(
                    roles=[], direct=False, indicator_id=indicator_id, jurisdiction_id=jurisdiction_id, via_task_ids=[]
                )
            return merged[key]

        for r in self.rows:
            if r.indicator_id is not None:
                found = entry(r.indicator_id, r.jurisdiction_id)
                found.direct = True
                _add_role(found, r.role)
        for r, indicator_ids in zip(carrying, indicator_ids_per_task, strict=True):
            for indicator_id in indicator_ids:
                found = entry(indicator_id, r.jurisdiction_id)
                _add_role(found, r.role)
                if r.task_id not in found.via_task_ids:
                    found.via_task_ids.append(r.task_id)
        return list(merged.values())


def _add_role(obligation: IndicatorObligation, role: str) -> None:
    value = ResponsibilityRole(role)
    if value not in obligation.roles:
        obligation.roles.append(value)


__all__ = ["DepartmentObligations", "IndicatorObligation"]
