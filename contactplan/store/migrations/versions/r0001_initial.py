"""The record of cases: cases, their versions, stored findings, and the
contacts and interpreter bookings derived from the current version.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("updated_at", Instant, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("reference", name="uq_cases_reference"),
    )
    op.create_table(
        "case_versions",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("saved_by", sa.Text, nullable=False),
        sa.Column("saved_at", Instant, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("checked_on", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("case_id", "version", name="pk_case_versions"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_versions_case_id_cases"),
    )
    op.create_table(
        "findings",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("member", sa.String(100), nullable=True),
        sa.Column("contact", sa.String(100), nullable=True),
        sa.Column("letter", sa.String(100), nullable=True),
        sa.Column("acknowledged", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("case_id", "version", "position", name="pk_findings"),
        sa.ForeignKeyConstraint(
            ["case_id", "version"],
            ["case_versions.case_id", "case_versions.version"],
            name="fk_findings_case_id_version_case_versions",
        ),
    )
    op.create_table(
        "contacts",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("start_utc", Instant, nullable=False),
        sa.Column("end_utc", Instant, nullable=False),
        sa.PrimaryKeyConstraint("case_id", "contact_id", name="pk_contacts"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_contacts_case_id_cases"),
    )
    op.create_index("ix_contacts_status_start_utc", "contacts", ["status", "start_utc"])
    op.create_table(
        "bookings",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("interpreter_id", sa.String(100), nullable=False),
        sa.Column("relay", sa.Boolean, nullable=False),
        sa.Column("language", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("registration", sa.Text, nullable=True),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("identity", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("case_id", "contact_id", "position", name="pk_bookings"),
        sa.ForeignKeyConstraint(
            ["case_id", "contact_id"],
            ["contacts.case_id", "contacts.contact_id"],
            name="fk_bookings_case_id_contact_id_contacts",
        ),
    )
    op.create_index("ix_bookings_identity", "bookings", ["identity"])


def downgrade() -> None:
    # Nothing is ever deleted from the record: going below the first
    # revision drops every table, so it is allowed only on an empty store.
    cases = op.get_bind().execute(sa.text("SELECT count(*) FROM cases")).scalar_one()
    if cases:
        raise RuntimeError(
            f"refused: the store holds {cases} case(s); going back before revision 0001 "
            "would delete them (nothing is ever deleted from the record)"
        )
    op.drop_table("bookings")
    op.drop_table("contacts")
    op.drop_table("findings")
    op.drop_table("case_versions")
    op.drop_table("cases")
