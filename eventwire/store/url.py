"""Database URLs: what `--db` accepts, normalised to a SQLAlchemy URL."""
from __future__ import annotations

import os

from ..errors import StoreError, message

# accepted scheme -> SQLAlchemy driver scheme (psycopg 3 for PostgreSQL)
SCHEMES = {
    "sqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def normalise(url_or_path: str | os.PathLike) -> str:
    """`sqlite:///x.db`, `postgresql://u@h:p/db` or a plain file path (a SQLite file)."""
    raw = os.fspath(url_or_path)
    if "://" not in raw:
        return "sqlite:///" + os.path.abspath(raw)
    scheme, rest = raw.split("://", 1)
    if scheme not in SCHEMES:
        raise StoreError(f"EW301 {message('EW301', url=raw)}")
    return f"{SCHEMES[scheme]}://{rest}"
