"""A value that changes whenever any write to the database commits: what a cached read is keyed by.

A response computed after reading the version holds data at least as new as the version says, so serving it to
a later request that reads the same version never shows that request older data than the database holds.
What matters is that the value changes when a write becomes visible, not before:

- PostgreSQL: the current snapshot (`pg_current_snapshot()`, "xmin:xmax:in-progress"): every writing
  transaction takes a transaction id, which enters the snapshot when it starts and leaves it when it commits or
  rolls back. Read-only transactions take none. It is cluster-wide, so writes to other databases of the same
  server change it too (a cache misses more, never serves stale data). No table, no trigger, and no lock a
  writer would queue on.
- SQLite: `PRAGMA data_version` on a connection of its own that never writes: SQLite changes it when any other
  connection — this process's pool, another `hia` command, another process — commits to the database file.
  Reading it touches no table and takes no lock a writer waits for (WAL).
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from db.session import is_sqlite


class DataVersion:
    """The database's data version, read once per request (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sqlite = is_sqlite(str(engine.url))
        path = make_url(str(engine.url)).database if self._sqlite else None
        # An in-memory SQLite database has no file another connection could open: it has no version.
        self._sqlite_path = path if path and path != ":memory:" and not path.startswith("file::memory:") else None
        self._probe: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    async def current(self) -> str | None:
        """The version, or None where the database has none (in-memory SQLite): then nothing may be cached."""
        if self._sqlite:
            # A PRAGMA on the probe's own connection answers in microseconds: no thread hop needed.
            return self._sqlite_version() if self._sqlite_path is not None else None
        async with self._engine.connect() as connection:
            result = await connection.exec_driver_sql("SELECT pg_current_snapshot()::text")
            return str(result.scalar_one())

    def _sqlite_version(self) -> str:
        with self._lock:
            if self._probe is None:
                assert self._sqlite_path is not None
                # Opened read-only: the probe can never be the writer whose commits it would not see.
                self._probe = sqlite3.connect(
                    f"file:{self._sqlite_path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
                )
            return str(self._probe.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
