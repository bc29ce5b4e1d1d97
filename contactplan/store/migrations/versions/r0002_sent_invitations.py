"""What was sent to whom: calendar invitations by email (issue 16), so that a
change is sent again with a higher SEQUENCE and nothing is sent twice.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_invitations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.Text, nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sent_invitations"),
    )
    op.create_index("ix_sent_invitations_uid_recipient", "sent_invitations", ["uid", "recipient"])


def downgrade() -> None:
    # Allowed only while nothing has been sent: the record of what was sent
    # is never deleted.
    sent = op.get_bind().execute(sa.text("SELECT count(*) FROM sent_invitations")).scalar_one()
    if sent:
        raise RuntimeError(
            f"refused: the store records {sent} sent invitation(s); going back before revision 0002 "
            "would delete that record (nothing is ever deleted from the record)"
        )
    op.drop_index("ix_sent_invitations_uid_recipient", table_name="sent_invitations")
    op.drop_table("sent_invitations")
