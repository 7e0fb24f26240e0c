"""Engine and session factory for PostgreSQL (asyncpg) and the embedded SQLite default (aiosqlite)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, statement_timeout_ms: int | None = None, echo: bool = False) -> AsyncEngine:
    """Create the engine; SQLite gets foreign keys and WAL, PostgreSQL a statement timeout."""
    connect_args: dict[str, Any] = {}
    if not is_sqlite(url) and statement_timeout_ms:
        connect_args["server_settings"] = {"statement_timeout": str(statement_timeout_ms)}
    engine = create_async_engine(url, echo=echo, connect_args=connect_args, pool_pre_ping=not is_sqlite(url))
    if is_sqlite(url):
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked on every connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers proceed while the catalog loader writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    async with factory() as session, session.begin():
        yield session


# The embedded default: a SQLite file in the working directory, so `hia serve` works with no setup.
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./hia.sqlite3"
