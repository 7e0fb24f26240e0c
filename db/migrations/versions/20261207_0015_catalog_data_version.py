"""data versions of table groups written rarely: the catalog (written by `hia catalog load`) and access (users and
tokens). A trigger on each table of a group advances the group's counter in the writing transaction
(db/data_version.py), so that kept responses which read only the catalog survive writes to proposals, reviews and
monitoring, and a token's principal is looked up again only when users or tokens change

A migration that makes SQLite rebuild one of these tables (a batch operation that copies it) drops its triggers:
it must call `create_triggers` for that table again (tests/test_data_version.py checks every table of a group has
them at head).

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

# The groups as of this revision: the tables of db/models/catalog.py, and those a token's principal is read from.
GROUPS = {
    "catalog": (
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
    ),
    "access": ("app_user", "api_token"),
}


def create_triggers(scope: str, table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Once per statement: a catalog load of thousands of rows advances it once per statement, not per row.
        op.execute(
            f"CREATE TRIGGER hia_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION hia_advance_data_version('{scope}')"
        )
        return
    # SQLite has row triggers only.
    for event in ("INSERT", "UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER hia_data_version_{table}_{event.lower()} AFTER {event} ON {table} "
            f"BEGIN UPDATE data_version SET version = version + 1 WHERE scope = '{scope}'; END"
        )


def drop_triggers(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS hia_data_version ON {table}")
        return
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS hia_data_version_{table}_{event}")


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_data_version")),
    )
    for scope in GROUPS:
        op.execute(f"INSERT INTO data_version (scope, version) VALUES ('{scope}', 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION hia_advance_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE data_version SET version = version + 1 WHERE scope = TG_ARGV[0]; RETURN NULL; END $$"
        )
    for scope, tables in GROUPS.items():
        for table in tables:
            create_triggers(scope, table)


def downgrade() -> None:
    for tables in GROUPS.values():
        for table in tables:
            drop_triggers(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS hia_advance_data_version()")
    op.drop_table("data_version")
