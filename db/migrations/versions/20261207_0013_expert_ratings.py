"""experts' independent ratings of the national form and the committee's settled form of each round; users'
names, titles and organisations for signatures; the committee's blind-review setting

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "committee_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.Integer(), nullable=False),
        sa.Column("rating_closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rating_closed_by", sa.String(length=120), nullable=True),
        sa.Column("rating_close_reason", sa.Text(), nullable=True),
        sa.Column("missing_expert_ids", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("engine_degree", sa.String(length=20), nullable=True),
        sa.Column("final_degree", sa.String(length=20), nullable=True),
        sa.Column("degree_reason", sa.Text(), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_by", sa.String(length=120), nullable=True),
        sa.Column("signed_name", sa.String(length=200), nullable=True),
        sa.Column("signed_title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_committee_form_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"], ["jurisdiction.id"], name=op.f("fk_committee_form_jurisdiction_id_jurisdiction")
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_committee_form_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_form")),
        sa.UniqueConstraint("assessment_id", name=op.f("uq_committee_form_assessment_id")),
    )
    with op.batch_alter_table("committee_form", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_committee_form_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "expert_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("proposed_degree", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_by", sa.String(length=120), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_expert_rating_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["committee_member.id"], name=op.f("fk_expert_rating_expert_id_committee_member")
        ),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"], ["jurisdiction.id"], name=op.f("fk_expert_rating_jurisdiction_id_jurisdiction")
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_expert_rating_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_rating")),
        sa.UniqueConstraint("assessment_id", "expert_id", name=op.f("uq_expert_rating_assessment_id_expert_id")),
    )
    with op.batch_alter_table("expert_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expert_rating_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expert_rating_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expert_rating_proposal_id"), ["proposal_id"], unique=False)

    with op.batch_alter_table("committee", schema=None) as batch_op:
        batch_op.add_column(sa.Column("blind_review", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name_zh", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("display_name_en", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("title_zh", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("organisation_zh", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("committee", schema=None) as batch_op:
        batch_op.drop_column("blind_review")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("organisation_zh")
        batch_op.drop_column("title_zh")
        batch_op.drop_column("display_name_en")
        batch_op.drop_column("display_name_zh")

    with op.batch_alter_table("expert_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expert_rating_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_expert_rating_expert_id"))
        batch_op.drop_index(batch_op.f("ix_expert_rating_assessment_id"))

    op.drop_table("expert_rating")
    with op.batch_alter_table("committee_form", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_committee_form_proposal_id"))

    op.drop_table("committee_form")
