"""Root query fields of the catalog."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.catalog.arguments import (
    DepartmentCode,
    DepartmentOrdering,
    FrameworkCode,
    IndicatorCode,
    JurisdictionCode,
    PlanCode,
    PortfolioCode,
    SourceOrdering,
    TaskCode,
    WorkingGroupCode,
    filter_argument,
)
from schema.catalog.enums import DepartmentOrder, SourceOrder
from schema.catalog.inputs import (
    DepartmentFilter,
    IndicatorFilter,
    IndicatorFrameworkFilter,
    JurisdictionFilter,
    TaskFilter,
    WorkingGroupFilter,
    checked_search,
    values,
)
from schema.catalog.types import (
    Department,
    Indicator,
    IndicatorFramework,
    Jurisdiction,
    Plan,
    Portfolio,
    Task,
    WorkingGroup,
)
from schema.context import Info
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from service.catalog import reads


def _one(code: str | None) -> list[str] | None:
    return None if code is None else [code]


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="Jurisdictions by code. " + PAGE_ARGUMENTS_HELP)
    async def jurisdictions(
        self,
        info: Info,
        filter: Annotated[JurisdictionFilter | None, filter_argument("list")] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Jurisdiction]:
        f = filter or JurisdictionFilter()
        query = reads.JurisdictionQuery(f.parent, values(f.levels), f.top_level_only, checked_search(f.search))
        page = await info.context.db(reads.jurisdictions, query, page_request(first, after, last, before))
        return to_connection(page, Jurisdiction.from_row)

    @strawberry.field(description="One jurisdiction by its code (e.g. `wuzhong`); null when no jurisdiction has it.")
    async def jurisdiction(self, info: Info, code: JurisdictionCode) -> Jurisdiction | None:
        return Jurisdiction.from_optional(await info.context.loaders.by_code("jurisdiction").load(code))

    @strawberry.field(description="Departments and other units. " + PAGE_ARGUMENTS_HELP)
    async def departments(
        self,
        info: Info,
        filter: Annotated[DepartmentFilter | None, filter_argument("list")] = None,
        order_by: DepartmentOrdering = DepartmentOrder.CODE,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Department]:
        f = filter or DepartmentFilter()
        query = reads.DepartmentQuery(
            jurisdictions=_one(f.jurisdiction),
            portfolios=_one(f.portfolio),
            kinds=values(f.kinds),
            search=checked_search(f.search),
            order="department.code" if order_by is DepartmentOrder.CODE else "department.name",
        )
        page = await info.context.db(reads.departments, query, page_request(first, after, last, before))
        return to_connection(page, Department.from_row)

    @strawberry.field(description="One department by its code; null when no department has it.")
    async def department(self, info: Info, code: DepartmentCode) -> Department | None:
        return Department.from_optional(await info.context.loaders.by_code("department").load(code))

    @strawberry.field(
        description="The fixed vocabulary of government functions, in its own order. " + PAGE_ARGUMENTS_HELP
    )
    async def portfolios(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Portfolio]:
        page = await info.context.db(reads.portfolios, page_request(first, after, last, before))
        return to_connection(page, Portfolio.from_row)

    @strawberry.field(description="One portfolio by its code (e.g. `health`); null when unknown.")
    async def portfolio(self, info: Info, code: PortfolioCode) -> Portfolio | None:
        return Portfolio.from_optional(await info.context.loaders.by_code("portfolio").load(code))

    @strawberry.field(description="Indicator frameworks and scored lists. " + PAGE_ARGUMENTS_HELP)
    async def indicator_frameworks(
        self,
        info: Info,
        filter: Annotated[IndicatorFrameworkFilter | None, filter_argument("list")] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[IndicatorFramework]:
        f = filter or IndicatorFrameworkFilter()
        query = reads.FrameworkQuery(f.jurisdiction, values(f.kinds), checked_search(f.search))
        page = await info.context.db(reads.frameworks, query, page_request(first, after, last, before))
        return to_connection(page, IndicatorFramework.from_row)

    @strawberry.field(description="One indicator framework by its code; null when unknown.")
    async def indicator_framework(self, info: Info, code: FrameworkCode) -> IndicatorFramework | None:
        return IndicatorFramework.from_optional(await info.context.loaders.by_code("framework").load(code))

    @strawberry.field(description="Indicators of all frameworks. " + PAGE_ARGUMENTS_HELP)
    async def indicators(
        self,
        info: Info,
        filter: Annotated[IndicatorFilter | None, filter_argument("list")] = None,
        order_by: SourceOrdering = SourceOrder.SOURCE,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Indicator]:
        f = filter or IndicatorFilter()
        query = reads.IndicatorQuery(
            frameworks=_one(f.framework),
            dimensions=_one(f.dimension),
            jurisdictions=_one(f.jurisdiction),
            departments=_one(f.department),
            roles=values(f.roles),
            search=checked_search(f.search),
            order="indicator.source" if order_by is SourceOrder.SOURCE else "indicator.code",
        )
        page = await info.context.db(reads.indicators, query, page_request(first, after, last, before))
        return to_connection(page, Indicator.from_row)

    @strawberry.field(description="One indicator by its code (e.g. `CN2018-39`); null when unknown.")
    async def indicator(self, info: Info, code: IndicatorCode) -> Indicator | None:
        return Indicator.from_optional(await info.context.loaders.by_code("indicator").load(code))

    @strawberry.field(description="Tasks, key areas and milestones of all plans. " + PAGE_ARGUMENTS_HELP)
    async def tasks(
        self,
        info: Info,
        filter: Annotated[TaskFilter | None, filter_argument("list")] = None,
        order_by: SourceOrdering = SourceOrder.SOURCE,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Task]:
        f = filter or TaskFilter()
        query = reads.TaskQuery(
            jurisdictions=_one(f.jurisdiction),
            plans=_one(f.plan),
            working_groups=_one(f.working_group),
            departments=_one(f.department),
            roles=values(f.roles),
            kinds=values(f.kinds),
            year=f.year,
            search=checked_search(f.search),
            order="task.source" if order_by is SourceOrder.SOURCE else "task.code",
        )
        page = await info.context.db(reads.tasks, query, page_request(first, after, last, before))
        return to_connection(page, Task.from_row)

    @strawberry.field(description="One task by its code; null when unknown.")
    async def task(self, info: Info, code: TaskCode) -> Task | None:
        return Task.from_optional(await info.context.loaders.by_code("task").load(code))

    @strawberry.field(description="Working groups, command headquarters, leading groups. " + PAGE_ARGUMENTS_HELP)
    async def working_groups(
        self,
        info: Info,
        filter: Annotated[WorkingGroupFilter | None, filter_argument("list")] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WorkingGroup]:
        f = filter or WorkingGroupFilter()
        query = reads.WorkingGroupQuery(
            jurisdictions=_one(f.jurisdiction),
            plans=_one(f.plan),
            departments=_one(f.department),
            roles=values(f.roles),
            kinds=values(f.kinds),
            search=checked_search(f.search),
        )
        page = await info.context.db(reads.working_groups, query, page_request(first, after, last, before))
        return to_connection(page, WorkingGroup.from_row)

    @strawberry.field(description="One working group by its code; null when unknown.")
    async def working_group(self, info: Info, code: WorkingGroupCode) -> WorkingGroup | None:
        return WorkingGroup.from_optional(await info.context.loaders.by_code("workingGroup").load(code))

    @strawberry.field(description="One plan by its code (e.g. `shangzhou-2022`); null when unknown.")
    async def plan(self, info: Info, code: PlanCode) -> Plan | None:
        return Plan.from_optional(await info.context.loaders.by_code("plan").load(code))
