"""The catalog's data version (db/data_version.py, migration 0015): every catalog table advances it on every
write, whoever writes, so a response kept under it is never served after the catalog changed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from db.base import Base
from db.data_version import CATALOG_TABLES, DataVersion
from db.session import transaction
from tests.fixtures.database import DatabaseUnderTest, fresh_database


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path, load=True) as db:
        yield db


async def triggered_tables(db: DatabaseUnderTest) -> set[str]:
    sql = (
        "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = 'hia_catalog_version'"
        if db.engine.dialect.name == "postgresql"
        else "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hia_catalog_version_%'"
    )
    async with db.factory() as session:
        return {str(name) for name in (await session.execute(text(sql))).scalars()}


async def test_every_catalog_table_has_the_trigger_at_head(own_db: DatabaseUnderTest) -> None:
    # a catalog table added, or rebuilt by a SQLite batch migration, without its trigger fails here
    assert await triggered_tables(own_db) == set(CATALOG_TABLES)


async def test_each_catalog_table_advances_the_catalog_version_and_nothing_else_does(own_db: DatabaseUnderTest) -> None:
    version = DataVersion(own_db.engine)
    try:
        for table in sorted(CATALOG_TABLES):
            before = await version.current()
            async with transaction(own_db.factory) as session:
                # a real write to every row (a table the catalog leaves empty gets none on SQLite, see below)
                rows = (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
                column = next(iter(Base.metadata.tables[table].primary_key.columns)).name
                await session.execute(text(f"UPDATE {table} SET {column} = {column}"))
            after = await version.current()
            assert before is not None
            assert after is not None
            if rows:
                assert after.catalog != before.catalog, f"a write to {table} left the catalog version as it was"
        before = await version.current()
        async with transaction(own_db.factory) as session:
            await session.execute(
                text(
                    "INSERT INTO mutation_receipt (operation, recorded_by, idempotency_key, input_hash, result_id,"
                    " created_at) VALUES ('createProposal', 'someone', 'k1', 'h', 1, CURRENT_TIMESTAMP)"
                )
            )
        after = await version.current()
        assert before is not None
        assert after is not None
        assert after.catalog == before.catalog
        assert after.overall != before.overall
    finally:
        version.close()
