"""a review request lists every specialty it asks of its expert (one request per expert per proposal)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Only the columns the backfill touches; JSON so that each dialect is handed a list and stores it its way.
_request = sa.table(
    "review_request",
    sa.column("specialty", sa.String(length=40)),
    sa.column("specialties", sa.JSON()),
)


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode: rebuilding review_request on SQLite would trip the foreign keys of the
    # reviews and events that refer to its rows (SQLite adds a column in place, and drops one since 3.35).
    op.add_column("review_request", sa.Column("specialties", sa.JSON(), nullable=False, server_default="[]"))
    _backfill()


def _backfill() -> None:
    """Each existing request asked for its one specialty. One UPDATE per specialty code (there are a handful),
    so the same statement runs on SQLite and PostgreSQL without a dialect's JSON functions."""
    bind = op.get_bind()
    codes = bind.execute(sa.select(_request.c.specialty).where(_request.c.specialty.is_not(None)).distinct())
    for (code,) in codes.all():
        bind.execute(sa.update(_request).where(_request.c.specialty == code).values(specialties=[code]))


def downgrade() -> None:
    # `specialty` was kept up to date (the first of the list), so nothing is lost but the further specialties.
    op.drop_column("review_request", "specialties")
