"""Reads of the catalog: filtered keyset pages for the root lists, and batch queries for DataLoaders.

Filters arrive with codes already resolved to ids (the service does that, so an unknown code is an
error for the user rather than an empty list). Every batch function answers for many keys in one
statement and returns results keyed by the requested keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from db.models.catalog import (
    Department,
    DepartmentName,
    DepartmentPortfolio,
    Dimension,
    Indicator,
    IndicatorFramework,
    IndicatorLink,
    Jurisdiction,
    Plan,
    PlanPhase,
    Portfolio,
    Responsibility,
    Target,
    Task,
    TaskIndicator,
    WorkingGroup,
)
from db.repositories.paging import Ordering, Page, PageRequest, fetch_page, fetch_pages_by_parent

# Reads return plain rows (sqlalchemy Row: the table's columns as attributes), not ORM entities:
# the API only reads them, and skipping the identity map makes large pages several times cheaper.
Record = Any

ORDERINGS: dict[str, Ordering] = {
    "jurisdiction.code": Ordering("jurisdiction.code", (Jurisdiction.code,)),
    "department.code": Ordering("department.code", (Department.code,)),
    "department.name": Ordering("department.name", (Department.name_zh, Department.id)),
    "portfolio.source": Ordering("portfolio.source", (Portfolio.position, Portfolio.id)),
    "framework.source": Ordering("framework.source", (IndicatorFramework.position, IndicatorFramework.id)),
    "indicator.source": Ordering("indicator.source", (Indicator.framework_id, Indicator.position, Indicator.id)),
    "indicator.code": Ordering("indicator.code", (Indicator.code,)),
    "task.source": Ordering("task.source", (Task.plan_id, Task.position, Task.id)),
    "task.code": Ordering("task.code", (Task.code,)),
    "working_group.source": Ordering(
        "working_group.source", (WorkingGroup.plan_id, WorkingGroup.position, WorkingGroup.id)
    ),
}


def _contains(columns: Sequence[InstrumentedAttribute[Any]], text: str) -> ColumnElement[bool]:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(*[column.ilike(pattern, escape="\\") for column in columns])


def _responsible_for(
    subject_column: InstrumentedAttribute[Any],
    subject_id: InstrumentedAttribute[Any],
    department_ids: Sequence[int] | None,
    roles: Sequence[str] | None,
) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [subject_column == subject_id]
    if department_ids:
        conditions.append(Responsibility.department_id.in_(department_ids))
    if roles:
        conditions.append(Responsibility.role.in_(roles))
    return exists(select(Responsibility.id).where(*conditions))


# --- lookups by code and id ----------------------------------------------------------------------


def could_be_code(code: str) -> bool:
    """Codes are short and printable; anything else cannot match one (and NUL cannot even be sent to PostgreSQL)."""
    return 0 < len(code) <= 80 and code.isprintable()


async def ids_by_code(session: AsyncSession, model: Any, codes: Iterable[str]) -> dict[str, int]:
    codes = [code for code in codes if could_be_code(code)]
    if not codes:
        return {}
    rows = await session.execute(select(model.code, model.id).where(model.code.in_(codes)))
    return dict(rows.all())


async def by_ids(session: AsyncSession, model: Any, ids: Sequence[int]) -> dict[int, Any]:
    """Rows of a catalog model (every one has an integer `id`) by primary key."""
    rows = await session.execute(select(model.__table__).where(model.id.in_(ids)))
    return {row.id: row for row in rows}


# --- filters of the root lists -------------------------------------------------------------------


@dataclass(frozen=True)
class JurisdictionFilter:
    parent_ids: Sequence[int] | None = None
    levels: Sequence[str] | None = None
    top_level_only: bool = False
    search: str | None = None


@dataclass(frozen=True)
class DepartmentFilter:
    jurisdiction_ids: Sequence[int] | None = None
    portfolio_ids: Sequence[int] | None = None
    kinds: Sequence[str] | None = None
    search: str | None = None


@dataclass(frozen=True)
class FrameworkFilter:
    jurisdiction_ids: Sequence[int] | None = None
    kinds: Sequence[str] | None = None
    search: str | None = None


@dataclass(frozen=True)
class IndicatorFilter:
    framework_ids: Sequence[int] | None = None
    dimension_ids: Sequence[int] | None = None
    jurisdiction_ids: Sequence[int] | None = None
    department_ids: Sequence[int] | None = None
    roles: Sequence[str] | None = None
    search: str | None = None


@dataclass(frozen=True)
class TaskFilter:
    jurisdiction_ids: Sequence[int] | None = None
    plan_ids: Sequence[int] | None = None
    working_group_ids: Sequence[int] | None = None
    department_ids: Sequence[int] | None = None
    roles: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    year: int | None = None
    search: str | None = None


@dataclass(frozen=True)
class WorkingGroupFilter:
    jurisdiction_ids: Sequence[int] | None = None
    plan_ids: Sequence[int] | None = None
    department_ids: Sequence[int] | None = None
    roles: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    search: str | None = None


def portfolios_statement() -> Select[Any]:
    return select(Portfolio.__table__)


def jurisdictions_statement(f: JurisdictionFilter) -> Select[Any]:
    statement = select(Jurisdiction.__table__)
    if f.parent_ids:
        statement = statement.where(Jurisdiction.parent_id.in_(f.parent_ids))
    if f.top_level_only:
        statement = statement.where(Jurisdiction.parent_id.is_(None))
    if f.levels:
        statement = statement.where(Jurisdiction.level.in_(f.levels))
    if f.search:
        statement = statement.where(
            _contains([Jurisdiction.name_zh, Jurisdiction.name_en, Jurisdiction.code], f.search)
        )
    return statement


def departments_statement(f: DepartmentFilter) -> Select[Any]:
    statement = select(Department.__table__)
    if f.jurisdiction_ids:
        statement = statement.where(Department.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.portfolio_ids:
        statement = statement.where(
            exists(
                select(DepartmentPortfolio.department_id).where(
                    DepartmentPortfolio.department_id == Department.id,
                    DepartmentPortfolio.portfolio_id.in_(f.portfolio_ids),
                )
            )
        )
    if f.kinds:
        statement = statement.where(Department.kind.in_(f.kinds))
    if f.search:
        alias_matches = exists(
            select(DepartmentName.id).where(
                DepartmentName.department_id == Department.id, _contains([DepartmentName.name_zh], f.search)
            )
        )
        statement = statement.where(or_(_contains([Department.name_en, Department.code], f.search), alias_matches))
    return statement


def frameworks_statement(f: FrameworkFilter) -> Select[Any]:
    statement = select(IndicatorFramework.__table__)
    if f.jurisdiction_ids:
        statement = statement.where(IndicatorFramework.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.kinds:
        statement = statement.where(IndicatorFramework.kind.in_(f.kinds))
    if f.search:
        statement = statement.where(
            _contains([IndicatorFramework.name_zh, IndicatorFramework.name_en, IndicatorFramework.code], f.search)
        )
    return statement


def indicators_statement(f: IndicatorFilter) -> Select[Any]:
    statement = select(Indicator.__table__)
    if f.framework_ids:
        statement = statement.where(Indicator.framework_id.in_(f.framework_ids))
    if f.dimension_ids:
        statement = statement.where(Indicator.dimension_id.in_(f.dimension_ids))
    if f.jurisdiction_ids:
        # An indicator concerns a jurisdiction when it has a target or a responsible unit there,
        # or belongs to the jurisdiction's own framework.
        statement = statement.where(
            or_(
                exists(
                    select(Target.id).where(
                        Target.indicator_id == Indicator.id, Target.jurisdiction_id.in_(f.jurisdiction_ids)
                    )
                ),
                exists(
                    select(Responsibility.id).where(
                        Responsibility.indicator_id == Indicator.id,
                        Responsibility.jurisdiction_id.in_(f.jurisdiction_ids),
                    )
                ),
                exists(
                    select(IndicatorFramework.id).where(
                        IndicatorFramework.id == Indicator.framework_id,
                        IndicatorFramework.jurisdiction_id.in_(f.jurisdiction_ids),
                    )
                ),
            )
        )
    if f.department_ids or f.roles:
        statement = statement.where(
            _responsible_for(Responsibility.indicator_id, Indicator.id, f.department_ids, f.roles)
        )
    if f.search:
        statement = statement.where(_contains([Indicator.name_zh, Indicator.name_en, Indicator.code], f.search))
    return statement


def tasks_statement(f: TaskFilter) -> Select[Any]:
    statement = select(Task.__table__)
    if f.jurisdiction_ids:
        statement = statement.where(Task.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.plan_ids:
        statement = statement.where(Task.plan_id.in_(f.plan_ids))
    if f.working_group_ids:
        statement = statement.where(Task.working_group_id.in_(f.working_group_ids))
    if f.kinds:
        statement = statement.where(Task.kind.in_(f.kinds))
    if f.department_ids or f.roles:
        statement = statement.where(_responsible_for(Responsibility.task_id, Task.id, f.department_ids, f.roles))
    if f.year is not None:
        statement = statement.where(
            exists(
                select(Plan.id).where(Plan.id == Task.plan_id, Plan.period_start <= f.year, Plan.period_end >= f.year)
            ),
            or_(Task.year.is_(None), Task.year == f.year),
        )
    if f.search:
        statement = statement.where(_contains([Task.title_zh, Task.title_en, Task.description_zh, Task.code], f.search))
    return statement


def working_groups_statement(f: WorkingGroupFilter) -> Select[Any]:
    statement = select(WorkingGroup.__table__)
    if f.jurisdiction_ids:
        statement = statement.where(WorkingGroup.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.plan_ids:
        statement = statement.where(WorkingGroup.plan_id.in_(f.plan_ids))
    if f.kinds:
        statement = statement.where(WorkingGroup.kind.in_(f.kinds))
    if f.department_ids or f.roles:
        statement = statement.where(
            _responsible_for(Responsibility.working_group_id, WorkingGroup.id, f.department_ids, f.roles)
        )
    if f.search:
        statement = statement.where(
            _contains([WorkingGroup.name_zh, WorkingGroup.name_en, WorkingGroup.code], f.search)
        )
    return statement


async def page_of(session: AsyncSession, statement: Select[Any], ordering: str, request: PageRequest) -> Page[Any]:
    return await fetch_page(session, statement, ORDERINGS[ordering], request)


async def departments_pages_by_jurisdiction(
    session: AsyncSession, jurisdiction_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[Any]]:
    return await fetch_pages_by_parent(
        session, Department, Department.jurisdiction_id, jurisdiction_ids, ORDERINGS["department.code"], request
    )


async def tasks_pages_by_plan(
    session: AsyncSession, plan_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[Any]]:
    return await fetch_pages_by_parent(session, Task, Task.plan_id, plan_ids, ORDERINGS["task.source"], request)


async def indicators_pages_by_framework(
    session: AsyncSession, framework_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[Any]]:
    return await fetch_pages_by_parent(
        session, Indicator, Indicator.framework_id, framework_ids, ORDERINGS["indicator.source"], request
    )


# --- batch queries for DataLoaders -----------------------------------------------------------------


def _group(rows: Iterable[Any], key: str, keys: Sequence[Any]) -> list[list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return [grouped.get(k, []) for k in keys]


async def children_of(
    session: AsyncSession, model: Any, parent_column: InstrumentedAttribute[Any], parent_ids: Sequence[int], *order: Any
) -> list[list[Any]]:
    """Rows of `model` grouped by a parent foreign key, in the order of `parent_ids`."""
    rows = await session.execute(select(model.__table__).where(parent_column.in_(parent_ids)).order_by(*order))
    return _group(rows, parent_column.key, parent_ids)


async def portfolios_by_department(session: AsyncSession, department_ids: Sequence[int]) -> list[list[Record]]:
    rows = await session.execute(
        select(DepartmentPortfolio.department_id, Portfolio.__table__)
        .join(Portfolio, Portfolio.id == DepartmentPortfolio.portfolio_id)
        .where(DepartmentPortfolio.department_id.in_(department_ids))
        .order_by(Portfolio.position)
    )
    grouped: dict[int, list[Record]] = defaultdict(list)
    for row in rows:
        grouped[row.department_id].append(row)
    return [grouped.get(i, []) for i in department_ids]


async def departments_by_portfolio_and_jurisdiction(
    session: AsyncSession, keys: Sequence[tuple[int, int]]
) -> list[list[Record]]:
    """Departments of each (portfolio id, jurisdiction id): how a jurisdiction resolves a portfolio."""
    portfolio_ids = {p for p, _ in keys}
    jurisdiction_ids = {j for _, j in keys}
    rows = await session.execute(
        select(DepartmentPortfolio.portfolio_id, Department.__table__)
        .join(Department, Department.id == DepartmentPortfolio.department_id)
        .where(DepartmentPortfolio.portfolio_id.in_(portfolio_ids), Department.jurisdiction_id.in_(jurisdiction_ids))
        .order_by(Department.code)
    )
    grouped: dict[tuple[int, int], list[Record]] = defaultdict(list)
    for row in rows:
        grouped[(row.portfolio_id, row.jurisdiction_id)].append(row)
    return [grouped.get(k, []) for k in keys]


async def responsibilities_by(
    session: AsyncSession, column: InstrumentedAttribute[Any], ids: Sequence[int]
) -> list[list[Record]]:
    return await children_of(session, Responsibility, column, ids, Responsibility.position, Responsibility.id)


async def indicator_links(session: AsyncSession, indicator_ids: Sequence[int]) -> list[list[int]]:
    """Ids of the indicators linked to each indicator, whichever side the link was written on."""
    rows = await session.execute(
        select(IndicatorLink.indicator_id, IndicatorLink.linked_indicator_id).where(
            or_(IndicatorLink.indicator_id.in_(indicator_ids), IndicatorLink.linked_indicator_id.in_(indicator_ids))
        )
    )
    linked: dict[int, set[int]] = defaultdict(set)
    for a, b in rows.all():
        linked[a].add(b)
        linked[b].add(a)
    return [sorted(linked.get(i, set())) for i in indicator_ids]


async def indicator_ids_by_task(session: AsyncSession, task_ids: Sequence[int]) -> list[list[int]]:
    rows = await session.execute(
        select(TaskIndicator.task_id, TaskIndicator.indicator_id).where(TaskIndicator.task_id.in_(task_ids))
    )
    grouped: dict[int, list[int]] = defaultdict(list)
    for task_id, indicator_id in rows.all():
        grouped[task_id].append(indicator_id)
    return [sorted(grouped.get(i, [])) for i in task_ids]


async def targets_by_indicator_in_jurisdiction(
    session: AsyncSession, keys: Sequence[tuple[int, int | None]]
) -> list[list[Record]]:
    """Targets of each (indicator id, jurisdiction id or None for every jurisdiction)."""
    indicator_ids = {i for i, _ in keys}
    rows = await session.execute(
        select(Target.__table__)
        .where(Target.indicator_id.in_(indicator_ids))
        .order_by(Target.jurisdiction_id, Target.year, Target.position, Target.id)
    )
    by_indicator: dict[int, list[Record]] = defaultdict(list)
    for target in rows:
        assert target.indicator_id is not None
        by_indicator[target.indicator_id].append(target)
    return [
        [t for t in by_indicator.get(i, []) if jurisdiction_id is None or t.jurisdiction_id == jurisdiction_id]
        for i, jurisdiction_id in keys
    ]


async def targets_by_task(session: AsyncSession, task_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, Target, Target.task_id, task_ids, Target.year, Target.position, Target.id)


async def dimensions_by_framework(session: AsyncSession, framework_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(
        session, Dimension, Dimension.framework_id, framework_ids, Dimension.level, Dimension.position
    )


async def phases_by_plan(session: AsyncSession, plan_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, PlanPhase, PlanPhase.plan_id, plan_ids, PlanPhase.seq)


async def names_by_department(session: AsyncSession, department_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, DepartmentName, DepartmentName.department_id, department_ids, DepartmentName.id)


async def plans_by_jurisdiction(session: AsyncSession, jurisdiction_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, Plan, Plan.jurisdiction_id, jurisdiction_ids, Plan.period_start, Plan.id)


async def jurisdiction_children(session: AsyncSession, parent_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, Jurisdiction, Jurisdiction.parent_id, parent_ids, Jurisdiction.code)


async def indicators_by_dimension(session: AsyncSession, dimension_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, Indicator, Indicator.dimension_id, dimension_ids, Indicator.position)


async def tasks_by_working_group(session: AsyncSession, group_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, Task, Task.working_group_id, group_ids, Task.position)


async def subtasks(session: AsyncSession, parent_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, Task, Task.parent_id, parent_ids, Task.position)


async def dimension_ids_under(session: AsyncSession, dimension_ids: Sequence[int]) -> list[int]:
    """The dimensions and their sub-dimensions (frameworks have two levels)."""
    rows = await session.scalars(
        select(Dimension.id).where(or_(Dimension.id.in_(dimension_ids), Dimension.parent_id.in_(dimension_ids)))
    )
    return list(rows)


async def obligations_of(session: AsyncSession, department_ids: Sequence[int], year: int | None) -> list[list[Record]]:
    """Every responsibility of each department, narrowed to tasks in force in `year` when given."""
    statement = select(Responsibility.__table__).where(Responsibility.department_id.in_(department_ids))
    if year is not None:
        in_force = exists(
            select(Task.id)
            .join(Plan, Plan.id == Task.plan_id)
            .where(
                Task.id == Responsibility.task_id,
                Plan.period_start <= year,
                Plan.period_end >= year,
                or_(Task.year.is_(None), Task.year == year),
            )
        )
        statement = statement.where(or_(Responsibility.task_id.is_(None), in_force))
    rows = await session.execute(statement.order_by(Responsibility.position, Responsibility.id))
    return _group(rows, "department_id", department_ids)


async def database_is_reachable(session: AsyncSession) -> bool:
    await session.execute(select(1))
    return True


async def catalog_is_empty(session: AsyncSession) -> bool:
    return await session.scalar(select(Jurisdiction.id).limit(1)) is None


async def tasks_by_indicator(session: AsyncSession, indicator_ids: Sequence[int]) -> list[list[Record]]:
    rows = await session.execute(
        select(TaskIndicator.indicator_id, Task.__table__)
        .join(Task, Task.id == TaskIndicator.task_id)
        .where(TaskIndicator.indicator_id.in_(indicator_ids))
        .order_by(Task.plan_id, Task.position)
    )
    grouped: dict[int, list[Record]] = defaultdict(list)
    for row in rows:
        grouped[row.indicator_id].append(row)
    return [grouped.get(i, []) for i in indicator_ids]


async def plans_by_seed(session: AsyncSession, seeds: Sequence[str]) -> list[Record | None]:
    """The plan transcribed from each seed file (every seed file holds one plan)."""
    rows = await session.execute(select(Plan.__table__).where(Plan.source_seed.in_(seeds)).order_by(Plan.id))
    found: dict[str, Record] = {}
    for plan in rows:
        found.setdefault(plan.source_seed, plan)
    return [found.get(seed) for seed in seeds]


async def working_groups_by_plan(session: AsyncSession, plan_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(session, WorkingGroup, WorkingGroup.plan_id, plan_ids, WorkingGroup.position)


async def frameworks_by_plan(session: AsyncSession, plan_ids: Sequence[int]) -> list[list[Record]]:
    return await children_of(
        session, IndicatorFramework, IndicatorFramework.plan_id, plan_ids, IndicatorFramework.position
    )
