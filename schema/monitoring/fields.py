"""Monitoring fields on catalog types (`Target.status`, `Indicator.observations`, `Indicator.chartUrl`,
`Task.progress`, `IndicatorObligation.worstStatus`): the catalog types declare them and delegate here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from schema.context import Info
from schema.monitoring.enums import ChartFormat, TargetStatusValue
from schema.monitoring.queries import as_of_year
from schema.monitoring.types import Observation, TargetStatus, TaskProgressReport
from schema.pagination import Connection, page_request, to_connection
from service.monitoring import status as rules


async def target_status(info: Info, target_id: int, as_of: int | None) -> TargetStatus:
    computed = await info.context.loaders.target_status.load((target_id, as_of_year(as_of)))
    return TargetStatus.of(computed)


async def worst_status(info: Info, targets: Sequence[Any], as_of: int | None) -> TargetStatusValue:
    year = as_of_year(as_of)
    computed = await info.context.loaders.target_status.load_many([(t.id, year) for t in targets])
    return TargetStatusValue(rules.worst([c.status for c in computed]))


async def observations(
    info: Info,
    indicator_id: int,
    jurisdiction: str | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Observation]:
    request = page_request(first, after, last, before)
    jurisdiction_id = None
    if jurisdiction is not None:
        place = await info.context.loaders.by_code("jurisdiction").load(jurisdiction)
        if place is None:
            return to_connection(_EMPTY, Observation.from_row)
        jurisdiction_id = place.id
    page = await info.context.loaders.observation_pages.load((indicator_id, jurisdiction_id, request))
    return to_connection(page, Observation.from_row)


async def progress(
    info: Info, task_id: int, first: int | None, after: str | None, last: int | None, before: str | None
) -> Connection[TaskProgressReport]:
    page = await info.context.loaders.progress_pages.load((task_id, page_request(first, after, last, before)))
    return to_connection(page, TaskProgressReport.from_row)


def chart_url(indicator_code: str, jurisdiction_code: str, fmt: ChartFormat) -> str:
    extension = "svg" if fmt is ChartFormat.SVG else "png"
    return f"/charts/indicators/{quote(indicator_code)}/{quote(jurisdiction_code)}.{extension}"


class _EmptyPage:
    """The page of an unknown jurisdiction: nothing."""

    rows: tuple[Any, ...] = ()
    cursors: tuple[str, ...] = ()
    has_next_page = False
    has_previous_page = False
    start_cursor = None
    end_cursor = None
    total_count = 0


_EMPTY = _EmptyPage()
