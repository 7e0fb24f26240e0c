"""Reads and writes of monitoring: observations, task progress, manual target statuses, self-assessment scores,
and the catalog facts their validation needs, each fetched for many keys in one statement.

Writes never update a recorded value: a new version is inserted and the previous one loses `is_current`.
Bulk writes (a spreadsheet of 10,000 rows) go through executemany inserts and id-list updates.

Concurrent writers of one subject queue on PostgreSQL: before reading the current versions a writer locks the row
the versions hang on (the indicator, task or target, which always exists, unlike a first version). SQLite needs no
lock: its writers begin IMMEDIATE and run one at a time.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Dimension,
    Indicator,
    IndicatorFramework,
    Jurisdiction,
    ManualTargetStatus,
    MonitoringBatch,
    Observation,
    Plan,
    Responsibility,
    SelfAssessmentScore,
    Target,
    Task,
    TaskIndicator,
    TaskProgressReport,
)
from db.repositories.catalog import could_be_code
from db.repositories.paging import Ordering, Page, PageRequest, fetch_pages_by_parent

OBSERVATION_ORDER = Ordering(
    "observation.newest", (Observation.year, Observation.ends_month, Observation.id), descending=True
)
PROGRESS_ORDER = Ordering(
    "task-progress.newest",
    (TaskProgressReport.year, TaskProgressReport.ends_month, TaskProgressReport.id),
    descending=True,
)
# Statements stay well under every backend's parameter limit (SQLite: 32,766).
CHUNK = 500


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- batches ----------------------------------------------------------------------------------------


async def add_batch(session: AsyncSession, batch: MonitoringBatch) -> MonitoringBatch:
    session.add(batch)
    await session.flush()
    return batch


async def batch_by_key(session: AsyncSession, recorded_by: str, kind: str, key: str) -> Any | None:
    statement = select(MonitoringBatch.__table__).where(
        MonitoringBatch.recorded_by == recorded_by, MonitoringBatch.kind == kind, MonitoringBatch.idempotency_key == key
    )
    return (await session.execute(statement)).first()


async def rows_of_batch(session: AsyncSession, model: Any, batch_id: int) -> list[Any]:
    rows = await session.execute(select(model.__table__).where(model.batch_id == batch_id).order_by(model.id))
    return list(rows)


# --- catalog facts for validation ---------------------------------------------------------------------


async def rows_by_codes(session: AsyncSession, model: Any, codes: Iterable[str]) -> dict[str, Any]:
    wanted = sorted({code for code in codes if could_be_code(code)})
    found: dict[str, Any] = {}
    for chunk in _chunks(wanted):
        for row in await session.execute(select(model.__table__).where(model.code.in_(chunk))):
            found[row.code] = row
    return found


async def all_rows(session: AsyncSession, model: Any) -> list[Any]:
    """Every row of a small catalog table (jurisdictions, plans, frameworks)."""
    return list(await session.execute(select(model.__table__).order_by(model.id)))


async def targets_of_indicators(session: AsyncSession, indicator_ids: Sequence[int]) -> list[Any]:
    rows: list[Any] = []
    for chunk in _chunks(sorted(set(indicator_ids))):
        rows += await session.execute(
            select(Target.__table__)
            .where(Target.indicator_id.in_(chunk))
            .order_by(Target.jurisdiction_id, Target.year, Target.position, Target.id)
        )
    return rows


async def plans_moving_indicators(session: AsyncSession, indicator_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(indicator id, plan id) for plans with a task that moves the indicator."""
    pairs: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(set(indicator_ids))):
        rows = await session.execute(
            select(TaskIndicator.indicator_id, Task.plan_id)
            .join(Task, Task.id == TaskIndicator.task_id)
            .where(TaskIndicator.indicator_id.in_(chunk))
        )
        pairs |= {(i, p) for i, p in rows.all()}
    return sorted(pairs)


async def indicators_of_tasks(session: AsyncSession, task_ids: Sequence[int]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(set(task_ids))):
        rows = await session.execute(
            select(TaskIndicator.task_id, TaskIndicator.indicator_id).where(TaskIndicator.task_id.in_(chunk))
        )
        for task_id, indicator_id in rows.all():
            grouped[task_id].append(indicator_id)
    return grouped


async def responsibilities_of_department(session: AsyncSession, department_id: int) -> list[Any]:
    rows = await session.execute(
        select(Responsibility.__table__)
        .where(Responsibility.department_id == department_id)
        .order_by(Responsibility.position, Responsibility.id)
    )
    return list(rows)


