"""The data versions of rarely written table groups (db/data_version.py, migration 0015): every table of the
catalog advances the catalog's version, and every table a principal is read from advances the access version, on
every write, whoever writes; a write elsewhere advances neither. A response or principal kept under a group's
version is therefore never reused after its group changed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from db.base import Base
from db.data_version import ACCESS_TABLES, CATALOG_TABLES, DataVersion, Versions
from db.session import transaction
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest, fresh_database, write_outside_the_groups

GROUPS = {"catalog": CATALOG_TABLES, "access": ACCESS_TABLES}


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path, load=True) as db:
        yield db


async def triggered_tables(db: DatabaseUnderTest) -> set[str]:
    sql = (
        "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = 'hia_data_version'"
        if db.engine.dialect.name == "postgresql"
        else "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hia_data_version_%'"
    )
    async with db.factory() as session:
        return {str(name) for name in (await session.execute(text(sql))).scalars()}


async def test_every_table_of_a_group_has_the_trigger_at_head(own_db: DatabaseUnderTest) -> None:
    # a catalog table added, or rebuilt by a SQLite batch migration, without its trigger fails here
    assert await triggered_tables(own_db) == CATALOG_TABLES | ACCESS_TABLES


def group_version(versions: Versions | None, group: str) -> str | None:
    assert versions is not None
    return versions.catalog if group == "catalog" else versions.access


async def test_each_table_advances_its_groups_version_and_no_other(own_db: DatabaseUnderTest) -> None:
    await issue_token(own_db, "VIEWER", user="dashboard")  # so that the access tables have rows
    version = DataVersion(own_db.engine)
    try:
        for group, tables in GROUPS.items():
            other = "access" if group == "catalog" else "catalog"
            for table in sorted(tables):
                before = await version.current()
                async with transaction(own_db.factory) as session:
                    # a write to every row (SQLite's row triggers fire per row: a table must have one)
                    assert (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one(), table
                    column = next(iter(Base.metadata.tables[table].primary_key.columns)).name
                    await session.execute(text(f"UPDATE {table} SET {column} = {column}"))
                after = await version.current()
                assert group_version(after, group) != group_version(before, group), f"{table} left {group} as it was"
                assert group_version(after, other) == group_version(before, other), f"{table} advanced {other}"
        before = await version.current()
        await write_outside_the_groups(own_db.url)
        after = await version.current()
        assert before is not None
        assert after is not None
        assert (after.catalog, after.access) == (before.catalog, before.access)
        assert after.overall != before.overall
    finally:
        version.close()
