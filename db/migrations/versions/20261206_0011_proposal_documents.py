"""documents proposals are drafted from, the answers they suggest, where each answer came from, and the
hash of a creating request's input (IDEMPOTENCY_CONFLICT)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposal_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("uploaded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"], ["app_user.id"], name=op.f("fk_proposal_document_uploaded_by_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_document_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_document")),
        sa.UniqueConstraint("code", name=op.f("uq_proposal_document_code")),
    )
    with op.batch_alter_table("proposal_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_document_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_document_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_proposal_document_uploaded_by_user_id"), ["uploaded_by_user_id"], unique=False
        )


    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggestions", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("answer_origins", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("create_input_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_provenance", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("answer_provenance")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_column("create_input_hash")
        batch_op.drop_column("answer_origins")
        batch_op.drop_column("suggestions")
    with op.batch_alter_table("proposal_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_document_uploaded_by_user_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_proposal_document_proposal_id"))
    op.drop_table("proposal_document")
