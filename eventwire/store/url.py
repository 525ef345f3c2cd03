"""Database URLs: what `--db` accepts, normalised to a SQLAlchemy URL; `redact` for showing one."""
from __future__ import annotations

import os
import re

from ..errors import StoreError, message

# accepted scheme -> SQLAlchemy driver scheme (psycopg 3 for PostgreSQL)
SCHEMES = {
    "sqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
# user:password@ in the authority, and password=... among query parameters (libpq accepts both)
_SECRETS = (re.compile(r"(://[^/?#@:]*:)[^/?#@]*@"), re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE))


def redact(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    out = str(url)
    for pattern in _SECRETS:
        out = pattern.sub(r"\1***" + ("@" if pattern is _SECRETS[0] else ""), out)
    return out


def normalise(url_or_path: str | os.PathLike) -> str:
    """`sqlite:///x.db`, `postgresql://u@h:p/db` or a plain file path (a SQLite file)."""
    raw = os.fspath(url_or_path)
    if "://" not in raw:
        return "sqlite:///" + os.path.abspath(raw)
    scheme, rest = raw.split("://", 1)
    if scheme not in SCHEMES:
        raise StoreError(f"EW301 {message('EW301', url=redact(raw))}")
    return f"{SCHEMES[scheme]}://{rest}"
