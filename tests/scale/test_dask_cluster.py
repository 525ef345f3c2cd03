"""A Dask cluster someone already runs: a real `dask scheduler` and two `dask worker` processes started here,
used by `eventwire extract --dask-scheduler` and `eventwire ingest --dask-scheduler` against PostgreSQL."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from eventwire.store import url as urls
from eventwire.store.synthetic import generate

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded worker processes."""
    work = tmp_path_factory.mktemp("dask")
    info = work / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)],
                              stdout=subprocess.DEVNULL, stderr=open(work / "scheduler.log", "wb"), env=env)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists():
            assert time.monotonic() < deadline and procs[0].poll() is None, (work / "scheduler.log").read_text()
            time.sleep(0.2)
        time.sleep(0.3)  # the file is written in one go, but give it a moment
        address = json.loads(info.read_text())["address"]
        for i in range(2):
            procs.append(subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                 "--no-dashboard", "--local-directory", str(work / f"w{i}"), "--name", f"ew-test-{i}"],
                stdout=subprocess.DEVNULL, stderr=open(work / f"worker{i}.log", "wb"), env=env))
        from dask.distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def cli(*args, check=True, env=None, timeout=600):
    proc = subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise AssertionError(f"eventwire {' '.join(args)} exited {proc.returncode}: {proc.stderr[-3000:]}")
    return proc


def corpus(path: Path, n: int) -> Path:
    """`n` synthetic reports (each incident told by 1-3 outlets) as contract JSON Lines."""
    with path.open("w", encoding="utf-8") as fh:
        for art, _ in generate(n, seed=11):
            fh.write(json.dumps({"id": art.id, "outlet": art.outlet, "url": art.url, "title": art.title,
                                 "published": art.published.isoformat(), "text": art.text}) + "\n")
    return path


def snapshot(url: str) -> dict:
    engine = create_engine(urls.normalise(url))
    with engine.connect() as conn:
        arts = sorted(r[0] for r in conn.execute(text("SELECT id FROM articles")))
        mentions = sorted(tuple(r) for r in conn.execute(text(
            "SELECT article_id, idx, event_type, event_date, location, fatalities FROM mentions")))
        groups = sorted(sorted(json.loads(r[0]) if isinstance(r[0], str) else r[0])
                        for r in conn.execute(text("SELECT sources FROM events")))
    engine.dispose()
    return {"articles": arts, "mentions": mentions, "events": groups}


def test_extract_on_a_running_cluster_prints_what_one_process_prints(scheduler, tmp_path):
    src = corpus(tmp_path / "c.jsonl", 40)
    alone = cli("extract", str(src), "-q").stdout
    spread = cli("extract", str(src), "-q", "--batch-size", "4", env={"DASK_SCHEDULER_ADDRESS": scheduler}).stdout
    assert spread == alone and alone.count("\n") >= 30


def test_ingest_on_a_running_cluster_stores_and_merges_like_one_process(scheduler, pg_server, tmp_path):
    src = corpus(tmp_path / "c.jsonl", 120)
    plain, spread = pg_server.new_database(), pg_server.new_database()
    cli("ingest", str(src), "--db", plain, "-q")
    cli("ingest", str(src), "--db", spread, "-q", "--dask-scheduler", scheduler, "--batch-size", "10")
    a, b = snapshot(plain), snapshot(spread)
    assert len(a["articles"]) == 120 and a["articles"] == b["articles"] and a["mentions"] == b["mentions"]
    assert a["events"] == b["events"]  # the same reports grouped into the same events, whatever the order
    cli("ingest", str(src), "--db", spread, "-q", "--dask-scheduler", scheduler)  # a rerun adds nothing
    assert snapshot(spread) == b


def test_an_ingest_killed_mid_run_resumes_without_duplicates(scheduler, pg_server, tmp_path):
    src = corpus(tmp_path / "c.jsonl", 400)
    db = pg_server.new_database()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(src), "--db", db, "-q",
                             "--dask-scheduler", scheduler, "--batch-size", "20"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    engine = create_engine(urls.normalise(db))
    deadline = time.monotonic() + 300
    stored = 0
    while stored < 40:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.2)
        try:
            with engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
        except Exception:  # tables not created yet
            stored = 0
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    engine.dispose()
    cli("ingest", str(src), "--db", db, "-q", "--dask-scheduler", scheduler)
    snap = snapshot(db)
    assert len(snap["articles"]) == 400 == len(set(snap["articles"]))
    assert len(snap["mentions"]) == len(set((m[0], m[1]) for m in snap["mentions"]))
    assert sorted(s for group in snap["events"] for s in group) == sorted(
        m[0] for m in snap["mentions"])  # every mention in exactly one event
