"""Alembic's environment: run with the connection that
:mod:`contactplan.store.migrate` hands over (``config.attributes``)."""

from __future__ import annotations

from alembic import context

from contactplan.store.migrate import VERSION_TABLE
from contactplan.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
