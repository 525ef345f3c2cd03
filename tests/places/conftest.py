"""Place tests share one gazetteer, compiled once per session into a temporary cache (a real SQLite file)."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def gaz(tmp_path_factory):
    from eventwire.places import build, gazetteer

    # Reuse a cache the developer already pointed at; otherwise build into a fresh directory.
    if not os.environ.get("EVENTWIRE_CACHE"):
        os.environ["EVENTWIRE_CACHE"] = str(tmp_path_factory.mktemp("ewcache"))
    return gazetteer(build.default_path())
