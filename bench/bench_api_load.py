"""The HTTP API under load: a real server on 127.0.0.1, concurrent clients, ~50,000 events.

    .venv/bin/python bench/bench_api_load.py [--events 50000] [--db out/bench_web.db] [--clients 50] [--workers N]

Builds (once, then reuses) the same synthetic database as bench_web.py, starts `python -m eventwire serve`
on it and runs bounded phases, each a fixed number of requests shared by `--clients` concurrent clients
(keep-alive connections on asyncio streams, in this process; the load generator shares the machine with
the server, so it is kept lean: httpx spent ~8 ms of CPU per request here, more than the server):

  events/<filter>   /api/events with each documented filter (values vary per request); page-deep pages by
                    offset, page-cursor by next_cursor, both 0-40,000 events deep
  map/new-filters   /api/map with a different, never-seen filter per request
  map/same-filter   /api/map, every client asking at once for one uncached view
  map/zoom22        /api/map?zoom=22 with no bbox (the largest answer the map can ask for)
  export/geojson    whole-database GeoJSON exports, `--exports` at once

The phases start `--settle` seconds after the server first answers (its workers finish starting: each
reads the map's points once). Meanwhile one more client asks /api/health every 250 ms (its latency per phase is reported), and the
server's resident memory is sampled from /proc. Figures: p50/p95/p99 latency and requests/s per phase,
non-200 answers, response sizes, the server's CPU time per request (summed over its processes: the
figure the machine's other load moves least), server RSS at start, peak (VmHWM) and end. Timings on a shared 2-core
machine are noisy: compare runs made one after the other.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_web import build  # noqa: E402  (one synthetic database for both web benchmarks)

from eventwire.api.testing import serving  # noqa: E402
from eventwire.samples import synthetic  # noqa: E402

PLACES = synthetic.places()
TYPES = sorted({t[0] for t in synthetic.TEMPLATES.values()})
SUBTYPES = sorted(synthetic.TEMPLATES)
ACTORS = ("gunmen", "troops", "protesters", "police", "militants", "mob", "artillery")
BOXES = ("-20,-35,55,38", "35,29,48,38", "2,4,15,14", "40,-2,52,12", "-180,-90,180,90", "100,-10,130,20")


def _cursors(db: str, depths: range) -> dict[int, str]:
    """The next_cursor the API gives at each depth (the last event before it, in page order)."""
    try:
        from eventwire.api import paging
    except ImportError:  # a version of the API without cursors: that phase is left out
        return {}
    order = "SELECT event_date, event_id FROM events ORDER BY event_date DESC NULLS LAST, event_id DESC"
    if "://" in db:  # PostgreSQL
        import psycopg

        with psycopg.connect(db) as conn:
            rows = conn.execute(order).fetchall()
    else:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            rows = conn.execute(order).fetchall()
    return {d: paging.encode(*rows[d - 1]) for d in depths if 0 < d <= len(rows)}


CURSORS: dict[int, str] = {}  # filled in main(), from the database


def _months(rng: random.Random) -> dict:
    year, month = rng.choice((2025, 2026, 2027)), rng.randint(1, 11)
    return {"since": f"{year}-{month:02d}-01", "until": f"{year}-{month + 1:02d}-01"}


def _near(rng: random.Random) -> dict:
    p = rng.choice(PLACES)
    return {"near": f"{p.latitude},{p.longitude},{rng.choice((25, 50, 100))}"}


# Every documented /api/events filter, each drawing its value at random from the synthetic data.
EVENT_FILTERS = {
    "none": lambda rng: {},
    "page-deep": lambda rng: {"offset": rng.randrange(0, 40_000, 100)},
    "page-cursor": lambda rng: {"cursor": CURSORS[rng.randrange(100, 40_000, 100)]},
    "country-iso3": lambda rng: {"country": rng.choice(PLACES).iso3},
    "country-name": lambda rng: {"country": rng.choice(PLACES).country.lower()},
    "admin1": lambda rng: {"admin1": rng.choice(PLACES).admin1},
    "event_type": lambda rng: {"event_type": rng.choice(TYPES)},
    "sub_event_type": lambda rng: {"sub_event_type": rng.choice(SUBTYPES)},
    "actor": lambda rng: {"actor": rng.choice(ACTORS)},
    "since-until": _months,
    "bbox": lambda rng: {"bbox": rng.choice(BOXES)},
    "near": _near,
    "min_fatalities": lambda rng: {"min_fatalities": rng.choice((1, 5, 12, 20, 45))},
    "q": lambda rng: {"q": rng.choice(PLACES).name},
    "q-rare": lambda rng: {"q": f"report {rng.randrange(50_000)} "},
    "combined": lambda rng: {"country": rng.choice(PLACES).iso3, "event_type": rng.choice(TYPES),
                             "min_fatalities": 1, **_months(rng)},
}


def _new_map_filters(n: int, rng: random.Random) -> list[dict]:
    """`n` distinct filters the server has not seen (each misses its point cache)."""
    seen, out = set(), []
    while len(out) < n:
        f = {"zoom": rng.randint(2, 6), "event_type": rng.choice(TYPES), "min_fatalities": rng.randint(0, 30)}
        if rng.random() < 0.5:
            f["country"] = rng.choice(PLACES).iso3
        key = tuple(sorted((k, v) for k, v in f.items() if k != "zoom"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


class Client:
    """One keep-alive HTTP/1.1 connection: GET, then read the status and the body (sized or chunked)."""

    def __init__(self, base: str, timeout: float) -> None:
        url = urlsplit(base)
        self.host, self.port, self.timeout = url.hostname, url.port, timeout
        self.reader = self.writer = None

    async def get(self, path: str, params: dict | None = None) -> tuple[int, int]:
        """(status, body bytes); a timeout or a broken answer raises, and the connection is dropped."""
        try:
            return await asyncio.wait_for(self._get(path, params), self.timeout)
        except BaseException:
            self.close()
            raise

    async def _get(self, path: str, params: dict | None) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        target = path + ("?" + urlencode(params) if params else "")
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head[9:12])
        if m := re.search(r"\ncontent-length: *(\d+)", head):
            size = len(await self.reader.readexactly(int(m.group(1))))
        else:  # chunked
            size = 0
            while (n := int((await self.reader.readline()).split(b";")[0], 16)) > 0:
                size += len(await self.reader.readexactly(n + 2)) - 2
            await self.reader.readline()
        if "\nconnection: close" in head:
            self.close()
        return status, size

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _pids(root: int) -> list[int]:
    """`root` and its descendants (a server with --workers N: the supervisor and its N workers)."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            todo.extend(int(child) for child in task.read_text().split())
    return out


