"""Alembic migrations of the store, shipped inside the package and run by
:mod:`contactplan.store.migrate` (no ``alembic.ini`` is needed)."""
