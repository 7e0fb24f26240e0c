"""What a `hia` command needs of the database, checked before it runs so that it can say what to run instead of
failing deep inside with a driver's traceback. Apart from the command line itself (service.cli), so that
`hia --help` and the commands without a database import none of SQLAlchemy, alembic or the models."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.repositories.catalog import catalog_is_empty
from db.session import create_engine, create_session_factory
from service import database
from service.cli_needs import SET_UP, DatabaseNotReady, Needs
from service.config import Settings, sqlite_file

T = TypeVar("T")


def _where(settings: Settings) -> str:
    path = sqlite_file(settings.database_url)
    return str(path) if path else make_url(settings.database_url).render_as_string(hide_password=True)


def _current_revision(connection: Connection) -> str | None:
    # alembic announces the dialect at INFO whenever it looks; before every command that is noise.
    announcer = logging.getLogger("alembic.runtime.migration")
    level = announcer.level
    announcer.setLevel(logging.WARNING)
    try:
        return MigrationContext.configure(connection).get_current_revision()
    finally:
        announcer.setLevel(level)


async def _check_ready(engine: AsyncEngine, settings: Settings, needs: Needs) -> None:
    where = _where(settings)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(_current_revision)
    except (SQLAlchemyError, OSError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseNotReady(f"cannot open the database at {where}: {reason}") from exc
    scripts = ScriptDirectory.from_config(database.alembic_config(settings.database_url))
    head = scripts.get_current_head()
    if current is None:
        raise DatabaseNotReady(f"the database at {where} has no tables yet: {SET_UP}")
    if current not in {revision.revision for revision in scripts.walk_revisions()}:
        raise DatabaseNotReady(f"the database at {where} is at migration {current}, from a newer hia: upgrade hia")
    if current != head:
        raise DatabaseNotReady(f"the database at {where} is at migration {current}, not {head}: run `hia db upgrade`")
    if needs is Needs.CATALOG:
        async with create_session_factory(engine)() as session:
            if await catalog_is_empty(session):
                raise DatabaseNotReady(f"the catalog in {where} is empty: run `hia catalog load`")


def _prepare(settings: Settings, needs: Needs) -> None:
    """Connecting to SQLite creates the file: only commands that make the database may, and they make its folder
    (the data directory) too; the others refuse before a file is left behind."""
    path = sqlite_file(settings.database_url)
    if path is None:
        return
    if needs is Needs.CREATES:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.is_file():
        raise DatabaseNotReady(f"there is no database at {path} yet: {SET_UP}")


def with_database(settings: Settings, work: Callable[..., Awaitable[T]], needs: Needs = Needs.MIGRATED) -> T:
    _prepare(settings, needs)

    async def run() -> T:
        engine = create_engine(settings.database_url)
        try:
            if needs is not Needs.CREATES:
                await _check_ready(engine, settings, needs)
            return await work(engine, create_session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


__all__ = ["with_database"]
