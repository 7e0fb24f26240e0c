"""receipts of creating mutations sent with an idempotency key, and the input hash of monitoring batches
(IDEMPOTENCY_CONFLICT when a key comes back with other input); committee members' title and affiliation in
English

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mutation_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(length=60), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mutation_receipt")),
        sa.UniqueConstraint(
            "recorded_by",
            "operation",
            "idempotency_key",
            name=op.f("uq_mutation_receipt_recorded_by_operation_idempotency_key"),
        ),
    )
    with op.batch_alter_table("monitoring_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("input_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("committee_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_en", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("affiliation_en", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("committee_member", schema=None) as batch_op:
        batch_op.drop_column("affiliation_en")
        batch_op.drop_column("title_en")
    with op.batch_alter_table("monitoring_batch", schema=None) as batch_op:
        batch_op.drop_column("input_hash")
    op.drop_table("mutation_receipt")
