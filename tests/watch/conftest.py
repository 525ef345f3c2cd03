"""Fixtures: a real local news site (newsite.py) and a fresh SQLite event database per test."""
from __future__ import annotations

import pytest

from eventwire.store import Store
from eventwire.watch import Policy
from newsite import Site


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = None  # no robots.txt (404): everything allowed, unless a test sets one
    yield s
    s.close()


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "events.db") as s:
        yield s


@pytest.fixture
def policy() -> Policy:
    # Short limits so the hostile routes fail fast; a delay so politeness can be observed.
    return Policy(timeout=1.0, deadline=2.0, max_bytes=256 * 1024, delay=0.05, max_redirects=3)
