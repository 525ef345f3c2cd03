"""The cached gazetteer file: one per set of inputs, so checkouts of different data can share a cache."""
from __future__ import annotations

import os
import time

from eventwire.places import build


def test_the_file_name_carries_the_inputs_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))
    assert build.default_path().name == f"gazetteer-v{build.VERSION}-{build.data_hash()}.sqlite"


def test_only_gazetteers_unused_for_a_day_are_dropped(tmp_path):
    mine = tmp_path / "gazetteer-v4-aaaa.sqlite"
    in_use = tmp_path / "gazetteer-v4-bbbb.sqlite"  # another checkout's, opened an hour ago
    stale = tmp_path / "gazetteer-v3.sqlite"  # an old schema, untouched for two days
    for f in (mine, in_use, stale):
        f.write_bytes(b"")
    now = time.time()
    os.utime(in_use, (now - 3600, now - 3600))
    os.utime(stale, (now - 2 * 86_400, now - 2 * 86_400))
    build._drop_old_versions(mine)
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, in_use.name]
