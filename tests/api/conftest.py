"""A real server over a real SQLite file of known synthetic events, started once for the API tests."""
from __future__ import annotations

import pytest

from eventwire.api.testing import running_server
from eventwire.samples import fixtures


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "api.db")
    fixtures.build(path, synthetic_count=40, seed=3)
    return path


@pytest.fixture(scope="session")
def base(fixture_db, tmp_path_factory) -> str:
    log = str(tmp_path_factory.mktemp("api-log") / "server.log")
    with running_server(fixture_db, log_path=log) as url:
        yield url


@pytest.fixture(scope="session")
def client(base):
    import httpx

    with httpx.Client(base_url=base, timeout=30) as c:
        yield c
