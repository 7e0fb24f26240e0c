"""Engine and session factory for PostgreSQL (asyncpg) and the embedded SQLite default (aiosqlite)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# How long a SQLite writer waits for another process's write lock (the service's own writers queue in the event
# loop, see `write_turn`): the service sizes it to its request time limit.
DEFAULT_BUSY_TIMEOUT_MS = 30_000


def create_engine(
    url: str,
    *,
    statement_timeout_ms: int | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    echo: bool = False,
) -> AsyncEngine:
    """Create the engine; SQLite gets foreign keys, WAL and a busy timeout, PostgreSQL a statement timeout."""
    connect_args: dict[str, Any] = {}
    if not is_sqlite(url) and statement_timeout_ms:
        connect_args["server_settings"] = {"statement_timeout": str(statement_timeout_ms)}
    engine = create_async_engine(url, echo=echo, connect_args=connect_args, pool_pre_ping=not is_sqlite(url))
    if is_sqlite(url):
        _configure_sqlite(engine, busy_timeout_ms)
    return engine


# Execution option asking SQLite to take the write lock when the transaction begins (see `begin_write`).
WRITE_TRANSACTION = "hia_write_transaction"


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own implicit BEGIN is always DEFERRED; we emit BEGIN ourselves (below) to choose.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked on every connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers proceed while the catalog loader writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A DEFERRED transaction that reads and then writes cannot upgrade its lock when another connection
        # committed in between: SQLite fails it at once with SQLITE_BUSY, whatever the busy timeout. Units of
        # work that write therefore begin IMMEDIATE: they wait (busy_timeout) for the one writer's lock up
        # front, and concurrent writers queue instead of failing. Reads stay DEFERRED and never block.
        immediate = connection.get_execution_options().get(WRITE_TRANSACTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def begin_write(session: AsyncSession) -> None:
    """Begin the session's transaction as one that will write (on SQLite: BEGIN IMMEDIATE; PostgreSQL needs
    nothing, its row locks do the queueing). A read-only transaction already open is ended first."""
    if session.in_transaction():
        await session.commit()
    await session.connection(execution_options={WRITE_TRANSACTION: True})


# SQLite has one writer at a time. Writers of this process take turns here, in the event loop, first come first
# served: a writer waiting in SQLite's busy handler would hold a pooled connection and a thread, and give up after
# the busy timeout with "database is locked"; waiting here costs neither. One gate per engine and event loop.
_gates: weakref.WeakKeyDictionary[Any, weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def write_turn(session: AsyncSession) -> AsyncIterator[None]:
    """Hold this process's SQLite write turn for the block (nothing on PostgreSQL, whose row locks queue writers)."""
    bind = session.bind
    if not isinstance(bind, AsyncEngine) or not is_sqlite(str(bind.url)):
        yield
        return
    per_loop = _gates.setdefault(bind.sync_engine, weakref.WeakKeyDictionary())
    gate = per_loop.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with gate:
        yield


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    async with factory() as session, write_turn(session):
        await begin_write(session)
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