async def dimensions_of_framework(session: AsyncSession, framework_id: int) -> list[Any]:
    rows = await session.execute(
        select(Dimension.__table__)
        .where(Dimension.framework_id == framework_id)
        .order_by(Dimension.level, Dimension.position)
    )
    return list(rows)


async def indicators_of_framework(session: AsyncSession, framework_id: int) -> list[Any]:
    rows = await session.execute(
        select(Indicator.__table__).where(Indicator.framework_id == framework_id).order_by(Indicator.position)
    )
    return list(rows)


async def indicators_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in await session.execute(select(Indicator.__table__).where(Indicator.id.in_(chunk))):
            found[row.id] = row
    return found


async def targets_in_jurisdiction(session: AsyncSession, jurisdiction_id: int) -> list[Any]:
    rows = await session.execute(
        select(Target.__table__)
        .where(Target.jurisdiction_id == jurisdiction_id)
        .order_by(Target.plan_id, Target.position, Target.id)
    )
    return list(rows)


async def tasks_of_jurisdiction(session: AsyncSession, jurisdiction_ids: Sequence[int]) -> list[Any]:
    rows = await session.execute(
        select(Task.__table__)
        .where(Task.jurisdiction_id.in_(jurisdiction_ids))
        .order_by(Task.plan_id, Task.position, Task.id)
    )
    return list(rows)


# --- current versions ---------------------------------------------------------------------------------


async def current_observations(session: AsyncSession, series: Sequence[tuple[int, int]]) -> list[list[Any]]:
    """Current observations of each (indicator id, jurisdiction id), oldest period first."""
    wanted = sorted(set(series))
    grouped: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for chunk in _chunks(wanted):
        rows = await session.execute(
            select(Observation.__table__)
            .where(
                tuple_(Observation.indicator_id, Observation.jurisdiction_id).in_(chunk),
                Observation.is_current.is_(True),
            )
            .order_by(Observation.year, Observation.ends_month, Observation.id)
        )
        for row in rows:
            grouped[(row.indicator_id, row.jurisdiction_id)].append(row)
    return [grouped.get(key, []) for key in series]


async def current_manual_statuses(session: AsyncSession, target_ids: Sequence[int]) -> list[Any | None]:
    found: dict[int, Any] = {}
    for chunk in _chunks(sorted(set(target_ids))):
        rows = await session.execute(
            select(ManualTargetStatus.__table__).where(
                ManualTargetStatus.target_id.in_(chunk), ManualTargetStatus.is_current.is_(True)
            )
        )
        found.update({row.target_id: row for row in rows})
    return [found.get(i) for i in target_ids]


async def current_scores(session: AsyncSession, jurisdiction_id: int, year: int) -> dict[int, Any]:
    rows = await session.execute(
        select(SelfAssessmentScore.__table__).where(
            SelfAssessmentScore.jurisdiction_id == jurisdiction_id,
            SelfAssessmentScore.year == year,
            SelfAssessmentScore.is_current.is_(True),
        )
    )
    return {row.indicator_id: row for row in rows}


