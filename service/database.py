"""Bringing a database up to date: alembic migrations and, on an empty catalog, the seed data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.repositories.catalog import catalog_is_empty
from db.repositories.catalog_sync import SyncReport
from db.session import begin_write, transaction, write_turn
from service.catalog.loader import DEFAULT_SEED_DIR, load_catalog
from service.errors import HiaError
from service.i18n import _
from service.screening import checklists

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "db" / "migrations"


class BusyError(HiaError):
    code = "BUSY"


# SQLite's words when another process held the write lock past the busy timeout.
_BUSY = ("database is locked", "database is busy")


@contextmanager
def busy_as_user_error() -> Iterator[None]:
    """A write that found the database locked past the busy timeout (another process writing: the CLI, a second
    server) becomes a BUSY userError saying nothing changed, instead of a masked unexpected error."""
    try:
        yield
    except OperationalError as exc:
        if not any(words in str(exc) for words in _BUSY):
            raise
        raise BusyError(
            _("the database is busy with other changes: nothing was changed, try again in a moment")
        ) from exc


def alembic_config(database_url: str) -> Config:
    # alembic (with mako and pygments) is imported when a migration runs: a service process that only serves
    # starts about 0.2 s sooner without it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Run every pending migration (the same ones on SQLite and PostgreSQL)."""
    from alembic import command

    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))

    def _upgrade(connection: object) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def load(factory: async_sessionmaker[AsyncSession], seed_dir: Path | None = None) -> SyncReport:
    """Make the catalog match the seed files, then publish shipped checklists that are new (one transaction)."""
    async with transaction(factory) as session:
        report = await load_catalog(session, seed_dir or DEFAULT_SEED_DIR)
        for key in await checklists.publish_shipped(session):
            report.inserted["checklist_version"] += 1
            log.info("published checklist %s", key)
        return report


async def load_if_empty(factory: async_sessionmaker[AsyncSession], seed_dir: Path | None = None) -> SyncReport | None:
    async with factory() as session:
        empty = await catalog_is_empty(session)
    if not empty:
        return None
    log.info("catalog is empty: loading the seed data")
    return await load(factory, seed_dir)


__all__ = [
    "BusyError",
    "alembic_config",
    "begin_write",
    "busy_as_user_error",
    "load",
    "load_if_empty",
    "upgrade",
    "write_turn",
]
