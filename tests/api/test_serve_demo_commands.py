"""`eventwire serve` and `eventwire demo` as a user runs them."""
from __future__ import annotations

import subprocess
import sys

import pytest

from eventwire.store import Store

pytestmark = pytest.mark.issue(6)


def test_serve_refuses_a_bad_database_url_clearly(tmp_path):
    res = subprocess.run([sys.executable, "-m", "eventwire", "serve", "--db", "mysql://nobody@nowhere/x", "--port", "1"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode != 0
    assert "EW301" in res.stderr or "unsupported" in res.stderr.lower(), res.stderr
    assert "Traceback" not in res.stderr


def test_demo_ingests_the_samples_through_the_pipeline(tmp_path):
    db = tmp_path / "demo.db"
    res = subprocess.run([sys.executable, "-m", "eventwire", "demo", "--db", str(db), "--no-serve"],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "21 sample reports read, 21 added" in res.stderr
    with Store.open(str(db)) as store:
        counts = store.counts()
    assert counts["articles"] == 21 and counts["errors"] == 0
    assert counts["events"] >= 1
    # Running it again changes nothing: the store is idempotent on article content.
    again = subprocess.run([sys.executable, "-m", "eventwire", "demo", "--db", str(db), "--no-serve"],
                           capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "21 sample reports read, 0 added (21 already stored)" in again.stderr
    with Store.open(str(db)) as store:
        assert store.counts() == counts
