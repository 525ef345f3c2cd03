"""Running a command while sampling the memory of its whole process tree (the CLI and its Dask workers)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time


def tree_rss_mb(pids: list[int]) -> float:
    import psutil  # a dependency of dask.distributed

    total = 0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            total += sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
        except psutil.Error:
            pass
    return total / 2**20


def run_sampled(cmd: list[str], *, cwd, also: list[int] = ()) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of its process tree and of the `also` processes' trees) of `cmd`;
    exits with its stderr when it fails (exit 2, some input skipped, is not a failure)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb([proc.pid, *also]))
            time.sleep(0.5)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _out, err = proc.communicate()
    watcher.join()
    if proc.returncode not in (0, 2):
        sys.exit(f"{' '.join(cmd[:4])} failed: {err.decode()[-2000:]}")
    return time.perf_counter() - started, peak[0]
