"""the catalog's own data version: a counter that every write to a catalog table advances, by trigger, in the
writing transaction (db/data_version.py), so that kept responses which read only the catalog survive writes to
proposals, reviews and monitoring

A migration that makes SQLite rebuild one of these tables (a batch operation that copies it) drops its triggers:
it must call `create_triggers` for that table again (tests/test_data_version.py checks every catalog
table has them at head).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables of db/models/catalog.py as of this revision: written only by `hia catalog load`.
CATALOG_TABLES = (
    "portfolio",
    "jurisdiction",
    "department",
    "department_name",
    "department_portfolio",
    "plan",
    "plan_phase",
    "indicator_framework",
    "dimension",
    "indicator",
    "indicator_link",
    "working_group",
    "task",
    "task_indicator",
    "responsibility",
    "target",
)
BUMP = "UPDATE data_version SET version = version + 1 WHERE scope = 'catalog'"


def create_triggers(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Once per statement: a catalog load of thousands of rows advances it once per statement, not per row.
        op.execute(
            f"CREATE TRIGGER hia_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION hia_advance_catalog_version()"
        )
        return
    # SQLite has row triggers only.
    for event in ("INSERT", "UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER hia_catalog_version_{table}_{event.lower()} AFTER {event} ON {table} "
            f"BEGIN {BUMP}; END"
        )


def drop_triggers(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS hia_catalog_version ON {table}")
        return
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS hia_catalog_version_{table}_{event}")


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (scope, version) VALUES ('catalog', 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION hia_advance_catalog_version() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
    for table in CATALOG_TABLES:
        create_triggers(table)


def downgrade() -> None:
    for table in CATALOG_TABLES:
        drop_triggers(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS hia_advance_catalog_version()")
    op.drop_table("data_version")
