"""Batch reads behind the per-request DataLoaders: one statement for many keys, results in key order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Responsibility
from db.repositories import catalog as repo
from db.repositories.paging import InvalidCursorError, Page, PageRequest
from service.catalog.reads import MODELS
from service.paging import refused_cursor

# Pass-throughs: the schema layer reaches the repositories only through the service layer.
portfolios_by_department = repo.portfolios_by_department
names_by_department = repo.names_by_department
departments_by_portfolio_and_jurisdiction = repo.departments_by_portfolio_and_jurisdiction
indicator_links = repo.indicator_links
indicator_ids_by_task = repo.indicator_ids_by_task
tasks_by_indicator = repo.tasks_by_indicator
targets_by_indicator_in_jurisdiction = repo.targets_by_indicator_in_jurisdiction
targets_by_task = repo.targets_by_task
dimensions_by_framework = repo.dimensions_by_framework
phases_by_plan = repo.phases_by_plan
plans_by_jurisdiction = repo.plans_by_jurisdiction
plans_by_seed = repo.plans_by_seed
jurisdiction_children = repo.jurisdiction_children
indicators_by_dimension = repo.indicators_by_dimension
tasks_by_working_group = repo.tasks_by_working_group
working_groups_by_plan = repo.working_groups_by_plan
frameworks_by_plan = repo.frameworks_by_plan
subtasks = repo.subtasks


async def rows_by_id(session: AsyncSession, kind: str, ids: Sequence[int]) -> list[Any | None]:
    found = await repo.by_ids(session, MODELS[kind], ids)
    return [found.get(i) for i in ids]


async def responsibilities_of_tasks(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await repo.responsibilities_by(session, Responsibility.task_id, ids)


async def responsibilities_of_indicators(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await repo.responsibilities_by(session, Responsibility.indicator_id, ids)


async def responsibilities_of_working_groups(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await repo.responsibilities_by(session, Responsibility.working_group_id, ids)


async def obligations(session: AsyncSession, keys: Sequence[tuple[int, int | None]]) -> list[list[Any]]:
    """Responsibilities of each (department id, year or None)."""
    by_year: dict[int | None, list[int]] = {}
    for department_id, year in keys:
        by_year.setdefault(year, []).append(department_id)
    found: dict[tuple[int, int | None], list[Any]] = {}
    for year, department_ids in by_year.items():
        rows_per_department = await repo.obligations_of(session, department_ids, year)
        for department_id, rows in zip(department_ids, rows_per_department, strict=True):
            found[(department_id, year)] = rows
    return [found[key] for key in keys]


async def _paged_children(
    session: AsyncSession, keys: Sequence[tuple[int, PageRequest]], fetch: Any
) -> list[Page[Any]]:
    by_request: dict[PageRequest, list[int]] = {}
    for parent_id, request in keys:
        by_request.setdefault(request, []).append(parent_id)
    pages: dict[tuple[int, PageRequest], Page[Any]] = {}
    for request, parent_ids in by_request.items():
        try:
            fetched = await fetch(session, parent_ids, request)
        except InvalidCursorError as exc:
            raise refused_cursor(exc, ["after"]) from exc
        for parent_id, page in fetched.items():
            pages[(parent_id, request)] = page
    return [pages[key] for key in keys]


async def department_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    return await _paged_children(session, keys, repo.departments_pages_by_jurisdiction)


async def task_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    return await _paged_children(session, keys, repo.tasks_pages_by_plan)


async def indicator_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    return await _paged_children(session, keys, repo.indicators_pages_by_framework)


async def rows_by_code(session: AsyncSession, kind: str, codes: Sequence[str]) -> list[Any | None]:
    ids = await repo.ids_by_code(session, MODELS[kind], codes)
    found = await repo.by_ids(session, MODELS[kind], list(ids.values()))
    return [found.get(ids[code]) if code in ids else None for code in codes]
