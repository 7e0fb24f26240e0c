"""Catalog reads for the API: filters given in codes are resolved to ids here, so an unknown code is a
clear error naming the filter field instead of a silently empty list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Assessment,
    ChecklistVersion,
    Department,
    Dimension,
    Indicator,
    IndicatorFramework,
    Jurisdiction,
    Observation,
    Plan,
    PlanPhase,
    Portfolio,
    Proposal,
    Responsibility,
    ScreeningReplay,
    Target,
    Task,
    TaskProgressReport,
    WorkingGroup,
)
from db.repositories import catalog as repo
from db.repositories.paging import InvalidCursorError, Page, PageRequest
from service.errors import UnknownCodeError
from service.i18n import _
from service.paging import refused_cursor

MODELS = {
    "jurisdiction": Jurisdiction,
    "department": Department,
    "portfolio": Portfolio,
    "framework": IndicatorFramework,
    "dimension": Dimension,
    "indicator": Indicator,
    "plan": Plan,
    "planPhase": PlanPhase,
    "responsibility": Responsibility,
    "task": Task,
    "workingGroup": WorkingGroup,
    "target": Target,
    # Screening records are fetched by id through the same batch loaders.
    "proposal": Proposal,
    "assessment": Assessment,
    "checklistVersion": ChecklistVersion,
    "screeningReplay": ScreeningReplay,
    # Monitoring records (public official statistics) likewise.
    "observation": Observation,
    "taskProgressReport": TaskProgressReport,
}


async def resolve_codes(
    session: AsyncSession, kind: str, codes: Sequence[str] | None, field: Sequence[str]
) -> list[int] | None:
    """Ids of the given codes of one kind; `None` when no codes were given (no filter)."""
    if codes is None:
        return None
    found = await repo.ids_by_code(session, MODELS[kind], codes)
    missing = [code for code in codes if code not in found]
    if missing:
        raise UnknownCodeError(_unknown_code(kind, missing[0]), list(field))
    return [found[code] for code in codes]


def _unknown_code(kind: str, code: str) -> str:
    """That no record of `kind` (a key of MODELS) has `code`, naming the kind in words."""
    messages = {
        "jurisdiction": _("no jurisdiction has the code {code!r}", code=code),
        "department": _("no department has the code {code!r}", code=code),
        "portfolio": _("no portfolio has the code {code!r}", code=code),
        "framework": _("no framework has the code {code!r}", code=code),
        "dimension": _("no dimension has the code {code!r}", code=code),
        "indicator": _("no indicator has the code {code!r}", code=code),
        "plan": _("no plan has the code {code!r}", code=code),
        "task": _("no task has the code {code!r}", code=code),
        "workingGroup": _("no workingGroup has the code {code!r}", code=code),
        "target": _("no target has the code {code!r}", code=code),
    }
    return messages.get(kind) or _("no {kind} has the code {code!r}", kind=kind, code=code)


async def _page(session: AsyncSession, statement: Any, ordering: str, request: PageRequest, field: str) -> Page[Any]:
    try:
        return await repo.page_of(session, statement, ordering, request)
    except InvalidCursorError as exc:
        raise refused_cursor(exc, [field]) from exc


def _cursor_field(request: PageRequest) -> str:
    return "before" if request.before is not None and request.after is None else "after"


@dataclass(frozen=True)
class JurisdictionQuery:
    parent: str | None = None
    levels: Sequence[str] | None = None
    top_level_only: bool = False
    search: str | None = None


async def jurisdictions(session: AsyncSession, q: JurisdictionQuery, request: PageRequest) -> Page[Any]:
    parent_ids = await resolve_codes(session, "jurisdiction", [q.parent] if q.parent else None, ["filter", "parent"])
    statement = repo.jurisdictions_statement(repo.JurisdictionFilter(parent_ids, q.levels, q.top_level_only, q.search))
    return await _page(session, statement, "jurisdiction.code", request, _cursor_field(request))


@dataclass(frozen=True)
class DepartmentQuery:
    jurisdictions: Sequence[str] | None = None
    portfolios: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    search: str | None = None
    order: str = "department.code"


async def departments(session: AsyncSession, q: DepartmentQuery, request: PageRequest) -> Page[Any]:
    f = repo.DepartmentFilter(
        jurisdiction_ids=await resolve_codes(session, "jurisdiction", q.jurisdictions, ["filter", "jurisdiction"]),
        portfolio_ids=await resolve_codes(session, "portfolio", q.portfolios, ["filter", "portfolio"]),
        kinds=q.kinds,
        search=q.search,
    )
    return await _page(session, repo.departments_statement(f), q.order, request, _cursor_field(request))


async def portfolios(session: AsyncSession, request: PageRequest) -> Page[Any]:
    return await _page(session, repo.portfolios_statement(), "portfolio.source", request, _cursor_field(request))


@dataclass(frozen=True)
class FrameworkQuery:
    jurisdiction: str | None = None
    kinds: Sequence[str] | None = None
    search: str | None = None


async def frameworks(session: AsyncSession, q: FrameworkQuery, request: PageRequest) -> Page[Any]:
    f = repo.FrameworkFilter(
        jurisdiction_ids=await resolve_codes(
            session, "jurisdiction", [q.jurisdiction] if q.jurisdiction else None, ["filter", "jurisdiction"]
        ),
        kinds=q.kinds,
        search=q.search,
    )
    return await _page(session, repo.frameworks_statement(f), "framework.source", request, _cursor_field(request))


@dataclass(frozen=True)
class IndicatorQuery:
    frameworks: Sequence[str] | None = None
    dimensions: Sequence[str] | None = None
    jurisdictions: Sequence[str] | None = None
    departments: Sequence[str] | None = None
    roles: Sequence[str] | None = None
    search: str | None = None
    order: str = "indicator.source"


async def indicators(session: AsyncSession, q: IndicatorQuery, request: PageRequest) -> Page[Any]:
    dimension_ids = await resolve_codes(session, "dimension", q.dimensions, ["filter", "dimension"])
    if dimension_ids is not None:
        dimension_ids = await repo.dimension_ids_under(session, dimension_ids)
    f = repo.IndicatorFilter(
        framework_ids=await resolve_codes(session, "framework", q.frameworks, ["filter", "framework"]),
        dimension_ids=dimension_ids,
        jurisdiction_ids=await resolve_codes(session, "jurisdiction", q.jurisdictions, ["filter", "jurisdiction"]),
        department_ids=await resolve_codes(session, "department", q.departments, ["filter", "department"]),
        roles=q.roles,
        search=q.search,
    )
    return await _page(session, repo.indicators_statement(f), q.order, request, _cursor_field(request))


@dataclass(frozen=True)
class TaskQuery:
    jurisdictions: Sequence[str] | None = None
    plans: Sequence[str] | None = None
    working_groups: Sequence[str] | None = None
    departments: Sequence[str] | None = None
    roles: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    year: int | None = None
    search: str | None = None
    order: str = "task.source"


async def tasks(session: AsyncSession, q: TaskQuery, request: PageRequest) -> Page[Any]:
    f = repo.TaskFilter(
        jurisdiction_ids=await resolve_codes(session, "jurisdiction", q.jurisdictions, ["filter", "jurisdiction"]),
        plan_ids=await resolve_codes(session, "plan", q.plans, ["filter", "plan"]),
        working_group_ids=await resolve_codes(session, "workingGroup", q.working_groups, ["filter", "workingGroup"]),
        department_ids=await resolve_codes(session, "department", q.departments, ["filter", "department"]),
        roles=q.roles,
        kinds=q.kinds,
        year=q.year,
        search=q.search,
    )
    return await _page(session, repo.tasks_statement(f), q.order, request, _cursor_field(request))


@dataclass(frozen=True)
class WorkingGroupQuery:
    jurisdictions: Sequence[str] | None = None
    plans: Sequence[str] | None = None
    departments: Sequence[str] | None = None
    roles: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    search: str | None = None


async def working_groups(session: AsyncSession, q: WorkingGroupQuery, request: PageRequest) -> Page[Any]:
    f = repo.WorkingGroupFilter(
        jurisdiction_ids=await resolve_codes(session, "jurisdiction", q.jurisdictions, ["filter", "jurisdiction"]),
        plan_ids=await resolve_codes(session, "plan", q.plans, ["filter", "plan"]),
        department_ids=await resolve_codes(session, "department", q.departments, ["filter", "department"]),
        roles=q.roles,
        kinds=q.kinds,
        search=q.search,
    )
    return await _page(
        session, repo.working_groups_statement(f), "working_group.source", request, _cursor_field(request)
    )


async def database_is_reachable(session: AsyncSession) -> bool:
    return await repo.database_is_reachable(session)
