"""Make catalog tables equal to the rows the seed files describe, touching only what differs.

Rows are matched on a natural key (a code, or all columns of an association table). Loading the
same files twice therefore writes nothing the second time, and record ids stay stable across loads.
Rows no longer described are deleted at the end, children before parents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

Key = tuple[Hashable, ...]
# A row is its column values, or a function giving them once earlier rows of the same call have ids.
RowSpec = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass
class SyncReport:
    """How many rows of each table the sync inserted, updated and deleted."""

    inserted: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any((self.inserted, self.updated, self.deleted))

    def summary(self) -> str:
        tables = sorted(set(self.inserted) | set(self.updated) | set(self.deleted))
        if not tables:
            return "catalog unchanged"
        return ", ".join(f"{t}: +{self.inserted[t]} ~{self.updated[t]} -{self.deleted[t]}" for t in tables)


@dataclass
class CatalogSync:
    session: AsyncSession
    report: SyncReport = field(default_factory=SyncReport)
    _stale: list[tuple[Any, list[Any]]] = field(default_factory=list)

    async def rows(
        self,
        model: Any,
        key_columns: Sequence[str],
        rows: Sequence[RowSpec],
        *,
        flush_each_insert: bool = False,
        known: dict[Key, int] | None = None,
    ) -> dict[Key, int]:
        """Upsert rows in order; return the id of every described row by its key.

        A row given as a function is built just before it is upserted, so it may look up ids of rows
        upserted before it in the same call (a parent task before its sub-tasks): with
        `flush_each_insert`, each row's id is put in `known` as soon as it has one.
        """
        table = model.__tablename__
        existing: dict[Key, Any] = {}
        for current in await self.session.scalars(select(model)):
            existing[tuple(getattr(current, c) for c in key_columns)] = current
        described: list[tuple[Key, Any]] = []
        for spec in rows:
            values = spec() if callable(spec) else spec
            key = tuple(values[c] for c in key_columns)
            row = existing.pop(key, None)
            if row is None:
                row = model(**values)
                self.session.add(row)
                self.report.inserted[table] += 1
                if flush_each_insert:
                    await self.session.flush()
            else:
                changes = {c: v for c, v in values.items() if getattr(row, c) != v}
                if changes:
                    for column, value in changes.items():
                        setattr(row, column, value)
                    self.report.updated[table] += 1
            described.append((key, row))
            if known is not None and getattr(row, "id", None) is not None:
                known[key] = row.id
        await self.session.flush()
        ids = {key: row.id for key, row in described if hasattr(row, "id")}
        self._stale.append((model, list(existing.values())))
        return ids

    async def delete_stale(self) -> None:
        """Delete rows no longer described, the latest-synced tables (children) first."""
        for model, rows in reversed(self._stale):
            if not rows:
                continue
            # Within a self-referencing table, children were created after their parents.
            for row in sorted(rows, key=lambda r: -getattr(r, "id", 0)):
                await self.session.delete(row)
                await self.session.flush()
            self.report.deleted[model.__tablename__] += len(rows)
        self._stale.clear()


async def clear(session: AsyncSession, models: Sequence[Any]) -> None:
    for model in models:
        await session.execute(delete(model))
