"""Caches of computed answers that compute each one once, however many requests (threads of one server
process, or its several worker processes) ask for it at once."""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path


class SharedCache:
    """Recent results by key: at most `entries` of them, and with `weigh`, at most `max_weight` in all.
    Concurrent requests for a key not yet computed share one computation: the first computes, the others
    wait for its result, so a burst of identical requests costs one."""

    def __init__(self, *, entries: int | None = None, max_weight: int | None = None,
                 weigh: Callable[[object], int] | None = None) -> None:
        self.entries, self.max_weight, self.weigh = entries, max_weight, weigh
        self._items: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._weight = 0
        self._pending: dict[tuple, Future] = {}
        self._lock = threading.Lock()

    def peek(self, key: tuple):
        """The value kept for `key`, or None (nothing is computed or waited for)."""
        with self._lock:
            item = self._items.get(key)
            return None if item is None else item[0]

    def get(self, key: tuple, compute: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            pending = self._pending.get(key)
            if pending is None:
                pending = self._pending[key] = Future()
                mine = True
            else:
                mine = False
        if not mine:
            return pending.result()
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._pending[key]
            pending.set_exception(exc)
            raise
        weight = self.weigh(value) if self.weigh else 0
        with self._lock:
            del self._pending[key]
            self._items[key] = (value, weight)
            self._weight += weight
            while self._items and ((self.entries is not None and len(self._items) > self.entries) or
                                   (self.max_weight is not None and self._weight > self.max_weight)):
                self._weight -= self._items.popitem(last=False)[1][1]
        pending.set_result(value)
        return value


class ProcessShared:
    """Answers (bytes) shared by the server's worker processes through files in `folder`, one per key
    (named by a hash of it), in a subfolder per database version: whichever worker first needs an answer
    computes it while holding an flock, and a worker asking for it meanwhile waits for that file instead
    of computing it again (a burst of one new map view over two workers cost two computations).

    A new database version's first answer removes the older versions' files. At most `max_bytes` are
    written per version by each process; past that, answers are computed and not kept here.
    Locks are `STRIPES` files that keys share by hash (an flock lives as long as its file, which stays)."""

    STRIPES = 256

    def __init__(self, folder: str | os.PathLike, *, max_bytes: int = 256 << 20) -> None:
        self.folder, self.max_bytes = Path(folder), max_bytes
        self._written: dict[object, int] = {}  # bytes this process wrote, per version
        self._lock = threading.Lock()

    def get(self, key: tuple, version: object, compute: Callable[[], bytes]) -> bytes:
        digest = hashlib.sha256(repr(key).encode()).hexdigest()
        here = self.folder / f"v{version}"
        path = here / digest
        if (data := _read(path)) is not None:
            return data
        here.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / f"{int(digest[:8], 16) % self.STRIPES}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if (data := _read(path)) is not None:  # made by another worker while this one waited
                return data
            data = compute()
            with self._lock:
                if version not in self._written:
                    self._written = {version: 0}
                    self._prune(keep=here.name)
                keep = self._written[version] + len(data) <= self.max_bytes
                if keep:
                    self._written[version] += len(data)
            if keep:
                part = here / f"{digest}.{os.getpid()}.{threading.get_ident()}"
                try:
                    part.write_bytes(data)
                    os.replace(part, path)  # readers see the whole answer or none
                except OSError:  # (the version's folder pruned meanwhile by a worker on a newer one)
                    pass
            return data
        finally:
            os.close(fd)  # releases the flock

    def _prune(self, *, keep: str) -> None:
        for old in self.folder.glob("v*"):
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
