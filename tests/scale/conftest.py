"""Fixtures: a throwaway PostgreSQL server (tests/pg.py) for the Dask ingest tests."""
from pg import pg_server  # noqa: F401  (fixture)
