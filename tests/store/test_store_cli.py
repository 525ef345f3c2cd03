"""`eventwire ingest` / `events` / `export` as a user runs them: real subprocesses, real databases."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from eventwire.store import url as urls
from eventwire.store.synthetic import generate

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args, check=True, timeout=300):
    proc = subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"eventwire {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


@pytest.mark.issue(5)
def test_three_outlets_and_an_unrelated_event_become_two_events(db_url, tmp_path):
    run("ingest", "--quiet", str(FIXTURES / "toll_dispute.jsonl"), "--db", db_url)
    out = tmp_path / "events.jsonl"
    run("export", "--db", db_url, "--format", "jsonl", "--output", str(out))
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(events) == 2
    attack = next(e for e in events if e["event_type"] == "Violence against civilians")
    protest = next(e for e in events if e["event_type"] == "Protests")
    assert attack["sources"] == ["syn-konduga-1", "syn-konduga-2", "syn-konduga-3"]
    assert attack["location"] == "Konduga" and attack["iso3"] == "NGA"
    tolls = {v["value"]: v["sources"] for v in attack["disagreements"]["fatalities"]}
    assert tolls == {12: ["syn-konduga-1"], 15: ["syn-konduga-2"], 19: ["syn-konduga-3"]}
    assert attack["fatalities"] == 19  # the later report (published a day after) updates the toll
    assert protest["sources"] == ["syn-maiduguri-protest"] and protest["location"] == "Maiduguri"

    # re-ingesting changes nothing, ids included
    run("ingest", "--quiet", str(FIXTURES / "toll_dispute.jsonl"), "--db", db_url)
    again = tmp_path / "again.jsonl"
    run("export", "--db", db_url, "--format", "jsonl", "--output", str(again))
    assert again.read_text() == out.read_text()

    csv_path = tmp_path / "events.csv"
    run("export", "--db", db_url, "--format", "acled-csv", "--output", str(csv_path))
    rows = list(csv.DictReader(csv_path.open()))
    row = next(r for r in rows if r["event_type"] == "Violence against civilians")
    # the outlets, then the sources they cite (assess)
    assert row["source"] == ("northern-ledger.example; sahel-daily.example; lake-chad-observer.example; "
                             "community leader; residents; Police Forces of Nigeria; local government official")
    assert row["event_id_cnty"].startswith("NGA") and row["disorder_type"] == "Political violence"
    assert row["fatalities"] == "19" and row["iso"] == "566"

    listed = run("events", "--db", db_url, "--min-fatalities", "10", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["event_id"] for line in listed] == [attack["event_id"]]


def _counts(db_url):
    engine = create_engine(urls.normalise(db_url))
    with engine.connect() as c:
        out = {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("articles", "mentions", "events")}
        out["mention_ids"] = set(c.execute(text("SELECT id || ':' || event_id FROM mentions")).scalars())
        out["orphans"] = c.execute(text(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.event_id)"
        )).scalar_one()
        out["n_mentions"] = c.execute(text("SELECT coalesce(sum(n_mentions), 0) FROM events")).scalar_one()
    engine.dispose()
    return out


KILL_N = 400
# spaCy's pipe reads several batches ahead of what it yields; with this much fed, the first batches are
# stored (committed every 10 articles) while the process waits on standard input for the rest.
FED_BEFORE_KILL = 300


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory):
    """A generated corpus and, once for both back ends, what an uninterrupted ingest of it stores."""
    tmp = tmp_path_factory.mktemp("kill")
    corpus = tmp / "corpus.jsonl"
    with corpus.open("w") as fh:
        for art, _ in generate(KILL_N, seed=11):
            fh.write(json.dumps({"id": art.id, "outlet": art.outlet, "url": art.url, "title": art.title,
                                 "published": art.published.isoformat(), "text": art.text}) + "\n")
    fresh = f"sqlite:///{tmp / 'fresh.db'}"
    run("ingest", "--quiet", str(corpus), "--db", fresh)
    return corpus, _counts(fresh)


@pytest.mark.issue(5)
def test_kill_9_during_ingest_then_rerun_loses_nothing_and_duplicates_nothing(db_url, kill_corpus):
    """The first ingest reads standard input, so the test decides how far it gets (no race with a fast
    machine): it is fed part of the corpus, killed with SIGKILL once batches are committed and while it
    holds uncommitted work, then the whole corpus is ingested again."""
    corpus, reference = kill_corpus
    lines = corpus.read_text().splitlines(keepends=True)
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", "--quiet", "--batch-size", "10", "-",
                             "--db", db_url], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc.stdin.write("".join(lines[:FED_BEFORE_KILL]).encode())
    proc.stdin.flush()
    deadline = time.time() + 240
    before = None
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            c = _counts(db_url)
        except Exception:  # schema not created yet
            continue
        if c["articles"] >= 30:
            before = c
            break
    assert proc.poll() is None, f"ingest stopped before it could be killed: {proc.stderr.read()[-1000:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert before is not None and 30 <= before["articles"] < FED_BEFORE_KILL
    after_kill = _counts(db_url)
    assert after_kill["articles"] >= before["articles"]  # every commit seen before the kill survived
    assert before["mention_ids"] <= after_kill["mention_ids"]

    run("ingest", "--quiet", "--batch-size", "10", str(corpus), "--db", db_url)
    final = _counts(db_url)
    assert final["articles"] == KILL_N
    assert after_kill["mention_ids"] <= final["mention_ids"]  # nothing committed is lost or re-assigned
    assert final["orphans"] == 0 and final["n_mentions"] == final["mentions"]
    # exactly what the same corpus ingested without interruption gives
    assert final["mention_ids"] == reference["mention_ids"]
    assert (final["mentions"], final["events"]) == (reference["mentions"], reference["events"])


def test_bad_lines_are_reported_stored_and_the_batch_goes_on(tmp_path):
    good = json.loads((FIXTURES / "toll_dispute.jsonl").read_text().splitlines()[3])
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"id": "broken", "text": \n' + json.dumps(good) + "\n" + '{"id": "empty", "text": ""}\n')
    db = tmp_path / "events.db"
    proc = run("ingest", "--quiet", str(src), "--db", str(db), check=False)
    assert proc.returncode == 2
    assert f"{src}:1: EW105" in proc.stderr and f"{src}:3: EW106" in proc.stderr
    from eventwire.store import Store
    with Store.open(db) as store:
        assert store.counts()["articles"] == 1
        assert sorted((e["line"], e["code"]) for e in store.errors()) == [(1, "EW105"), (3, "EW106")]
    # a rerun reports the same errors again but stores them once
    run("ingest", "--quiet", str(src), "--db", str(db), check=False)
    with Store.open(db) as store:
        assert len(store.errors()) == 2 and store.counts()["articles"] == 1
