"""Running the real server in a subprocess: used by the API and browser tests and by bench/bench_web.py."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: str, *, port: int | None = None, timeout: float = 60.0, log_path: str | None = None,
                   workers: int | None = None) -> Iterator[str]:
    """`python -m eventwire serve --db DB` on a free port; yields its base URL once /api/health answers."""
    with serving(db, port=port, timeout=timeout, log_path=log_path, workers=workers) as (base, _proc):
        yield base


@contextmanager
def serving(db: str, *, port: int | None = None, timeout: float = 60.0, log_path: str | None = None,
            workers: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like running_server, also yielding the server's process (for its pid); `workers`: server processes
    (None: serve's default)."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    extra = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", db, "--port", str(port), *extra],
                            stdout=log, stderr=subprocess.STDOUT if log_path else log, env={**os.environ})
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"eventwire serve exited with status {proc.returncode}" +
                                   (f"; see {log_path}" if log_path else ""))
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2) as res:
                    if res.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"eventwire serve did not answer on {base} within {timeout:.0f} s")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log_path:
            log.close()
