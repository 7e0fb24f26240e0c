"""why a replayed outcome changes: sentences (zh/en), the stored answers set aside, the questions unanswered

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("screening_replay_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("explanation", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("screening_replay_change", schema=None) as batch_op:
        batch_op.drop_column("explanation")
