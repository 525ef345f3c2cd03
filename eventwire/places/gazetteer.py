"""Read access to the compiled gazetteer file: candidates by name, places by id, countries."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ResolveError, message
from . import build
from .normalize import key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    geonameid: int | None
    name: str
    kind: str  # P town/village, A1 / A2 division, C country
    cc: str | None
    a1: int | None  # place id of its first-order division
    a2: int | None
    lat: float | None
    lon: float | None
    pop: int
    main: bool = True  # the looked-up name is its main name (not an alternate spelling)
    curated: bool = False  # the looked-up name is one of our supplement's aliases ("J&K")


_COLS = "p.id, p.geonameid, p.name, p.kind, p.cc, p.a1, p.a2, p.lat, p.lon, p.pop"
# The fuzzy prefilter counts each of these characters apart, and all others together in one more column.
_COUNTED = "abcdefghijklmnopqrstuvwxyz"
_COLUMN = {ch: i for i, ch in enumerate(_COUNTED)}
_OTHER = len(_COUNTED)


class _Letters:
    """The keys of one length, with how often each holds each character, to pass over keys that cannot reach a
    fuzz.ratio cutoff before rapidfuzz scores them.

    fuzz.ratio is 100 * (1 - d / (la + lb)), d the insertions and deletions that turn one key into the other,
    and d >= la + lb - 2 * (the characters the keys have in common, counted with repeats): a key that shares
    too few characters with the name looked up cannot reach the cutoff, whatever their order. Lumping the
    characters outside _COUNTED together only overstates what is shared, so no key that could reach the cutoff
    is passed over; rapidfuzz then scores the rest, in their order, as it would score them all."""

    __slots__ = ("keys", "length", "counts")

    def __init__(self, keys: list[str], length: int) -> None:
        import numpy as np

        self.keys, self.length = keys, length
        n = len(keys)
        codes = np.array(keys, dtype=f"<U{length}").view(np.uint32).reshape(n, length) if length else \
            np.zeros((n, 0), dtype=np.uint32)
        columns = np.where((codes >= ord("a")) & (codes <= ord("z")), codes.astype(np.int64) - ord("a"), _OTHER)
        flat = (columns + (np.arange(n, dtype=np.int64) * (_OTHER + 1))[:, None]).ravel()
        # One row per character column, one count per key (a row is contiguous: the filter reads a few rows);
        # a count is at most the key's length.
        dtype = np.uint8 if length < 256 else np.uint32
        self.counts = np.ascontiguousarray(np.bincount(flat, minlength=n * (_OTHER + 1)).reshape(n, _OTHER + 1).T,
                                           dtype=dtype)

    def could_reach(self, k: str, cutoff: float) -> list[int]:
        """Indices, in order, of the keys whose fuzz.ratio with `k` may reach `cutoff`."""
        import numpy as np

        total = len(k) + self.length
        # The most insertions and deletions a key within the cutoff needs (one more for float rounding).
        most = int(total * (100 - cutoff) / 100) + 1
        need = total - most  # 2 * shared characters must be at least this
        if need <= 0:
            return list(range(len(self.keys)))
        wanted: dict[int, int] = {}
        for ch in k:
            col = _COLUMN.get(ch, _OTHER)
            wanted[col] = wanted.get(col, 0) + 1
        shared = np.zeros(len(self.keys), dtype=np.int32)
        for col, count in wanted.items():
            shared += np.minimum(self.counts[col], min(count, self.length))  # (a count above the length cannot bind)
        return np.flatnonzero(2 * shared >= need).tolist()

    def extract(self, k: str, cutoff: float, limit: int) -> list[tuple[float, int]]:
        """(score, index into the keys) as process.extract(k, keys, scorer=fuzz.ratio, score_cutoff=cutoff,
        limit=limit) gives them, in its order."""
        from rapidfuzz import fuzz, process

        keep = self.could_reach(k, cutoff)
        if not keep:
            return []
        return [(score, keep[i]) for _k, score, i in
                process.extract(k, [self.keys[j] for j in keep], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)]


def _by_length(pairs: Iterable[tuple[str, int]]) -> dict[int, tuple[_Letters, list[int]]]:
    """(key, value) pairs grouped by the key's length, the keys of each length ready for _Letters.extract."""
    by_len: dict[int, tuple[list[str], list[int]]] = {}
    for kk, value in pairs:
        bucket = by_len.setdefault(len(kk), ([], []))
        bucket[0].append(kk)
        bucket[1].append(value)
    return {n: (_Letters(keys, n), values) for n, (keys, values) in by_len.items()}


