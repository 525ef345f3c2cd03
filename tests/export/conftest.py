"""Fixtures: `db_url` runs each test on SQLite and on a real throwaway PostgreSQL server (tests/pg.py)."""
from pg import db_url, pg_server  # noqa: F401  (fixtures)
