"""Place tests share the process-wide gazetteer: a real SQLite file compiled once into the cache directory
(EVENTWIRE_CACHE or ~/.cache/eventwire; the file is versioned and stamped with a hash of its inputs, so a stale
one is rebuilt, and the extraction tests reuse the same file instead of compiling their own)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gaz():
    from eventwire.places import gazetteer

    return gazetteer()
