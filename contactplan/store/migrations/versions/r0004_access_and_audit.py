"""Only who should, and on the record (issue 26): teams; each account's role,
team and session epoch (accounts signed in by single sign-on have no
password); each case's team and whether it is restricted to named people (beside
the case, in ``case_teams``);
the web page's sessions; an append-only audit of who saw and changed what;
where each acknowledgement came from.

A store used before this revision let every account see every case. So that
nobody loses sight of their cases on upgrading, a store that has accounts
puts them and every case in one team, ``everyone``; ``contactplan db init``
says so, and an admin then splits them (``users set``, ``db move``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from contactplan import clock

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: The team an upgraded store's accounts and cases are put in.
EVERYONE = "everyone"
APPEND_ONLY = "the audit is append-only: its rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.UniqueConstraint("name", name="uq_teams_name"),
    )
    # beside `cases`, not in it: SQLite could only add a column with a
    # reference by copying the table every version refers to
    op.create_table(
        "case_teams",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("team_id", sa.Integer, nullable=True),
        sa.Column("restricted", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_teams"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_teams_case_id_cases"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_case_teams_team_id_teams"),
    )
    op.create_index("ix_case_teams_team_id", "case_teams", ["team_id"])
    with op.batch_alter_table("users") as batch:
        batch.alter_column("password_hash", existing_type=sa.Text, nullable=True)
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="practitioner"))
        batch.add_column(sa.Column("team_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="local"))
        batch.add_column(sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"))
        batch.create_foreign_key("fk_users_team_id_teams", "teams", ["team_id"], ["id"])
    op.create_table(
        "case_access",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("granted_by", sa.Text, nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "user_id", name="pk_case_access"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_access_case_id_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_case_access_user_id_users"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("epoch", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_why", sa.String(32), nullable=True),
        sa.Column("address", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user_id_users"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=True),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("address", sa.Text, nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("reference", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_reference_at", "audit", ["reference", "at"])
    op.create_index("ix_audit_actor_at", "audit", ["actor", "at"])
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_table(
        "acknowledgement_sources",
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("entry", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("case_id", "entry", name="pk_acknowledgement_sources"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_acknowledgement_sources_case_id_cases"),
    )
    _append_only()
    _everyone()


def _append_only() -> None:
    """The database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the audit."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_append_only_{event.lower()} BEFORE {event} ON audit "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION contactplan_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
        "FOR EACH ROW EXECUTE FUNCTION contactplan_audit_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION contactplan_audit_append_only()"
    )


def _everyone() -> None:
    """Accounts and cases of a store used before teams existed: one team, so
    that every account keeps seeing what it saw."""
    bind = op.get_bind()
    accounts = bind.execute(sa.text("SELECT count(*) FROM users")).scalar_one()
    if not accounts:
        bind.execute(
            sa.text("INSERT INTO case_teams (case_id, team_id, restricted) SELECT id, NULL, :no FROM cases"),
            {"no": False},
        )
        return
    now = clock.now()
    stamp = now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now
    bind.execute(
        sa.text("INSERT INTO teams (name, created_at) VALUES (:name, :at)"), {"name": EVERYONE, "at": stamp}
    )
    team = bind.execute(sa.text("SELECT id FROM teams WHERE name = :name"), {"name": EVERYONE}).scalar_one()
    bind.execute(sa.text("UPDATE users SET team_id = :team"), {"team": team})
    bind.execute(
        sa.text("INSERT INTO case_teams (case_id, team_id, restricted) SELECT id, :team, :no FROM cases"),
        {"team": team, "no": False},
    )


def downgrade() -> None:
    # Allowed only while nothing is recorded that going back would delete:
    # the audit, restrictions and where acknowledgements came from. Teams,
    # roles and sessions go, as accounts go before revision 0003.
    bind = op.get_bind()
    for table, what in (
        ("audit", "audit entry(ies)"),
        ("case_access", "restriction(s) of a case to named people"),
        ("acknowledgement_sources", "record(s) of where an acknowledgement came from"),
    ):
        found = bind.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
        if found:
            raise RuntimeError(
                f"refused: the store holds {found} {what}; going back before revision 0004 would "
                "delete them (nothing is ever deleted from the record)"
            )
    roles = bind.execute(sa.text("SELECT count(*) FROM users WHERE source <> 'local'")).scalar_one()
    if roles:
        raise RuntimeError(
            f"refused: the store has {roles} account(s) signed in by single sign-on, which the "
            "earlier revision can't hold"
        )
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_append_only_update")
        op.execute("DROP TRIGGER audit_append_only_delete")
    else:
        op.execute("DROP TRIGGER audit_append_only ON audit")
        op.execute("DROP TRIGGER audit_append_only_truncate ON audit")
        op.execute("DROP FUNCTION contactplan_audit_append_only()")
    op.drop_table("acknowledgement_sources")
    op.drop_index("ix_audit_at", table_name="audit")
    op.drop_index("ix_audit_actor_at", table_name="audit")
    op.drop_index("ix_audit_reference_at", table_name="audit")
    op.drop_table("audit")
    op.drop_index("ix_sessions_user_id", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("case_access")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_team_id_teams", type_="foreignkey")
        batch.drop_column("session_epoch")
        batch.drop_column("source")
        batch.drop_column("team_id")
        batch.drop_column("role")
        batch.alter_column("password_hash", existing_type=sa.Text, nullable=False)
    op.drop_index("ix_case_teams_team_id", table_name="case_teams")
    op.drop_table("case_teams")
    op.drop_table("teams")
