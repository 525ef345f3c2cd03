#!/usr/bin/env python3
"""Extraction throughput on a Dask cluster of 1, 2 and 4 workers on this machine, and per worker, against
bare spaCy nlp.pipe on the same texts in the same run.

For each size a real `dask scheduler` and N `dask worker` processes (one thread each) are started, as a
team would run them, and `eventwire extract --dask-scheduler` reads the texts. The clock starts when the
workers are up and have loaded the pipeline (a warm-up batch), so the figure is steady throughput, not
start-up. Texts: the dev articles read in place (../shared/eval/dev/articles.jsonl, never copied; made-up
reports on a bare checkout), repeated. Peak RSS is sampled over the whole process tree (driver, scheduler, workers).

Usage: python bench/bench_dask.py [--workers 1 2 4] [--copies 8]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _procs import run_sampled
from _texts import ROOT, dev_articles

BIN = Path(sys.executable).parent


def cluster(n: int, work: Path) -> tuple[str, list[subprocess.Popen]]:
    info = work / f"scheduler-{n}.json"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(info)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    while not info.exists():
        time.sleep(0.2)
    time.sleep(0.3)
    address = json.loads(info.read_text())["address"]
    for i in range(n):
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                       "--no-dashboard", "--local-directory", str(work / f"w{n}-{i}")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from dask.distributed import Client

    with Client(address) as client:
        client.wait_for_workers(n, timeout=120)
    return address, procs


def extract(address: str, src: Path, out: Path, pids: list[int]) -> tuple[float, float]:
    return run_sampled([sys.executable, "-m", "eventwire", "extract", str(src), "--dask-scheduler", address,
                        "--batch-size", "8", "--output", str(out), "-q"], cwd=ROOT, also=pids)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--copies", type=int, default=8)
    a = ap.parse_args()
    base = dev_articles()
    rows = [{**r, "id": f"{r['id']}#{k}"} for k in range(a.copies) for r in base]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src, warm = work / "texts.jsonl", work / "warm.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        warm.write_text("".join(json.dumps({**r, "id": f"w{i}"}) + "\n" for i, r in enumerate(base[:16])), encoding="utf-8")
        sys.path.insert(0, str(ROOT))
        from _bare import shipped

        model = shipped()
        list(model.pipe([r["text"] for r in base[:8]]))
        started = time.perf_counter()
        for _doc in model.pipe([r["text"] for r in rows], batch_size=32):
            pass
        bare = len(rows) / (time.perf_counter() - started)
        print(f"{len(rows)} articles ({len(base)} texts x {a.copies} copies); {os.cpu_count()} cores; "
              f"bare spaCy nlp.pipe as spaCy ships it, one process: {bare:.1f} articles/s")
        print(f"{'workers':>8}{'seconds':>9}{'articles/s':>12}{'per worker':>12}{'x bare':>8}{'peak RSS MiB':>14}")
        for n in a.workers:
            address, procs = cluster(n, work)
            try:
                extract(address, warm, work / "warm-out.jsonl", [p.pid for p in procs])  # every worker loads spaCy
                seconds, peak = extract(address, src, work / "out.jsonl", [p.pid for p in procs])
            finally:
                for p in reversed(procs):
                    p.terminate()
                for p in procs:
                    p.wait(timeout=60)
            rate = len(rows) / seconds
            print(f"{n:>8}{seconds:>9.1f}{rate:>12.1f}{rate / n:>12.1f}{rate / bare:>8.2f}{peak:>14.0f}")


if __name__ == "__main__":
    main()
