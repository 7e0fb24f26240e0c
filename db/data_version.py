"""What a cached read is keyed by: values that change whenever a write that could change the read commits.

A response computed after reading a version holds data at least as new as the version says, so serving it to a
later request that reads the same version never shows that request older data than the database holds. What
matters is that a value changes when a write becomes visible, not before. There are two:

- **overall**, changed by any write:
  - PostgreSQL: the current snapshot (`pg_current_snapshot()`, "xmin:xmax:in-progress"): every writing
    transaction takes a transaction id, which enters the snapshot when it starts and leaves it when it commits
    or rolls back. Read-only transactions take none. It is cluster-wide, so writes to other databases of the
    same server change it too (a cache misses more, never serves stale data). No table, no trigger, no lock.
  - SQLite: `PRAGMA data_version` on a connection of its own that never writes: SQLite changes it when any
    other connection (this process's pool, another `hia` command, another process) commits to the file.
- **catalog**, changed only by writes to the catalog's tables (`CATALOG_TABLES`, written by `hia catalog load`),
  and **access**, changed only by writes to users and tokens (`ACCESS_TABLES`): rows of `data_version`, which a
  trigger on each table of the group advances in the writing transaction (migration 0015), so the new count
  becomes visible with the rows, whoever writes them. Proposals, reviews and monitoring are written several
  times a second under load; the catalog, users and tokens almost never.

A read may be keyed by the catalog version only if every statement it ran named catalog tables only:
`recording_tables` collects the tables the statements of a request name (every statement the engine sends
passes `before_cursor_execute`, raw SQL included). A name is recognised in the SQL text, so a column or alias
spelled like another table only makes a read look wider than it is: never narrower.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import Base
from db.models import ApiToken, AppUser, catalog
from db.session import is_sqlite

CATALOG_TABLES = frozenset(
    str(mapper.class_.__tablename__) for mapper in Base.registry.mappers if mapper.class_.__module__ == catalog.__name__
)
ACCESS_TABLES = frozenset({AppUser.__tablename__, ApiToken.__tablename__})
_SCOPES = "SELECT scope, version FROM data_version WHERE scope IN ('catalog', 'access')"
_OVERALL_AND_SCOPES = f"SELECT pg_current_snapshot()::text, array_agg(scope || ':' || version) FROM ({_SCOPES}) AS s"
_NAME = re.compile(r"[a-z_][a-z0-9_]*")

# The tables named by the statements of the request being recorded (None: not recording).
_tables_read: ContextVar[set[str] | None] = ContextVar("hia_tables_read", default=None)


@dataclass(frozen=True, slots=True)
class Versions:
    overall: str
    # None where a counter cannot be read (a database not yet migrated to 0015): only `overall` is usable.
    catalog: str | None
    access: str | None

    @classmethod
    def of(cls, overall: object, scopes: dict[str, str]) -> Versions:
        return cls(overall=str(overall), catalog=scopes.get("catalog"), access=scopes.get("access"))


@functools.lru_cache(maxsize=4096)
def tables_named(statement: str) -> frozenset[str]:
    """The tables whose names occur in a statement's text (statements repeat: the answer is remembered)."""
    return frozenset(name for name in _NAME.findall(statement.lower()) if name in Base.metadata.tables)


@contextmanager
def recording_tables() -> Iterator[set[str]]:
    """Collect, into the set yielded, the tables named by every statement run in this context (tasks started
    inside it included) until the block ends."""
    tables: set[str] = set()
    token = _tables_read.set(tables)
    try:
        yield tables
    finally:
        _tables_read.reset(token)


def _note_tables(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    tables = _tables_read.get()
    if tables is not None:
        tables |= tables_named(statement)


class DataVersion:
    """The database's versions, read once per request (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sqlite = is_sqlite(str(engine.url))
        path = make_url(str(engine.url)).database if self._sqlite else None
        # An in-memory SQLite database has no file another connection could open: it has no version.
        self._sqlite_path = path if path and path != ":memory:" and not path.startswith("file::memory:") else None
        self._probe: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        if not event.contains(engine.sync_engine, "before_cursor_execute", _note_tables):
            event.listen(engine.sync_engine, "before_cursor_execute", _note_tables)

    async def current(self) -> Versions | None:
        """The versions, or None where the database has none (in-memory SQLite): then nothing may be cached."""
        if self._sqlite:
            # Statements on the probe's own connection answer in microseconds: no thread hop needed.
            return self._sqlite_versions() if self._sqlite_path is not None else None
        async with self._engine.connect() as connection:
            overall, scopes = tuple((await connection.exec_driver_sql(_OVERALL_AND_SCOPES)).one())
            return Versions.of(overall, dict(pair.split(":", 1) for pair in scopes or ()))

    def _sqlite_versions(self) -> Versions:
        with self._lock:
            if self._probe is None:
                assert self._sqlite_path is not None
                # Opened read-only: the probe can never be the writer whose commits it would not see.
                self._probe = sqlite3.connect(
                    f"file:{self._sqlite_path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
                )
            overall = self._probe.execute("PRAGMA data_version").fetchone()[0]
            try:
                scopes = {str(scope): str(version) for scope, version in self._probe.execute(_SCOPES)}
            except sqlite3.OperationalError:  # no such table: not migrated yet
                scopes = {}
            return Versions.of(overall, scopes)

    def close(self) -> None:
        with self._lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
