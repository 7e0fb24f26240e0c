"""Reads of monitoring for the API, as batch functions (one call answers many keys in a constant number of
statements): target statuses, observation pages, versions, progress pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Target
from db.repositories import monitoring as repo
from db.repositories.paging import InvalidCursorError, Page, PageRequest
from service.monitoring import facts as facts_module
from service.monitoring import status as rules
from service.monitoring.facts import Facts
from service.paging import refused_cursor


def statuses_of(
    facts: Facts, targets: Sequence[Any], series: dict[tuple[int, int], list[Any]], manual: dict[int, Any], as_of: int
) -> list[rules.TargetStatus]:
    """The status of each target from the current observations of its series (pure)."""
    indicators = {row.id: row for row in facts.indicators.values()}
    found = []
    for target in targets:
        observations: list[Any] = []
        direction = None
        if target.indicator_id is not None:
            measure = facts.measure_of_target(target)
            observations = [
                o for o in series.get((target.indicator_id, target.jurisdiction_id), []) if o.measure == measure
            ]
            direction = indicators[target.indicator_id].direction
        found.append(rules.evaluate(target, observations, as_of, manual.get(target.id), direction))
    return found


async def statuses_for_targets(session: AsyncSession, targets: Sequence[Any], as_of: int) -> list[rules.TargetStatus]:
    indicator_ids = sorted({t.indicator_id for t in targets if t.indicator_id is not None})
    facts = await facts_module.load_for_ids(session, indicator_ids)
    keys = sorted({(t.indicator_id, t.jurisdiction_id) for t in targets if t.indicator_id is not None})
    series = dict(zip(keys, await repo.current_observations(session, keys), strict=True))
    manual_rows = await repo.current_manual_statuses(session, [t.id for t in targets])
    manual = {row.target_id: row for row in manual_rows if row is not None}
    return statuses_of(facts, targets, series, manual, as_of)


async def target_statuses(session: AsyncSession, keys: Sequence[tuple[int, int]]) -> list[rules.TargetStatus]:
    """Loader batch: the status of each (target id, as-of year)."""
    targets = {row.id: row for row in await repo.rows_by_ids(session, Target, sorted({t for t, _ in keys}))}
    by_year: dict[int, list[Any]] = defaultdict(list)
    for target_id, as_of in keys:
        by_year[as_of].append(targets[target_id])
    found: dict[tuple[int, int], rules.TargetStatus] = {}
    for as_of, rows in by_year.items():
        unique = list({row.id: row for row in rows}.values())
        for computed in await statuses_for_targets(session, unique, as_of):
            found[(computed.target.id, as_of)] = computed
    return [found[key] for key in keys]


async def observation_pages(
    session: AsyncSession, keys: Sequence[tuple[int, int | None, PageRequest]]
) -> list[Page[Any]]:
    """Loader batch: a page of current observations of each (indicator id, jurisdiction id or None, page)."""
    groups: dict[tuple[int | None, PageRequest], list[int]] = defaultdict(list)
    for indicator_id, jurisdiction_id, request in keys:
        groups[(jurisdiction_id, request)].append(indicator_id)
    pages: dict[tuple[int, int | None, PageRequest], Page[Any]] = {}
    for (jurisdiction_id, request), indicator_ids in groups.items():
        try:
            found = await repo.observation_pages(session, indicator_ids, jurisdiction_id, request)
        except InvalidCursorError as exc:
            raise refused_cursor(exc, ["after"]) from exc
        for indicator_id, page in found.items():
            pages[(indicator_id, jurisdiction_id, request)] = page
    return [pages[key] for key in keys]


async def progress_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    """Loader batch: a page of current progress reports of each (task id, page)."""
    groups: dict[PageRequest, list[int]] = defaultdict(list)
    for task_id, request in keys:
        groups[request].append(task_id)
    pages: dict[tuple[int, PageRequest], Page[Any]] = {}
    for request, task_ids in groups.items():
        try:
            found = await repo.progress_pages(session, task_ids, request)
        except InvalidCursorError as exc:
            raise refused_cursor(exc, ["after"]) from exc
        for task_id, page in found.items():
            pages[(task_id, request)] = page
    return [pages[key] for key in keys]


async def versions(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await repo.versions_of_observations(session, ids)


async def series_for_chart(session: AsyncSession, indicator_id: int, jurisdiction_id: int) -> list[Any]:
    return (await repo.current_observations(session, [(indicator_id, jurisdiction_id)]))[0]
