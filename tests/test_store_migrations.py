"""The store's migrations (Alembic, shipped in the package), on SQLite and
PostgreSQL: upgrade from an empty database and from every earlier revision,
the tables they build are exactly those the code uses, and a downgrade works
or is refused clearly (nothing is ever deleted from the record)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from contactplan.casefile import load_case
from contactplan.store import Store, StoreError, migrate
from contactplan.store.document import encode
from contactplan.store.engine import create_store_engine
from contactplan.store.schema import metadata

pytest_plugins = ["store_support"]

GOOD = Path(__file__).resolve().parent.parent / "examples" / "nowak-family-good.yaml"
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _revision(url: str) -> str | None:
    engine, _ = create_store_engine(url)
    try:
        with engine.connect() as connection:
            return migrate.current_revision(connection)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine, _ = create_store_engine(url)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_there_are_several_revisions_in_order() -> None:
    revisions = migrate.revisions()
    assert revisions[:2] == ["0001", "0002"] and revisions[-1] == migrate.head_revision()
    # the file names the store reads on opening tell the same story as Alembic
    assert migrate.alembic_revisions() == revisions


def test_an_empty_database_is_set_up_on_first_use(store_url: str) -> None:
    assert _revision(store_url) is None
    with Store(store_url) as store:
        assert store.revision == migrate.head_revision()
    assert _revision(store_url) == migrate.head_revision()
    assert {"cases", "case_versions", "findings", "contacts", "bookings", "sent_invitations"} <= _tables(
        store_url
    )


def test_the_migrations_build_exactly_the_tables_the_code_uses(store_url: str) -> None:
    with Store(store_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            d
            for d in compare_metadata(context, metadata)
            if not (d[0] == "remove_table" and d[1].name == migrate.VERSION_TABLE)
        ]
    assert differences == []


@pytest.mark.parametrize("start", migrate.revisions()[:-1])
def test_upgrade_from_an_earlier_revision_keeps_the_cases(store_url: str, start: str) -> None:
    engine, _ = create_store_engine(store_url)
    migrate.upgrade(engine, start)
    case = load_case(GOOD)
    with engine.begin() as connection:
        case_id = connection.execute(
            sa.text(
                "INSERT INTO cases (reference, version, status, created_at, updated_at, updated_by) "
                "VALUES (:r, 1, 'open', :t, :t, 'Jo Smith') RETURNING id"
            ),
            {"r": case.reference, "t": NOW.replace(tzinfo=None) if engine.dialect.name == "sqlite" else NOW},
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO case_versions (case_id, version, action, status, saved_by, saved_at, document) "
                "VALUES (:c, 1, 'created', 'open', 'Jo Smith', :t, :d)"
            ),
            {
                "c": case_id,
                "t": NOW.replace(tzinfo=None) if engine.dialect.name == "sqlite" else NOW,
                "d": encode(case),
            },
        )
    engine.dispose()
    with pytest.raises(StoreError, match=f"revision {start}.*contactplan db init"):
        Store(store_url)
    with Store(store_url, upgrade=True) as store:
        assert store.load(case.reference) == (case, 1)
        assert store.history(case.reference)[0].at == NOW
        assert store.save(case, 1, "Jo Smith", "after the upgrade") == 2
    assert _revision(store_url) == migrate.head_revision()


def test_downgrade_of_an_empty_store_works(store_url: str) -> None:
    with Store(store_url) as store:
        migrate.downgrade(store.engine, "base")
    assert _revision(store_url) is None
    assert not {"cases", "sent_invitations"} & _tables(store_url)
    with Store(store_url) as store:  # and it can be set up again
        assert store.revision == migrate.head_revision()


def test_downgrade_that_would_delete_the_record_is_refused(store_url: str) -> None:
    with Store(store_url) as store:
        store.record_sent("uid-1", "ewa@example.org", 0, "request", NOW)
        with pytest.raises(StoreError, match=r"refused: the store records 1 sent invitation"):
            migrate.downgrade(store.engine, "0001")
        assert _revision(store_url) == migrate.head_revision()
        assert store.last_sent("uid-1", "ewa@example.org") == (0, "request")
    # the whole downgrade was one transaction: nothing of it is left half-done
    assert {"sent_invitations", *(t.name for t in metadata.sorted_tables)} <= _tables(store_url)


def test_downgrade_that_would_delete_cases_is_refused(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(load_case(GOOD), None, "Jo Smith")
        with pytest.raises(StoreError, match=r"refused: the store holds 1 case"):
            migrate.downgrade(store.engine, "base")
        assert store.load("CP-2026-0142")[1] == 1


def test_a_store_from_a_newer_contactplan_is_refused(store_url: str) -> None:
    with Store(store_url) as store, store.engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '9999'"))
    with pytest.raises(StoreError, match="set up by a newer contactplan"):
        Store(store_url)
    with pytest.raises(StoreError, match="set up by a newer contactplan"):
        Store(store_url, upgrade=True)


def test_upgrading_a_store_with_accounts_keeps_what_each_account_saw(store_url: str) -> None:
    """Before revision 0004 every account saw every case: the upgrade puts the
    accounts and the cases in one team, 'everyone', and db init says so."""
    from typer.testing import CliRunner

    from contactplan.cli import app

    engine, _ = create_store_engine(store_url)
    migrate.upgrade(engine, "0003")
    stamp = NOW.replace(tzinfo=None) if engine.dialect.name == "sqlite" else NOW
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO users (name, password_hash, disabled, created_at, failed_sign_ins) "
                "VALUES ('Jo Smith', 'x', :no, :t, 0)"
            ),
            {"no": False, "t": stamp},
        )
        case_id = connection.execute(
            sa.text(
                "INSERT INTO cases (reference, version, status, created_at, updated_at, updated_by) "
                "VALUES ('CP-2026-0142', 1, 'open', :t, :t, 'Jo Smith') RETURNING id"
            ),
            {"t": stamp},
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO case_versions (case_id, version, action, status, saved_by, saved_at, document) "
                "VALUES (:c, 1, 'created', 'open', 'Jo Smith', :t, :d)"
            ),
            {"c": case_id, "t": stamp, "d": encode(load_case(GOOD))},
        )
    engine.dispose()
    result = CliRunner().invoke(app, ["db", "init", "--database", store_url])
    assert result.exit_code == 0 and "in the team 'everyone', with every case" in result.stderr
    with Store(store_url) as store:
        jo = store.acting("Jo Smith", via="web")
        assert jo.team == "everyone" and jo.role == "practitioner"
        assert [s.reference for s in store.list(actor=jo)] == ["CP-2026-0142"]
        assert store.list()[0].team == "everyone"


def test_the_audit_is_append_only_and_a_downgrade_would_not_delete_it(store_url: str) -> None:
    with Store(store_url) as store:
        store.record(store.acting("Jo Smith"), "view", "CP-2026-0142")
        with pytest.raises(StoreError, match=r"refused: the store holds 1 audit entry"):
            migrate.downgrade(store.engine, "0003")
        assert _revision(store_url) == migrate.head_revision()
        assert len(store.audit_entries()) == 1
