"""bench/bench_assess.py still runs (tiny size, synthetic texts, no timing asserted)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
pytestmark = pytest.mark.issue(11)


def test_bench_assess_reports_every_stage_and_the_share(tmp_path):
    proc = subprocess.run([sys.executable, str(BENCH / "bench_assess.py"), "--min-docs", "10", "--rounds", "1"],
                          capture_output=True, text=True, timeout=300, cwd=BENCH.parent,
                          env={**os.environ, "EVENTWIRE_BENCH_ARTICLES": str(tmp_path / "absent.jsonl")})
    assert proc.returncode == 0, proc.stderr
    assert "synthetic (5 reports) x2 = 10 docs" in proc.stdout
    for row in ("nlp.pipe (bare spaCy)", "extract.mentions", "assess.apply", "pipeline.extract",
                "assess.apply / pipeline.extract"):
        assert row in proc.stdout
