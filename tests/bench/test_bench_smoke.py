"""The benchmarks still run (tiny sizes, no timing asserted): a benchmark that rots is found here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _run(*args: str, env: dict | None = None) -> str:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, cwd=BENCH.parent)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_bench_extract_reports_both_speeds_and_the_ratio(tmp_path):
    out = _run(str(BENCH / "bench_extract.py"), "--min-docs", "10", "--rounds", "1",
               env={"EVENTWIRE_BENCH_ARTICLES": str(tmp_path / "absent.jsonl")})  # synthetic texts
    assert "synthetic (5 reports) x2 = 10 docs" in out
    for row in ("nlp.pipe (bare spaCy)", "pipeline.extract", "triage scan", "ratio extract/bare", "peak RSS"):
        assert row in out


def test_bench_ingest_reads_every_format_without_errors():
    out = _run(str(BENCH / "bench_ingest.py"), "--articles", "3")
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert set(rows) == {"txt", "html", "jsonl", "rss", "warc.gz"}
    assert all(cols[3] == "0" for cols in rows.values())  # the errors column


def test_bench_stream_reports_rates_recall_and_memory(tmp_path):
    out = _run(str(BENCH / "bench_stream.py"), "--articles", "20", "--sample", "4",
               env={"EVENTWIRE_SHARED": str(tmp_path)})  # no dev sets: the made-up stand-ins
    assert "stream: 20 articles, 2 conflict reports" in out
    for row in ("extract --triage ", "extract --triage --dask 2", "triage alone", "bare spaCy nlp.pipe", "unchanged"):
        assert row in out, out


def test_bench_dask_starts_a_cluster_and_reports_per_worker(tmp_path):
    out = _run(str(BENCH / "bench_dask.py"), "--workers", "1", "--copies", "1", env={"EVENTWIRE_SHARED": str(tmp_path)})
    assert out.startswith("5 articles (5 texts x 1 copies)")
    assert "per worker" in out and "bare spaCy" in out
    assert out.strip().splitlines()[-1].split()[0] == "1"


def test_bench_size_reports_the_curve():
    out = _run(str(BENCH / "bench_size.py"), "--sizes", "2000,4000")
    lines = out.splitlines()
    assert lines[1].split() == ["chars", "sentences", "bare", "s", "extract", "s", "ratio", "peak", "MB"]
    assert [line.split()[0] for line in lines[2:4]] == ["2000", "4000"]
    assert lines[-1].startswith("slope of log(extract s) over log(chars):")
