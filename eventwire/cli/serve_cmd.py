"""Commands: `eventwire serve` (the API and web page) and `eventwire demo` (samples in, page up)."""
from __future__ import annotations

import errno
import os
import shutil
import socket
import sys
import tempfile
from functools import partial
from importlib import resources

import click

from . import cli
from .options import db_option
from .progress import ready_gazetteer

# One server process per core: a process computes one request at a time (Python's interpreter lock), so
# under concurrent use requests queue behind each other; more processes than cores only add memory.
DEFAULT_WORKERS = min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
# Where the workers' shared answers go when the system has a memory file system: each new answer is a new
# file, which cost 0.29-0.42 ms of CPU on disk (ext4) against 0.09 ms there.
MEMORY_FS = "/dev/shm"


def _net_options(f):
    f = click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
                     help="Also accept requests addressed to this host name (e.g. behind a reverse proxy). "
                          "Others are refused, against DNS rebinding; with --host 0.0.0.0 and no name, any.")(f)
    f = click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=click.IntRange(1, 64), metavar="N",
                     help="Server processes, each with its own database connections; they share computed answers "
                          "(default: one per core).")(f)
    f = click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), metavar="PORT",
                     help="Port to listen on (0: any free port).")(f)
    return click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
                        help="Interface to listen on.")(f)


def _run(db: str, host: str, port: int, allow_hosts: tuple[str, ...] = (), workers: int = 1) -> None:
    try:
        import uvicorn

        from ..api import create_app
    except ImportError as exc:  # fastapi/uvicorn are runtime requirements; say so instead of a trace
        raise click.ClickException(f"eventwire serve needs fastapi and uvicorn ({exc}): pip install -r requirements.txt")
    from ..api.security import allowed_hosts
    from ..errors import EventwireError
    from ..store.url import redact

    hosts = allowed_hosts(host, allow_hosts)
    try:
        if workers == 1:
            app = create_app(db, hosts=hosts)
        else:  # checked (and migrated) once here, before the workers open it each on their own
            from ..store import Store

            Store.open(db, create=False).close()
    except EventwireError as exc:
        raise click.ClickException(str(exc))
    sock = _listen(host, port)
    click.echo(f"eventwire: serving {redact(db)} on http://{host}:{sock.getsockname()[1]}/ with "
               f"{workers} worker{'s' if workers > 1 else ''} (Ctrl+C to stop)", err=True)
    if workers == 1:
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    # Each worker process builds its own app (and so its own database connections) from this recipe; they
    # share computed answers through files in a folder of their own, removed when the server stops.
    in_memory = os.path.isdir(MEMORY_FS) and os.access(MEMORY_FS, os.W_OK | os.X_OK)
    shared = tempfile.mkdtemp(prefix=f"eventwire-answers-{os.getpid()}-", dir=MEMORY_FS if in_memory else None)
    try:
        config = uvicorn.Config(partial(create_app, db, hosts=hosts, shared=shared), factory=True, workers=workers,
                                log_level="warning")
        Multiprocess(config, sockets=[sock]).run()
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound here: a port in use or an address not ours is one clear line, not a log."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(f"port {port} on {host} is already in use: stop what runs there, or choose "
                                       f"another with --port") from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


@cli.command()
@db_option
@_net_options
def serve(db: str, host: str, port: int, allow_hosts: tuple[str, ...], workers: int) -> None:
    """Serve the read-only JSON API (/api/) and the web page (/) over a database.

    Example:

        eventwire serve --db eventwire.db --port 8000 --workers 2
    """
    _run(db, host, port, allow_hosts, workers)


@cli.command()
@db_option
@_net_options
@click.option("--no-serve", is_flag=True, help="Only ingest the samples; don't start the server.")
def demo(db: str, host: str, port: int, allow_hosts: tuple[str, ...], workers: int, no_serve: bool) -> None:
    """Ingest the bundled synthetic sample reports into the database, then serve the page.

    Example:

        eventwire demo            # then open http://127.0.0.1:8000/
    """
    from ..samples import demo as sample_demo

    ready_gazetteer(show=sys.stderr.isatty())

    samples = resources.files("eventwire.samples").joinpath("articles.jsonl")
    with resources.as_file(samples) as path:
        summary = sample_demo.ingest(str(path), db)
    click.echo(f"eventwire demo: {summary}", err=True)
    if not no_serve:
        _run(db, host, port, allow_hosts, workers)
