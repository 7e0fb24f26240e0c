"""GraphQL types of the catalog. Each wraps one database row (kept private) and resolves relations
through the request's DataLoaders, so nesting never multiplies SQL statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar

import strawberry
from strawberry import relay

from schema.catalog.arguments import JurisdictionCode, NameLanguage, OptionalJurisdictionCode, PortfolioCode, Year
from schema.catalog.enums import (
    Comparator,
    DepartmentKind,
    Direction,
    FrameworkKind,
    JurisdictionLevel,
    Language,
    ResponsibilityRole,
    TargetAttribute,
    TaskKind,
    WorkingGroupKind,
)
from schema.context import Info
from schema.lookahead import asks_for, now_or_later
from schema.monitoring.enums import STATUS_RULE, ChartFormat, Frequency
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from service.ids import database_id

if TYPE_CHECKING:
    from schema.monitoring.types import Observation, TargetStatus, TaskProgressReport

N = TypeVar("N", bound="CatalogNode")
# Monitoring types refer to these catalog types; referring back to them lazily breaks the import cycle.
MONITORING = "schema.monitoring.types"
LazyObservation = Annotated["Observation", strawberry.lazy(MONITORING)]
LazyTargetStatus = Annotated["TargetStatus", strawberry.lazy(MONITORING)]
LazyProgress = Annotated["TaskProgressReport", strawberry.lazy(MONITORING)]
AsOf = Annotated[
    int | None, strawberry.argument(description="The year to judge the status as of; the current year when omitted.")
]


@strawberry.type(description="Internal base of catalog nodes; not part of the schema.")
class CatalogNode(relay.Node):
    """Shared plumbing: a node built from a database row of kind `KIND`."""

    KIND: ClassVar[str]
    db_id: relay.NodeID[int]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls: type[N], row: Any) -> N:
        raise NotImplementedError

    @classmethod
    def from_optional(cls: type[N], row: Any | None) -> N | None:
        return None if row is None else cls.from_row(row)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        ids = [database_id(node_id) for node_id in node_ids]
        loader = info.context.loaders.by_id(cls.KIND)
        rows = await loader.load_many([i for i in ids if i is not None])
        found = iter(rows)
        return [cls.from_optional(next(found)) if i is not None else None for i in ids]


@strawberry.interface(description="Anything with a bilingual name: Chinese as printed in the source, and English.")
class Named:
    name_zh: str = strawberry.field(description="Name in Chinese, exactly as printed in the source plan.")
    name_en: str = strawberry.field(description="Name in English.")

    @strawberry.field(description="The name in the requested language (Chinese, the source text, by default).")
    def name(self, language: NameLanguage = Language.ZH) -> str:
        return self.name_zh if language is Language.ZH else self.name_en


@strawberry.type(description="Where a record was transcribed from: the source plan and the place in it.")
class Source:
    seed_file: str = strawberry.field(description="File name of the source plan's text in the project's seeds.")
    section: str | None = strawberry.field(
        description="Section, table, annex or item of the source (e.g. `附件2 第31项`, `三、(二)4`)."
    )

    @strawberry.field(description="The plan transcribed from that source document.")
    async def plan(self, info: Info) -> Plan | None:
        return Plan.from_optional(await info.context.loaders.plan_by_seed.load(self.seed_file))


def _source(row: Any) -> Source:
    return Source(seed_file=row.source_seed, section=row.source_section)


def targets_from_rows(rows: Iterable[Any]) -> list[Target]:
    return [Target.from_row(r) for r in rows]


# The lists of `DepartmentObligations` that hold responsibilities (their `task` is loaded ahead).
ROLE_LISTS = ("leads", "cooperatesOn", "responsibleFor")


async def _load(info: Info, kind: str, db_id: int | None) -> Any:
    return None if db_id is None else await info.context.loaders.by_id(kind).load(db_id)


def _row_now_or_later(info: Info, kind: str, db_id: int | None, build: Callable[[Any], Any]) -> Any:
    """`now_or_later` for row `db_id` of `kind` (None: no row)."""
    return build(None) if db_id is None else now_or_later(info.context.loaders.by_id(kind), db_id, build)


@strawberry.type(
    description="A government function (职能领域), e.g. health or transport. Screening rules name "
    "portfolios; each jurisdiction maps its own departments to them."
)
class Portfolio(CatalogNode, Named):
    KIND: ClassVar[str] = "portfolio"
    code: str = strawberry.field(description="Stable code, e.g. `ecology-environment`.")
    description_en: str | None = strawberry.field(description="What the function covers, with typical Chinese names.")

    @classmethod
    def from_row(cls, row: Any) -> Portfolio:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            description_en=row.description_en,
        )

    @strawberry.field(description="The departments of a jurisdiction that hold this function.")
    async def departments(self, info: Info, jurisdiction: JurisdictionCode) -> list[Department]:
        place = await info.context.loaders.by_code("jurisdiction").load(jurisdiction)
        if place is None:
            return []
        rows = await info.context.loaders.departments_by_portfolio.load((self.db_id, place.id))
        return [Department.from_row(r) for r in rows]


@strawberry.type(description="A city, district, county, town or street (行政区划) with its plans and departments.")
class Jurisdiction(CatalogNode, Named):
    KIND: ClassVar[str] = "jurisdiction"
    code: str = strawberry.field(description="Stable code, e.g. `wuzhong` or `panzhihua.renhe`.")
    level: JurisdictionLevel = strawberry.field(description="Administrative level.")
    parent_name_zh: str | None = strawberry.field(
        description="The higher level as the source names it, also when it is not in the catalog (e.g. 苏州市)."
    )
    parent_name_en: str | None = strawberry.field(
        description="The higher level in English (the catalog's translation: the source prints Chinese only)."
    )

    @strawberry.field(description="Where this jurisdiction is named.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Jurisdiction:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            level=JurisdictionLevel(row.level),
            parent_name_zh=row.parent_name_zh,
            parent_name_en=row.parent_name_en,
        )

    @strawberry.field(description="The jurisdiction this one belongs to, when it is in the catalog.")
    async def parent(self, info: Info) -> Jurisdiction | None:
        return Jurisdiction.from_optional(await _load(info, "jurisdiction", self.row.parent_id))

    @strawberry.field(description="Sub-jurisdictions the plans name (districts of a city, towns and streets).")
    async def children(self, info: Info) -> list[Jurisdiction]:
        return [Jurisdiction.from_row(r) for r in await info.context.loaders.jurisdiction_children.load(self.db_id)]

    @strawberry.field(description="Plans of this jurisdiction, oldest first.")
    async def plans(self, info: Info) -> list[Plan]:
        return [Plan.from_row(r) for r in await info.context.loaders.plans_by_jurisdiction.load(self.db_id)]

    @strawberry.field(description="Departments and other units of this jurisdiction, by code. " + PAGE_ARGUMENTS_HELP)
    async def departments(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Department]:
        page = await info.context.loaders.department_pages.load((self.db_id, page_request(first, after, last, before)))
        return to_connection(page, Department.from_row)

    @strawberry.field(description="How this jurisdiction resolves a portfolio: its departments holding that function.")
    async def departments_for_portfolio(self, info: Info, portfolio: PortfolioCode) -> list[Department]:
        found = await info.context.loaders.by_code("portfolio").load(portfolio)
        if found is None:
            return []
        rows = await info.context.loaders.departments_by_portfolio.load((found.id, self.db_id))
        return [Department.from_row(r) for r in rows]


@strawberry.type(
    description="A department or other unit (部门/单位) that plans make lead, co-operating or responsible."
)
class Department(CatalogNode, Named):
    KIND: ClassVar[str] = "department"
    code: str = strawberry.field(description="Stable code, e.g. `shangzhou.health-bureau`.")
    kind: DepartmentKind = strawberry.field(description="What kind of body it is.")

    @strawberry.field(description="Where the unit is first named.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Department:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            kind=DepartmentKind(row.kind),
        )

    @strawberry.field(
        description="Other names of this unit in the sources: short forms and former names "
        "(e.g. 卫生计生委 for today's 卫健委)."
    )
    async def aliases(self, info: Info) -> list[str]:
        names = await info.context.loaders.names_by_department.load(self.db_id)
        return [n.name_zh for n in names if not n.is_primary]

    @strawberry.field(description="The jurisdiction whose plans name this unit.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="For the government of a sub-jurisdiction: the jurisdiction it governs.")
    async def governs(self, info: Info) -> Jurisdiction | None:
        return Jurisdiction.from_optional(await _load(info, "jurisdiction", self.row.governs_jurisdiction_id))

    @strawberry.field(description="The government functions this unit holds.")
    async def portfolios(self, info: Info) -> list[Portfolio]:
        return [Portfolio.from_row(r) for r in await info.context.loaders.portfolios_by_department.load(self.db_id)]

    @strawberry.field(
        description="What this department answers for: tasks it leads or co-operates on, working "
        "groups, and indicators with their targets. `year` keeps only tasks in force that year."
    )
    async def obligations(self, info: Info, year: Year = None) -> DepartmentObligations:
        rows = await info.context.loaders.obligations.load((self.db_id, year))
        if asks_for(info, ROLE_LISTS, ("task",)):
            # every department's tasks (and their targets) in one batch each, so each responsibility's `task`
            # answers at once
            task_ids = [r.task_id for r in rows if r.task_id is not None]
            await info.context.loaders.load_ahead("task", task_ids)
            if asks_for(info, ROLE_LISTS, ("task",), ("targets",)):
                await info.context.loaders.load_ahead("targets_by_task", task_ids)
        return DepartmentObligations(department_id=self.db_id, year=year, rows=rows)


@strawberry.type(description="A plan (规划/实施方案) of a jurisdiction, with its period and phases.")
class Plan(CatalogNode):
    KIND: ClassVar[str] = "plan"
    code: str = strawberry.field(description="Stable code, e.g. `shangzhou-2022`.")
    title_zh: str = strawberry.field(description="Title as printed.")
    title_en: str = strawberry.field(description="Title in English.")
    document_number: str | None = strawberry.field(description="Document number (文号) as printed.")
    issued_by_zh: str | None = strawberry.field(description="Issuing office as printed.")
    issued_by_en: str | None = strawberry.field(
        description="Issuing office in English (the catalog's translation: the source prints Chinese only)."
    )
    issued_on: dt.date | None = strawberry.field(description="Date of issue.")
    period_start: int = strawberry.field(description="First year the plan covers.")
    period_end: int = strawberry.field(description="Last year the plan covers.")

    @strawberry.field(description="The source document.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Plan:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            title_zh=row.title_zh,
            title_en=row.title_en,
            document_number=row.document_number,
            issued_by_zh=row.issued_by_zh,
            issued_by_en=row.issued_by_en,
            issued_on=row.issued_on,
            period_start=row.period_start,
            period_end=row.period_end,
        )

    @strawberry.field(description="The jurisdiction the plan is for.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="Phases (实施步骤) in order, with dates.")
    async def phases(self, info: Info) -> list[PlanPhase]:
        return [PlanPhase.from_row(r) for r in await info.context.loaders.phases_by_plan.load(self.db_id)]

    @strawberry.field(description="Working groups, headquarters and committees the plan sets up.")
    async def working_groups(self, info: Info) -> list[WorkingGroup]:
        return [WorkingGroup.from_row(r) for r in await info.context.loaders.working_groups_by_plan.load(self.db_id)]

    @strawberry.field(description="Indicator frameworks that belong to this plan.")
    async def indicator_frameworks(self, info: Info) -> list[IndicatorFramework]:
        rows = await info.context.loaders.frameworks_by_plan.load(self.db_id)
        return [IndicatorFramework.from_row(r) for r in rows]

    @strawberry.field(description="Tasks of the plan in source order. " + PAGE_ARGUMENTS_HELP)
    async def tasks(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Task]:
        page = await info.context.loaders.task_pages.load((self.db_id, page_request(first, after, last, before)))
        return to_connection(page, Task.from_row)


@strawberry.type(description="A phase of a plan (e.g. 启动准备阶段) with its dates.")
class PlanPhase(CatalogNode, Named):
    KIND: ClassVar[str] = "planPhase"
    seq: int = strawberry.field(description="Position of the phase, from 1.")
    starts_on: dt.date | None = strawberry.field(
        description="First day (first of the month when the source gives a month)."
    )
    ends_on: dt.date | None = strawberry.field(description="Last day (end of the month when the source gives a month).")
    description_zh: str | None = strawberry.field(description="What happens in the phase, as printed.")

    @strawberry.field(description="Where the phase is described.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> PlanPhase:
        return cls(
            db_id=row.id,
            seq=row.seq,
            name_zh=row.name_zh,
            name_en=row.name_en,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            description_zh=row.description_zh,
            row=row,
        )


@strawberry.type(
    description="A named, versioned set of indicators (the national 2018 system, a five-year-plan "
    "table) or a scored list whose items carry points."
)
class IndicatorFramework(CatalogNode, Named):
    KIND: ClassVar[str] = "framework"
    code: str = strawberry.field(description="Stable code, e.g. `cn-healthy-city-2018`.")
    kind: FrameworkKind = strawberry.field(description="Indicator system or scored list.")
    year: int = strawberry.field(description="Edition year.")
    total_points: float | None = strawberry.field(
        description="Scored lists: the total points, as printed or, where the source prints none, the sum of its "
        "parts (its `source.section` says so)."
    )

    @strawberry.field(description="Where the framework is printed.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> IndicatorFramework:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            kind=FrameworkKind(row.kind),
            year=row.year,
            total_points=row.total_points,
        )

    @strawberry.field(description="The jurisdiction that owns the framework; null for national or provincial systems.")
    async def jurisdiction(self, info: Info) -> Jurisdiction | None:
        return Jurisdiction.from_optional(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="The plan the framework belongs to, if any.")
    async def plan(self, info: Info) -> Plan | None:
        return Plan.from_optional(await _load(info, "plan", self.row.plan_id))

    @strawberry.field(
        description="First-level dimensions (一级指标) in source order; their `children` are the second level."
    )
    async def dimensions(self, info: Info) -> list[Dimension]:
        rows = await info.context.loaders.dimensions_by_framework.load(self.db_id)
        return [Dimension.from_row(r) for r in rows if r.parent_id is None]

    @strawberry.field(description="All indicators of the framework in source order. " + PAGE_ARGUMENTS_HELP)
    async def indicators(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Indicator]:
        page = await info.context.loaders.indicator_pages.load((self.db_id, page_request(first, after, last, before)))
        return to_connection(page, Indicator.from_row)


@strawberry.type(description="A heading of a framework: a first-level dimension (一级指标) or a second-level one.")
class Dimension(CatalogNode, Named):
    KIND: ClassVar[str] = "dimension"
    code: str = strawberry.field(description="Stable code, e.g. `CN2018-D1.2`.")
    level: int = strawberry.field(description="1 for a first-level heading, 2 for a second-level one.")
    points: float | None = strawberry.field(description="Scored lists: points of the heading as printed.")

    @classmethod
    def from_row(cls, row: Any) -> Dimension:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            level=row.level,
            points=row.points,
        )

    @strawberry.field(description="The framework of this heading.")
    async def framework(self, info: Info) -> IndicatorFramework:
        return IndicatorFramework.from_row(await _load(info, "framework", self.row.framework_id))

    @strawberry.field(description="The first-level heading above a second-level one.")
    async def parent(self, info: Info) -> Dimension | None:
        return Dimension.from_optional(await _load(info, "dimension", self.row.parent_id))

    @strawberry.field(description="Second-level headings under this one.")
    async def children(self, info: Info) -> list[Dimension]:
        rows = await info.context.loaders.dimensions_by_framework.load(self.row.framework_id)
        return [Dimension.from_row(r) for r in rows if r.parent_id == self.db_id]

    @strawberry.field(description="Indicators directly under this heading, in source order.")
    async def indicators(self, info: Info) -> list[Indicator]:
        return [Indicator.from_row(r) for r in await info.context.loaders.indicators_by_dimension.load(self.db_id)]


@strawberry.type(description="An indicator (指标) of a framework, or an item of a scored list.")
class Indicator(CatalogNode, Named):
    KIND: ClassVar[str] = "indicator"
    code: str = strawberry.field(description="Stable code, e.g. `CN2018-39`, `PZH14-05`, `WZ2023-31`.")
    number: str | None = strawberry.field(description="Number as printed in the source, e.g. `（39）` or `31`.")
    description_zh: str | None = strawberry.field(description="Full item text or scoring rule as printed.")
    unit: str | None = strawberry.field(description="Unit of measure as printed (%, ‰, 1/10万, 天, 平方米 ...).")
    direction: Direction = strawberry.field(description="Which way is better for health.")
    points: float | None = strawberry.field(description="Scored lists: points of the item.")
    frequency: Frequency = strawberry.field(description="How often it is measured (监测频次); annual unless stated.")

    @strawberry.field(description="Where the indicator is printed.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Indicator:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            number=row.number,
            name_zh=row.name_zh,
            name_en=row.name_en,
            description_zh=row.description_zh,
            unit=row.unit,
            direction=Direction(row.direction),
            points=row.points,
            frequency=Frequency(row.frequency),
        )

    @strawberry.field(
        description="Current observations (监测数据), newest period first; `jurisdiction` (a code) keeps one "
        "jurisdiction's. " + PAGE_ARGUMENTS_HELP
    )
    async def observations(
        self,
        info: Info,
        jurisdiction: OptionalJurisdictionCode = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LazyObservation]:
        from schema.monitoring import fields

        return await fields.observations(info, self.db_id, jurisdiction, first, after, last, before)

    @strawberry.field(
        description="Path on this service of the trend chart (observations, baseline, path and target) of this "
        "indicator in a jurisdiction, e.g. `/charts/indicators/PZH14-04/panzhihua.svg`."
    )
    def chart_url(
        self,
        jurisdiction: JurisdictionCode,
        format: Annotated[ChartFormat, strawberry.argument(description="SVG (default) or PNG.")] = ChartFormat.SVG,
    ) -> str:
        from schema.monitoring import fields

        return fields.chart_url(self.code, jurisdiction, format)

    @strawberry.field(description="The framework the indicator belongs to.")
    async def framework(self, info: Info) -> IndicatorFramework:
        return IndicatorFramework.from_row(await _load(info, "framework", self.row.framework_id))

    @strawberry.field(description="The heading the indicator is printed under (the lowest level).")
    async def dimension(self, info: Info) -> Dimension:
        return Dimension.from_row(await _load(info, "dimension", self.row.dimension_id))

    @strawberry.field(
        description="Targets for this indicator, per jurisdiction and year; `jurisdiction` (a code) "
        "keeps one jurisdiction's."
    )
    async def targets(self, info: Info, jurisdiction: OptionalJurisdictionCode = None) -> list[Target]:
        jurisdiction_id = None
        if jurisdiction is not None:
            place = await info.context.loaders.by_code("jurisdiction").load(jurisdiction)
            if place is None:
                return []
            jurisdiction_id = place.id
        rows = await info.context.loaders.targets_by_indicator.load((self.db_id, jurisdiction_id))
        if asks_for(info, ("jurisdiction",)):
            # every indicator's target jurisdictions in one batch, so each target's `jurisdiction` answers at once
            await info.context.loaders.load_ahead("jurisdiction", [r.jurisdiction_id for r in rows])
        return [Target.from_row(r) for r in rows]

    @strawberry.field(description="Departments that answer for this indicator (责任单位), with their role.")
    async def responsible_departments(self, info: Info) -> list[Responsibility]:
        rows = await info.context.loaders.responsibilities_of_indicator.load(self.db_id)
        return [Responsibility.from_row(r) for r in rows]

    @strawberry.field(
        description="The same measure in other frameworks (e.g. a five-year-plan row and the national indicator)."
    )
    async def linked_indicators(self, info: Info) -> list[Indicator]:
        ids = await info.context.loaders.linked_indicator_ids.load(self.db_id)
        rows = await info.context.loaders.by_id("indicator").load_many(ids)
        return [Indicator.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Plan tasks that move this indicator.")
    async def tasks(self, info: Info) -> list[Task]:
        return [Task.from_row(r) for r in await info.context.loaders.tasks_by_indicator.load(self.db_id)]


@strawberry.type(
    description="A goal for an indicator or task in a jurisdiction and year: a comparator and value, "
    "or the text where the source states the goal in words."
)
class Target(CatalogNode):
    KIND: ClassVar[str] = "target"
    code: str = strawberry.field(description="Stable code: plan, subject, year and sequence.")
    metric_zh: str = strawberry.field(description="What is measured, as printed.")
    metric_en: str | None = strawberry.field(description="What is measured, in English.")
    unit: str | None = strawberry.field(description="Unit of the value.")
    comparator: Comparator | None = strawberry.field(description="How the value is compared; null for a text target.")
    value: float | None = strawberry.field(description="Threshold value; null for a text target.")
    target_text_zh: str = strawberry.field(description="The target as printed (e.g. `力争每年降低0.5个百分点`).")
    year: int = strawberry.field(description="The year by which the target applies.")
    baseline_value: float | None = strawberry.field(description="Baseline value, where given.")
    baseline_year: int | None = strawberry.field(description="Year of the baseline.")
    baseline_text_zh: str | None = strawberry.field(description="Baseline as printed when it is not a plain number.")
    attribute: TargetAttribute | None = strawberry.field(
        description="Expected (预期性) or binding (约束性), where stated."
    )

    @strawberry.field(description="Where the target is stated.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Target:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            metric_zh=row.metric_zh,
            metric_en=row.metric_en,
            unit=row.unit,
            comparator=Comparator(row.comparator) if row.comparator else None,
            value=row.value,
            target_text_zh=row.target_text_zh,
            year=row.year,
            baseline_value=row.baseline_value,
            baseline_year=row.baseline_year,
            baseline_text_zh=row.baseline_text_zh,
            attribute=TargetAttribute(row.attribute) if row.attribute else None,
        )

    @strawberry.field(description="Whether the target is binding (约束性).")
    def is_binding(self) -> bool:
        return self.attribute is TargetAttribute.BINDING

    @strawberry.field(description="Where the target stands as of a year (目标进展). " + STATUS_RULE)
    async def status(self, info: Info, as_of: AsOf = None) -> LazyTargetStatus:
        from schema.monitoring import fields

        return await fields.target_status(info, self.db_id, as_of)

    @strawberry.field(description="The jurisdiction the target is for.")
    def jurisdiction(self, info: Info) -> Jurisdiction:
        # synchronous where `Indicator.targets` loaded the jurisdictions ahead
        result: Jurisdiction = _row_now_or_later(info, "jurisdiction", self.row.jurisdiction_id, Jurisdiction.from_row)
        return result

    @strawberry.field(description="The plan that sets the target.")
    async def plan(self, info: Info) -> Plan:
        return Plan.from_row(await _load(info, "plan", self.row.plan_id))

    @strawberry.field(description="The indicator the target is for, if it is a catalog indicator.")
    async def indicator(self, info: Info) -> Indicator | None:
        return Indicator.from_optional(await _load(info, "indicator", self.row.indicator_id))

    @strawberry.field(description="The task that states the target, if any.")
    async def task(self, info: Info) -> Task | None:
        return Task.from_optional(await _load(info, "task", self.row.task_id))


@strawberry.type(description="A working group, command headquarters, leading group or committee of a plan.")
class WorkingGroup(CatalogNode, Named):
    KIND: ClassVar[str] = "workingGroup"
    code: str = strawberry.field(description="Stable code, e.g. `shanting-2019.health-services`.")
    kind: WorkingGroupKind = strawberry.field(description="What kind of body it is.")
    head_zh: str | None = strawberry.field(description="Its head (指挥长/组长) as printed.")
    head_en: str | None = strawberry.field(
        description="Its head in English: a person's name in pinyin, an office translated (the catalog's "
        "translation: the source prints Chinese only)."
    )
    domain_zh: str | None = strawberry.field(description="What it is responsible for (主要工作任务), as printed.")

    @strawberry.field(description="Where the group is set up.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> WorkingGroup:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            kind=WorkingGroupKind(row.kind),
            head_zh=row.head_zh,
            head_en=row.head_en,
            domain_zh=row.domain_zh,
        )

    @strawberry.field(description="The plan that sets the group up.")
    async def plan(self, info: Info) -> Plan:
        return Plan.from_row(await _load(info, "plan", self.row.plan_id))

    @strawberry.field(description="Members with their role: the lead unit, co-operating units, responsible units.")
    async def members(self, info: Info) -> list[Responsibility]:
        rows = await info.context.loaders.responsibilities_of_working_group.load(self.db_id)
        return [Responsibility.from_row(r) for r in rows]

    @strawberry.field(description="Tasks and milestones the group carries.")
    async def tasks(self, info: Info) -> list[Task]:
        return [Task.from_row(r) for r in await info.context.loaders.tasks_by_working_group.load(self.db_id)]


@strawberry.type(description="A task (工作任务), key area or yearly milestone of a plan.")
class Task(CatalogNode):
    KIND: ClassVar[str] = "task"
    code: str = strawberry.field(description="Stable code, e.g. `shangzhou-2022.T12`.")
    number: str | None = strawberry.field(description="Number as printed.")
    kind: TaskKind = strawberry.field(description="Key area, task, main task or milestone.")
    year: int | None = strawberry.field(description="Milestones: the year it is due.")
    title_zh: str = strawberry.field(description="Title as printed.")
    title_en: str | None = strawberry.field(description="Title in English, where translated.")
    description_zh: str | None = strawberry.field(description="The task text as printed.")

    @strawberry.field(description="Where the task is printed.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Task:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            number=row.number,
            kind=TaskKind(row.kind),
            year=row.year,
            title_zh=row.title_zh,
            title_en=row.title_en,
            description_zh=row.description_zh,
        )

    @strawberry.field(description="The plan of the task.")
    async def plan(self, info: Info) -> Plan:
        return Plan.from_row(await _load(info, "plan", self.row.plan_id))

    @strawberry.field(description="The jurisdiction of the task's plan.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="The enclosing key area or main task.")
    async def parent(self, info: Info) -> Task | None:
        return Task.from_optional(await _load(info, "task", self.row.parent_id))

    @strawberry.field(description="Sub-tasks or milestones under this task.")
    async def subtasks(self, info: Info) -> list[Task]:
        return [Task.from_row(r) for r in await info.context.loaders.subtasks.load(self.db_id)]

    @strawberry.field(description="The working group or headquarters that carries the task.")
    async def working_group(self, info: Info) -> WorkingGroup | None:
        return WorkingGroup.from_optional(await _load(info, "workingGroup", self.row.working_group_id))

    @strawberry.field(description="Departments assigned to the task with their role (lead, co-operating, responsible).")
    async def assignments(self, info: Info) -> list[Responsibility]:
        rows = await info.context.loaders.responsibilities_of_task.load(self.db_id)
        return [Responsibility.from_row(r) for r in rows]

    @strawberry.field(description="Catalog indicators the task moves.")
    async def indicators(self, info: Info) -> list[Indicator]:
        ids = await info.context.loaders.indicator_ids_by_task.load(self.db_id)
        rows = await info.context.loaders.by_id("indicator").load_many(ids)
        return [Indicator.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Targets the task states.")
    def targets(self, info: Info) -> list[Target]:
        # synchronous where `Department.obligations` loaded the targets ahead
        result: list[Target] = now_or_later(info.context.loaders.targets_by_task, self.db_id, targets_from_rows)
        return result

    @strawberry.field(description="Current progress reports (任务进展), newest period first. " + PAGE_ARGUMENTS_HELP)
    async def progress(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LazyProgress]:
        from schema.monitoring import fields

        return await fields.progress(info, self.db_id, first, after, last, before)


@strawberry.type(description="A department's role on one task, indicator or working group, as a plan assigns it.")
class Responsibility(CatalogNode):
    KIND: ClassVar[str] = "responsibility"
    role: ResponsibilityRole = strawberry.field(description="Lead, co-operating or responsible.")
    name_as_printed: str = strawberry.field(description="The unit's name exactly as the source prints it here.")

    @strawberry.field(description="Where the assignment is printed.")
    def source(self) -> Source:
        return _source(self.row)

    @classmethod
    def from_row(cls, row: Any) -> Responsibility:
        return cls(db_id=row.id, role=ResponsibilityRole(row.role), name_as_printed=row.unit_name_zh, row=row)

    @strawberry.field(description="The department.")
    async def department(self, info: Info) -> Department:
        return Department.from_row(await _load(info, "department", self.row.department_id))

    @strawberry.field(description="The jurisdiction the responsibility applies in.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="The task, when the responsibility is for a task.")
    def task(self, info: Info) -> Task | None:
        # synchronous where `Department.obligations` loaded the tasks ahead (schema/lookahead.py)
        result: Task | None = _row_now_or_later(info, "task", self.row.task_id, Task.from_optional)
        return result

    @strawberry.field(description="The indicator, when the responsibility is for an indicator.")
    async def indicator(self, info: Info) -> Indicator | None:
        return Indicator.from_optional(await _load(info, "indicator", self.row.indicator_id))

    @strawberry.field(description="The working group, when the responsibility is membership of a group.")
    async def working_group(self, info: Info) -> WorkingGroup | None:
        return WorkingGroup.from_optional(await _load(info, "workingGroup", self.row.working_group_id))


# Imported last: obligations refer back to the types above.
from schema.catalog.obligations import DepartmentObligations  # noqa: E402