def _cpu_s(root: int | None) -> float:
    """CPU seconds (user + system) the server's processes have used so far: unlike latency, what a request
    costs the server barely moves with the machine's other load."""
    total = 0.0
    for pid in _pids(root) if root else ():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SERVER: dict[str, int] = {}  # the server's pid, for its CPU time per phase


class RssSampler(threading.Thread):
    """Samples a server's memory from /proc every 100 ms, summed over its processes (with --workers N, the
    supervisor and its N workers): their own memory (RssAnon) and their share of everything resident (Pss).
    VmRSS and its peak VmHWM overstate a server that reads SQLite through a memory map: the same file pages
    (the OS page cache) are counted once per connection mapping them. A peak summed over processes adds
    each one's own peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.stop_flag, self.samples = pid, threading.Event(), []

    def pids(self) -> list[int]:
        return _pids(self.pid)

    def status(self, key: str) -> float:
        total = 0.0
        for pid in self.pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    total += int(line.split()[1]) / 1024
        return total

    def pss(self) -> float:
        """Proportional set size: mapped file pages counted once however many connections map them."""
        total = 0.0
        for pid in self.pids():
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
        return total

    def run(self) -> None:
        while not self.stop_flag.wait(0.1):
            try:
                self.samples.append((self.status("RssAnon"), self.pss()))
            except OSError:  # a process ended between listing and reading
                continue


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


async def _phase(base: str, timeout: float, name: str, requests: list[tuple[str, dict]], clients: int,
                 health: dict) -> dict:
    """Send `requests` through `clients` concurrent connections; latencies in ms, statuses, bytes."""
    queue = list(reversed(requests))
    lat, statuses, sizes, errors = [], {}, [], []
    health["phase"] = name

    async def worker() -> None:
        client = Client(base, timeout)
        while queue:
            path, params = queue.pop()
            t0 = time.perf_counter()
            try:
                status, size = await client.get(path, params)
                statuses[status] = statuses.get(status, 0) + 1
                sizes.append(size)
            except Exception as exc:  # a timeout or reset is a result here, not a crash of the benchmark
                statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                errors.append(f"{type(exc).__name__}: {exc}"[:120])
            lat.append((time.perf_counter() - t0) * 1000)
        client.close()

    t0, cpu0 = time.perf_counter(), _cpu_s(SERVER.get("pid"))
    await asyncio.gather(*(worker() for _ in range(min(clients, len(requests)))))
    wall = time.perf_counter() - t0
    cpu = _cpu_s(SERVER.get("pid")) - cpu0
    return {"phase": name, "requests": len(requests), "clients": min(clients, len(requests)),
            "p50_ms": round(_pct(lat, 50)), "p95_ms": round(_pct(lat, 95)), "p99_ms": round(_pct(lat, 99)),
            "max_ms": round(max(lat)), "req_per_s": round(len(requests) / wall, 1), "wall_s": round(wall, 1),
            "server_cpu_ms": round(cpu * 1000 / len(requests), 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
            "median_kb": round(statistics.median(sizes) / 1024, 1) if sizes else None,
            "max_kb": round(max(sizes) / 1024, 1) if sizes else None, "errors": errors[:3]}


async def _health_probe(client: Client, health: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            ok = (await client.get("/api/health"))[0] == 200
        except Exception:
            ok = False
        health.setdefault(health["phase"], []).append(((time.perf_counter() - t0) * 1000, ok))
        try:
            await asyncio.wait_for(stop.wait(), 0.25)
        except asyncio.TimeoutError:
            pass


async def run(base: str, args) -> list[dict]:
    # One generator per phase: its requests stay the same whichever other phases run (--only, or a
    # version of the API without cursors).
    rng = lambda name: random.Random(f"13/{name}")  # noqa: E731
    results = []
    health: dict = {"phase": "idle"}
    stop = asyncio.Event()
    prober = Client(base, args.timeout)
    probe = asyncio.create_task(_health_probe(prober, health, stop))

    async def phase(name: str, requests: list[tuple[str, dict]], clients: int) -> None:
        results.append(await _phase(base, args.timeout, name, requests, clients, health))
        _print(results[-1])

    for name in [f for f in EVENT_FILTERS if not args.only or f in args.only]:
        if name == "page-cursor" and not CURSORS:
            continue
        draw = rng(name)
        await phase(f"events/{name}", [("/api/events", EVENT_FILTERS[name](draw)) for _ in range(args.per_filter)],
                    args.clients)
    if not args.only or "map" in args.only:
        await phase("map/new-filters", [("/api/map", f) for f in _new_map_filters(args.map_filters, rng("map"))],
                    args.clients)
        same = {"zoom": 4, "event_type": "Riots", "min_fatalities": 3, "q": "report"}
        await phase("map/same-filter", [("/api/map", same)] * args.clients, args.clients)
        await phase("map/zoom22", [("/api/map", {"zoom": 22})] * 10, 10)
    if not args.only or "export" in args.only:
        await phase("export/geojson", [("/api/export/geojson", {})] * args.exports, args.exports)
    stop.set()
    await probe
    prober.close()
    for r in results:
        probes = health.get(r["phase"], [])
        r["health_max_ms"] = round(max(ms for ms, _ in probes)) if probes else None
        r["health_p95_ms"] = round(_pct([ms for ms, _ in probes], 95)) if probes else None
        r["health_failed"] = sum(not ok for _, ok in probes)
    return results


def _print(r: dict) -> None:
    print(f"{r['phase']:24s} n={r['requests']:4d} p50 {r['p50_ms']:6d} ms  p95 {r['p95_ms']:6d} ms  "
          f"p99 {r['p99_ms']:6d} ms  {r['req_per_s']:7.1f} req/s  cpu {r['server_cpu_ms']} ms/req  {r['statuses']}  "
          f"median {r['median_kb']} KB  max {r['max_kb']} KB", file=sys.stderr, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--db", default=str(ROOT / "out" / "bench_web.db"),
                    help="SQLite file, or a postgresql:// URL (built there the same way if it holds fewer events)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, help="server processes (default: serve's, one per core)")
    ap.add_argument("--per-filter", type=int, default=200, help="/api/events requests per filter")
    ap.add_argument("--map-filters", type=int, default=150, help="distinct /api/map filters")
    ap.add_argument("--exports", type=int, default=20, help="concurrent GeoJSON exports")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds before a request counts as failed")
    ap.add_argument("--only", nargs="*", help="events filter names, 'map' and/or 'export'")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--settle", type=float, default=3.0,
                    help="seconds between the server's first answer and the first phase: it finishes starting "
                         "(each worker reads the map's points) before it is measured")
    args = ap.parse_args()
    db = args.db
    if "://" not in db:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    counts = build(db, args.events)
    print(f"database: {counts}", file=sys.stderr)
    CURSORS.update(_cursors(db, range(100, 40_000, 100)))
    log = str(ROOT / "out" / "bench_api_load_server.log")
    with serving(db, log_path=log, **({"workers": args.workers} if args.workers else {})) as (base, proc):
        time.sleep(args.settle)
        SERVER["pid"] = proc.pid
        rss = RssSampler(proc.pid)
        start_mb = rss.status("VmRSS")
        rss.start()
        results = asyncio.run(run(base, args))
        rss.stop_flag.set()
        rss.join()
        memory = {"rss_start_mb": round(start_mb), "rss_peak_mb": round(rss.status("VmHWM")),
                  "rss_end_mb": round(rss.status("VmRSS")),
                  "anon_peak_mb": round(max((a for a, _ in rss.samples), default=0)),
                  "anon_end_mb": round(rss.status("RssAnon")),
                  "pss_peak_mb": round(max((p for _, p in rss.samples), default=0)), "pss_end_mb": round(rss.pss())}
    print("server memory: VmRSS {rss_start_mb} MB at start, peak (VmHWM) {rss_peak_mb} MB, {rss_end_mb} MB at end; "
          "own (RssAnon) peak {anon_peak_mb} MB, {anon_end_mb} MB at end; PSS peak {pss_peak_mb} MB, "
          "{pss_end_mb} MB at end".format(**memory), file=sys.stderr)
    print(f"{'phase':24s} {'p50':>6s} {'p95':>6s} {'p99':>6s} {'req/s':>7s} {'cpu/req':>8s} {'non-200':>8s} "
          f"{'health p95/max':>15s}")
    for r in results:
        bad = sum(v for k, v in r["statuses"].items() if k != "200")
        print(f"{r['phase']:24s} {r['p50_ms']:6d} {r['p95_ms']:6d} {r['p99_ms']:6d} {r['req_per_s']:7.1f} "
              f"{r['server_cpu_ms']:8.1f} "
              f"{bad:8d} {r['health_p95_ms'] or '-':>7}/{r['health_max_ms'] or '-':<7}")
    if args.json:
        Path(args.json).write_text(json.dumps({"events": counts["events"], "workers": args.workers, "server_rss": memory,
                                               "phases": results}, indent=1))


if __name__ == "__main__":
    main()