def _near(by_len: dict[int, tuple[_Letters, list[int]]], k: str, cutoff: float, limit: int) -> list[tuple[float, int]]:
    """(score, value) of up to `limit` keys of each near length whose fuzz.ratio with `k` reaches `cutoff`."""
    # ratio = 100 * (1 - distance / (la + lb)) and distance >= |la - lb|: beyond this difference in length no
    # key reaches the cutoff (one more for float rounding).
    span = int(len(k) * 2 * (100 - cutoff) / cutoff) + 1
    out: list[tuple[float, int]] = []
    for n in range(max(0, len(k) - span), len(k) + span + 1):
        if n in by_len:
            letters, values = by_len[n]
            out += [(score, values[i]) for score, i in letters.extract(k, cutoff, limit)]
    return out


class Gazetteer:
    """One read-only connection, and caches: the resolver asks the same names many times per batch."""

    def __init__(self, path: Path):
        self.path = path
        self._con: sqlite3.Connection | None = self._connect()
        self._lock = threading.Lock()
        self.countries = {cc: (iso3, name, capital) for cc, iso3, name, capital in
                          self._con.execute("select cc, iso3, name, capital from countries")}
        self._by_key = lru_cache(maxsize=100_000)(self._by_key_uncached)
        self._place = lru_cache(maxsize=100_000)(self._place_uncached)
        self._fuzzy_keys: dict[str, dict[int, tuple[_Letters, list[int]]]] = {}  # cc -> key length -> keys, indices
        self._fuzzy_ids: dict[str, list[int]] = {}  # cc -> place id of each name
        self._big_by_len: dict[int, tuple[_Letters, list[int]]] = {}  # key length -> keys, place ids
        # Near spellings by match key: a name comes back in article after article (a scan of up to 115,000
        # names each time otherwise). The file never changes under a Gazetteer, so an answer never goes stale.
        self._near = lru_cache(maxsize=20_000)(self._near_keys)
        self._big = lru_cache(maxsize=20_000)(self._fuzzy_big_ids)

    def _rows(self, sql: str, args: tuple) -> list[tuple]:
        with self._lock:
            if self._con is None:
                self._con = self._connect()
            return self._con.execute(sql, args).fetchall()

    def _connect(self) -> sqlite3.Connection:
        # immutable=1: the file never changes once renamed into place, so SQLite can skip locking.
        return sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    def detach(self) -> None:
        """Close the file and keep what was read from it (the caches, the fuzzy-match tables); the next lookup
        that needs the file opens it again. What a process does before it forks (eventwire/scale/preload.py):
        an SQLite connection must not be carried across a fork."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def _by_key_uncached(self, k: str) -> tuple[Place, ...]:
        rows = self._rows(f"select {_COLS}, n.main from names n join places p on p.id = n.place where n.key = ?", (k,))
        return tuple(Place(*r[:10], main=r[10] == build.MAIN, curated=r[10] == build.CURATED) for r in rows)

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Every place one of whose names has the same match key as `name`."""
        k = key(name)
        if len(k) < 2:
            return ()
        found = self._by_key(k)
        if len(k) == 2:  # "Ål" would match every "al": two-letter keys are country codes, or ours ("J&K")
            return tuple(p for p in found if p.kind == "C" or p.curated)
        if len(k) <= 3:  # "PMF": GeoNames alternate names that short are codes (airports), not places
            found = tuple(p for p in found if p.main or p.curated or p.kind == "C")
        return found

    def _place_uncached(self, pid: int) -> Place | None:
        rows = self._rows(f"select {_COLS} from places p where p.id = ?", (pid,))
        return Place(*rows[0]) if rows else None

    def place(self, pid: int | None) -> Place | None:
        return self._place(pid) if pid else None

    def cc(self, code: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country given by its alpha-2 or alpha-3 code, or None."""
        c = code.upper()
        return c if c in self.countries else next((k for k, v in self.countries.items() if v[0] == c), None)

    def country_place(self, cc: str) -> Place | None:
        rows = self._rows(f"select {_COLS} from places p where p.kind = 'C' and p.cc = ?", (cc,))
        return Place(*rows[0]) if rows else None

    def largest_town(self, cc: str) -> Place | None:
        """The most populous town of a country ("Myanmar's biggest city")."""
        rows = self._rows(f"select {_COLS} from places p where p.cc = ? and p.kind = 'P' order by p.pop desc limit 1",
                          (cc,))
        return Place(*rows[0]) if rows else None

    def fuzzy(self, name: str, cc: str, *, cutoff: float = 88.0, limit: int = 3) -> list[tuple[Place, float]]:
        """Near spellings of `name` among the places of one country (rapidfuzz ratio on match keys).

        Only within a country the context already points to: across the world's 780k names a fuzzy match is
        a confident wrong guess more often than not.
        """
        k = key(name)
        if len(k) < 5:
            return []
        out, seen = [], set()
        for i, score in self._near(k, cc, cutoff, limit * 3):
            p = self.place(self._fuzzy_ids[cc][i])
            if p and p.id not in seen and len(out) < limit:
                seen.add(p.id)
                out.append((p, score))
        return out

    def _near_keys(self, k: str, cc: str, cutoff: float, limit: int) -> tuple[tuple[int, float], ...]:
        """(index into the country's names, score) of the `limit` keys nearest `k` at or above `cutoff`,
        ranked as rapidfuzz's process.extract over all of them ranks them (score, then index).

        Only keys of a near length can reach the cutoff (a ratio counts every letter one key has more than
        the other), so only those are scored: a country holds up to 115,000 names, a name's near lengths a
        tenth of them."""
        if cc not in self._fuzzy_keys:
            rows = self._rows("select key, place from country_names where cc = ?", (cc,))
            self._fuzzy_ids[cc] = [r[1] for r in rows]
            self._fuzzy_keys[cc] = _by_length((kk, i) for i, (kk, _pid) in enumerate(rows))
        hits = sorted((-score, i, score) for score, i in _near(self._fuzzy_keys[cc], k, cutoff, limit))
        return tuple((i, score) for _neg, i, score in hits[:limit])

    def fuzzy_big(self, name: str, *, cutoff: float = 92.0, min_pop: int = 50_000) -> list[tuple[Place, float]]:
        """Near spellings among the world's larger towns only ("Quamishli" -> Al Qamishli) when the context
        names no country: a big town is a far safer guess than a same-spelled hamlet."""
        k = key(name)
        if len(k) < 6:
            return []
        out, seen = [], set()
        for score, pid in self._big(k, cutoff, min_pop):
            p = self.place(pid)
            if p and p.id not in seen:
                seen.add(p.id)
                out.append((p, score))
        return out[:2]

    def _fuzzy_big_ids(self, k: str, cutoff: float, min_pop: int) -> tuple[tuple[float, int], ...]:
        """(score, place id) of the (up to six) best near spellings of the match key `k` among the larger towns."""
        if not self._big_by_len:
            self._big_by_len = _by_length(self._rows(
                "select cn.key, cn.place from country_names cn join places p on p.id = cn.place "
                "where p.kind = 'P' and p.pop >= ?", (min_pop,)))
        return tuple(sorted(_near(self._big_by_len, k, cutoff, 6), key=lambda h: -h[0])[:6])

    def close(self) -> None:
        self.detach()


_instance: Gazetteer | None = None
_instance_lock = threading.Lock()


def gazetteer(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer, built on first use (see build.ensure)."""
    global _instance
    with _instance_lock:
        if _instance is None or (path and _instance.path != path):
            try:
                _instance = Gazetteer(build.ensure(path))
                log.debug("gazetteer opened: %s", _instance.path)
            except (OSError, sqlite3.Error, ValueError) as exc:
                raise ResolveError(message("EW201", detail=exc)) from exc
    return _instance


def detach() -> None:
    """Close the process-wide gazetteer's file, if it is open, keeping what was read (Gazetteer.detach)."""
    with _instance_lock:
        if _instance is not None:
            _instance.detach()
