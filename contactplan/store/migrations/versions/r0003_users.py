"""The web page (issue 15): local accounts (who may sign in, with an argon2
hash of the password, whether the account is disabled, and the failed
sign-ins that hold it for a while) and the caseload facts kept for each
case version (derived, like ``findings``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "case_summaries",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("case_id", "version", name="pk_case_summaries"),
        sa.ForeignKeyConstraint(
            ["case_id", "version"],
            ["case_versions.case_id", "case_versions.version"],
            name="fk_case_summaries_case_id_version_case_versions",
        ),
    )


def downgrade() -> None:
    # Accounts are not part of the case record: going back removes them
    # (every version still names who saved it).
    op.drop_table("case_summaries")
    op.drop_table("users")
