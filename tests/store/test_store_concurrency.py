"""Several writers on one database (issue 13): real processes, a real PostgreSQL server, a real SQLite lock."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta

import pytest
from pg import pg_server  # noqa: F401  (fixture: a throwaway PostgreSQL server, tests/pg.py)

from eventwire.store import Store

pytestmark = pytest.mark.issue(13)

TOWNS = (("Konduga", "Borno", "Nigeria", "NGA", 11.65, 13.42), ("Baidoa", "Bay", "Somalia", "SOM", 3.11, 43.65),
         ("Gao", "Gao", "Mali", "MLI", 16.27, -0.04), ("Taiz", "Taiz", "Yemen", "YEM", 13.58, 44.02),
         ("Goma", "North Kivu", "Democratic Republic of the Congo", "COD", -1.68, 29.22))
WORDING = ("Gunmen killed {n} villagers in {town} on {day:%A}, the local council said. (Synthetic report {i}.)",
           "At least {n} people died when armed men raided {town} on {day:%d %B}, a witness told us. (Synthetic {i}.)")
OUTLETS = ("ledger.example", "courier.example")

# Writes the (article, mention) pairs of a JSON file into the database once the start file appears, in
# batches like `eventwire ingest`: the same public Store calls, in a process of its own.
WRITER = textwrap.dedent("""
    import json, os, sys, time
    from datetime import date
    from eventwire.records import Article, Evidence, Mention
    from eventwire.store import Store

    url, path, start = sys.argv[1:4]
    rows = [json.loads(line) for line in open(path)]
    store = Store.open(url)
    while not os.path.exists(start):
        time.sleep(0.005)
    pairs = ((Article(id=r["id"], text=r["text"], outlet=r["outlet"], title=r["title"],
                      published=date.fromisoformat(r["published"])),
              [Mention(article_id=r["id"], evidence=(Evidence(field="event", start=0, end=len(r["text"])),),
                       **r["mention"])]) for r in rows)
    print(json.dumps(store.add_many(pairs, batch_size=int(sys.argv[4]))))
    store.close()
""")


def retellings(outlet: int, incidents: int) -> list[dict]:
    """One outlet's report of each incident: same place, day, type and actors, its own words and toll."""
    rows = []
    for i in range(incidents):
        town, admin1, country, iso3, lat, lon = TOWNS[i % len(TOWNS)]
        day = date(2023, 1, 2) + timedelta(days=3 * i)  # incidents far enough apart in time never merge
        toll = 3 + i % 17 + outlet
        text = WORDING[outlet].format(n=toll, town=town, day=day, i=i)
        rows.append({"id": f"{OUTLETS[outlet]}-{i}", "text": text, "outlet": OUTLETS[outlet],
                     "title": f"Attack in {town}", "published": (day + timedelta(days=1)).isoformat(),
                     "mention": {"event_type": "Violence against civilians", "sub_event_type": "Attack",
                                 "event_date": day.isoformat(), "time_precision": 1, "location": town,
                                 "admin1": admin1, "country": country, "iso3": iso3, "latitude": lat,
                                 "longitude": lon, "geo_precision": 1, "actor1": f"Unidentified Armed Group ({country})",
                                 "actor2": f"Civilians ({country})", "fatalities": toll, "fatalities_min": toll}})
    return rows


def write_together(url: str, tmp_path, inputs: list[list[dict]], *, batch_size: int) -> list[dict]:
    """Start one writer process per input, release them at the same moment, wait for all."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    start = tmp_path / "go"
    procs = []
    for k, rows in enumerate(inputs):
        path = tmp_path / f"input-{k}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        procs.append(subprocess.Popen([sys.executable, str(script), url, str(path), str(start), str(batch_size)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    time.sleep(3)  # every writer has opened the database and waits
    start.touch()
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), [err[-2000:] for _, err in results]
    return [json.loads(out.splitlines()[-1]) for out, _ in results]


@pytest.mark.postgres
def test_two_writers_at_once_on_postgresql_merge_every_retelling(pg_server, tmp_path):  # noqa: F811
    incidents = 300
    url = pg_server.new_database()
    counts = write_together(url, tmp_path, [retellings(0, incidents), retellings(1, incidents)], batch_size=50)
    assert sum(c["articles"] for c in counts) == 2 * incidents
    with Store.open(url) as store, store.engine.connect() as conn:
        events = list(store.iter_events())
        seqs = conn.exec_driver_sql("SELECT seq FROM mentions").scalars().all()
    assert len(events) == incidents, f"{len(events) - incidents} retellings were left unmerged"
    assert all(sorted(e["outlets"]) == sorted(OUTLETS) and e["mentions"] == 2 for e in events)
    assert len(set(seqs)) == len(seqs) == 2 * incidents  # arrival numbers never shared between writers


@pytest.mark.parametrize("batch_size", [5, 200])
def test_two_ingests_of_one_file_log_no_database_error(db_url, tmp_path, batch_size):
    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(json.dumps({
        "id": f"calm-{i}", "published": "2024-05-01", "outlet": "ledger.example",
        "text": f"The Testland chess federation published its calendar, edition {i}, on Monday."}) + "\n"
        for i in range(40)))
    Store.open(db_url).close()
    procs = [subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", "--quiet", str(reports), "--db", db_url,
                               "--batch-size", str(batch_size)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    errors = [err for _, err in results]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("EW302" in e or "Traceback" in e for e in errors), errors
    with Store.open(db_url) as store:
        counts = store.counts()
    assert counts["articles"] == 40 and counts["errors"] == 0


def test_ingest_waits_for_a_writer_holding_the_sqlite_lock_past_its_timeout(tmp_path):
    db = tmp_path / "events.db"
    Store.open(str(db)).close()
    reports = tmp_path / "reports.jsonl"
    # The unreadable first line is recorded (a write) at once, while the lock is held.
    reports.write_text("{not json\n" + "".join(json.dumps({
        "id": f"calm-{i}", "published": "2024-05-01", "outlet": "ledger.example",
        "text": f"The Testland rowing club opened its boathouse, season {i}, on Sunday."}) + "\n" for i in range(12)))
    hold = 40  # seconds: longer than the 30 s a write waits before SQLite reports the lock
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sqlite3, sys, time
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
        conn.execute("COMMIT")
    """), str(db), str(hold)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        res = subprocess.run([sys.executable, "-m", "eventwire", "ingest", "--quiet", str(reports), "--db", str(db)],
                             capture_output=True, text=True, timeout=600)
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=60)
    assert res.returncode == 2, res.stderr  # 2: one line could not be read; nothing crashed
    assert "Traceback" not in res.stderr and "database is locked" not in res.stderr, res.stderr
    assert "is locked by another writer; waited 30 s, waiting again (nothing is lost)" in res.stderr, res.stderr
    assert f"{reports}:1: EW105" in res.stderr
    assert waited >= hold - 10  # it waited for the lock rather than giving up
    with Store.open(str(db)) as store:
        counts = store.counts()
        stored = store.errors()
    assert counts["articles"] == 12
    assert [(e["source"], e["line"], e["code"]) for e in stored] == [(str(reports), 1, "EW105")]
