"""Alembic environment: async engines for both PostgreSQL and SQLite; batch mode so SQLite can alter tables."""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection

import db.models  # noqa: F401  (registers every table on the metadata)
from db.base import Base
from db.session import create_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

# `hia db upgrade` passes the service's database (the data directory's by default); plain `alembic` needs it said,
# rather than quietly migrating a file in whatever directory it runs in.
database_url: str = config.attributes.get("database_url") or os.environ.get("HIA_DATABASE_URL") or ""
if not database_url:
    raise SystemExit("set HIA_DATABASE_URL, or run `hia db upgrade` (it migrates the service's own database)")


def _compare_type(
    migration: Any, _inspected: object, _metadata: object, inspected_type: Any, metadata_type: Any
) -> bool | None:
    """SQLite ignores VARCHAR lengths, so a longer String in the models is no difference there (a migration
    would only rebuild the table for nothing); elsewhere alembic's own comparison decides."""
    if (
        migration.dialect.name == "sqlite"
        and isinstance(inspected_type, sa.VARCHAR)
        and type(metadata_type) is sa.String
    ):
        return False
    return None


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=_compare_type,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        # Called from inside a running event loop (the service, the tests): reuse its connection.
        _run(connection)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    context.configure(url=database_url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