async def current_progress(session: AsyncSession, task_ids: Sequence[int]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for chunk in _chunks(sorted(set(task_ids))):
        rows = await session.execute(
            select(TaskProgressReport.__table__)
            .where(TaskProgressReport.task_id.in_(chunk), TaskProgressReport.is_current.is_(True))
            .order_by(TaskProgressReport.year, TaskProgressReport.ends_month, TaskProgressReport.id)
        )
        for row in rows:
            grouped[row.task_id].append(row)
    return grouped


async def versions_of_observations(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """Every version of the period of each observation (its corrections and what they replaced), oldest first."""
    me = Observation.__table__.alias("me")
    rows = await session.execute(
        select(Observation.__table__, me.c.id.label("asked_id"))
        .join(
            me,
            and_(
                me.c.indicator_id == Observation.indicator_id,
                me.c.jurisdiction_id == Observation.jurisdiction_id,
                me.c.measure == Observation.measure,
                me.c.year == Observation.year,
                me.c.period == Observation.period,
            ),
        )
        .where(me.c.id.in_(ids))
        .order_by(Observation.version)
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.asked_id].append(row)
    return [grouped.get(i, []) for i in ids]


# --- pages --------------------------------------------------------------------------------------------


async def observation_pages(
    session: AsyncSession, indicator_ids: Sequence[int], jurisdiction_id: int | None, request: PageRequest
) -> dict[int, Page[Any]]:
    conditions: list[ColumnElement[bool]] = [Observation.is_current.is_(True)]
    if jurisdiction_id is not None:
        conditions.append(Observation.jurisdiction_id == jurisdiction_id)
    return await fetch_pages_by_parent(
        session, Observation, Observation.indicator_id, indicator_ids, OBSERVATION_ORDER, request, *conditions
    )


async def progress_pages(session: AsyncSession, task_ids: Sequence[int], request: PageRequest) -> dict[int, Page[Any]]:
    return await fetch_pages_by_parent(
        session,
        TaskProgressReport,
        TaskProgressReport.task_id,
        task_ids,
        PROGRESS_ORDER,
        request,
        TaskProgressReport.is_current.is_(True),
    )


# --- writes -------------------------------------------------------------------------------------------


# The first of an advisory lock's two keys: which kind of thing the second (a hash) names.
IDEMPOTENCY_LOCK = 1_000_010


def _locks_rows(session: AsyncSession) -> bool:
    """PostgreSQL takes row and advisory locks; SQLite serialises writers already (and has neither)."""
    return session.get_bind().dialect.name == "postgresql"


async def lock_parents(session: AsyncSession, model: Any, column: str, ids: Iterable[int]) -> None:
    """Lock until commit the rows `model.column` refers to (indicators, tasks, targets).

    FOR NO KEY UPDATE queues writers of the same parent without blocking inserts that only check the foreign key;
    taking the locks in id order means two writers of overlapping parents never wait for each other in a circle.
    """
    if not _locks_rows(session):
        return
    [foreign_key] = model.__table__.c[column].foreign_keys
    parent = foreign_key.column.table
    for chunk in _chunks(sorted(set(ids))):
        statement = (
            select(parent.c.id).where(parent.c.id.in_(chunk)).order_by(parent.c.id).with_for_update(key_share=True)
        )
        await session.execute(statement)


async def lock_idempotency_key(session: AsyncSession, recorded_by: str, kind: str, key: str) -> None:
    """Lock one idempotency key until commit, so a repeat sent while the first call runs waits and finds its batch.

    A hash collision only makes two unrelated keys wait for each other; it never merges them.
    """
    if not _locks_rows(session):
        return
    digest = hashlib.blake2b("\x1f".join((recorded_by, kind, key)).encode(), digest_size=4).digest()
    await session.execute(
        select(func.pg_advisory_xact_lock(IDEMPOTENCY_LOCK, int.from_bytes(digest, "big", signed=True)))
    )


async def current_rows_for_update(
    session: AsyncSession, model: Any, key_columns: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """Current versions of the given keys (tuples of `key_columns`, the first naming the parent row), read after
    locking their parents until commit: a concurrent writer of the same subject waits, then reads what this one
    wrote (each statement of a READ COMMITTED transaction sees what committed before it began)."""
    await lock_parents(session, model, key_columns[0], [key[0] for key in keys])
    columns = [getattr(model, name) for name in key_columns]
    found: dict[tuple[Any, ...], Any] = {}
    for chunk in _chunks(sorted(set(keys)), CHUNK // max(1, len(key_columns) // 2)):
        statement = select(model.__table__).where(tuple_(*columns).in_(chunk), model.is_current.is_(True))
        for row in await session.execute(statement):
            found[tuple(getattr(row, name) for name in key_columns)] = row
    return found


async def insert_versions(
    session: AsyncSession, model: Any, values: Sequence[dict[str, Any]], retired_ids: Sequence[int]
) -> list[int]:
    """Insert new versions; the versions they replace (`retired_ids`) stop being current first."""
    for chunk in _chunks(list(retired_ids)):
        await session.execute(update(model).where(model.id.in_(chunk)).values(is_current=False))
    ids: list[int] = []
    for chunk in _chunks(list(values)):
        result = await session.execute(insert(model).returning(model.id), list(chunk))
        ids += [row[0] for row in result.all()]
    return ids


async def rows_by_ids(session: AsyncSession, model: Any, ids: Sequence[int]) -> list[Any]:
    found: dict[int, Any] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in await session.execute(select(model.__table__).where(model.id.in_(chunk))):
            found[row.id] = row
    return [found[i] for i in ids if i in found]


async def frameworks_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(select(IndicatorFramework.__table__).where(IndicatorFramework.id.in_(ids)))
    return {row.id: row for row in rows}


async def plan_rows(session: AsyncSession) -> dict[int, Any]:
    return {row.id: row for row in await all_rows(session, Plan)}


async def jurisdiction_rows(session: AsyncSession) -> dict[int, Any]:
    return {row.id: row for row in await all_rows(session, Jurisdiction)}
