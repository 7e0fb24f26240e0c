"""Bringing a database up to date: alembic migrations and, on an empty catalog, the seed data."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.repositories.catalog import catalog_is_empty
from db.repositories.catalog_sync import SyncReport
from db.session import begin_write, transaction
from service.catalog.loader import DEFAULT_SEED_DIR, load_catalog
from service.screening import checklists

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "db" / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Run every pending migration (the same ones on SQLite and PostgreSQL)."""
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


__all__ = ["alembic_config", "begin_write", "load", "load_if_empty", "upgrade"]
