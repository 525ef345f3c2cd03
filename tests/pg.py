"""A real, throwaway PostgreSQL server for the store tests (no mocks of our own database).

`postgres_server()` runs initdb + pg_ctl (as the `postgres` user when the tests run as root, because
initdb refuses root) on a free loopback port in a temporary directory, and `stop()` removes it. When it
cannot start, the tests are skipped locally but FAIL in CI (env CI=true): CI must exercise PostgreSQL.
"""
from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass

import pytest

PG_BIN_DIRS = ("/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/bin")


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for d in PG_BIN_DIRS:
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    datadir: str
    port: int
    as_user: list[str]
    _names = itertools.count()

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"ew_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.as_user, _tool("pg_ctl"), "-D", self.datadir, "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.datadir, ignore_errors=True)


def start() -> PgServer:
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("initdb/pg_ctl not found (run `make system`)")
    datadir = tempfile.mkdtemp(prefix="ew-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(datadir, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    try:
        subprocess.run([*as_user, initdb, "-D", datadir, "-A", "trust", "-U", "postgres", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run([*as_user, pg_ctl, "-D", datadir, "-w", "-t", "60", "-l", os.path.join(datadir, "log"),
                        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {datadir} -c fsync=off", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(datadir, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc} {detail.decode(errors='replace')[-500:]}") from exc
    return PgServer(datadir, port, as_user)


def server_or_skip(cache: dict) -> PgServer:
    """The session's server (started once); skip locally or fail in CI when it cannot start."""
    if "server" not in cache:
        try:
            cache["server"] = start()
        except RuntimeError as exc:
            cache["server"] = exc
    srv = cache["server"]
    if isinstance(srv, RuntimeError):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(str(srv))
        pytest.skip(str(srv))
    return srv


_CACHE: dict = {}


@pytest.fixture(scope="session")
def pg_server():
    srv = server_or_skip(_CACHE)
    yield srv
    # Stopped once by the first session-fixture teardown; later teardowns find nothing to do.
    if isinstance(_CACHE.get("server"), PgServer):
        _CACHE.pop("server").stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Every store test runs against both back ends."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.db'}"
    return request.getfixturevalue("pg_server").new_database()
