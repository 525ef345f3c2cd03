"""`ingest` when one record or one article goes wrong, on SQLite and on a real PostgreSQL server: the rest is
committed, nothing half-stored remains, and the failed article is retried by the next run (issues 10, 13)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from eventwire import merge
from eventwire.store import Store
from eventwire.store.ingest import ingest

# Clearly synthetic reports about made-up or real places, in the contract's record shape.
REPORTS = [
    {"id": "a", "text": "Gunmen killed four villagers in an attack on Konduga in Borno on Monday.",
     "published": "2024-06-04", "outlet": "ledger.example"},
    {"id": "bad", "text": "Several thousand traders marched through Maiduguri on Tuesday against a market levy.",
     "published": "2024-06-04", "outlet": "daily.example"},
    {"id": "c", "text": "A car bomb killed seven people at a checkpoint in Mosul on Sunday, police said.",
     "published": "2024-06-04", "outlet": "observer.example"},
]


def _write(path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _stored(db_url) -> dict:
    with Store.open(db_url) as store, store.engine.connect() as conn:
        ids = sorted(conn.execute(text("select id from articles")).scalars())
        orphans = conn.execute(text("select count(*) from mentions where article_id not in "
                                    "(select id from articles)")).scalar_one()
        per_article = dict(conn.execute(text("select article_id, count(*) from mentions group by article_id")).all())
        errors = sorted((e["source"].rsplit("/", 1)[-1], e["line"], e["code"]) for e in store.errors())
    return {"ids": ids, "orphans": orphans, "mentions": per_article, "errors": errors}


@pytest.mark.issue(10)
def test_an_article_whose_extraction_fails_is_recorded_as_failed_and_retried_later(db_url, tmp_path,
                                                                                   extractor_fails_on):
    src = _write(tmp_path / "batch.jsonl", REPORTS)
    fix = extractor_fails_on("bad", KeyError("A0"))
    with Store.open(db_url) as store:
        summary = ingest(store, [src])
    assert (summary.read, summary.added) == (3, 2)
    assert [str(e) for e in summary.errors] == [f"{src}:2: EW501 internal error in article bad: KeyError: 'A0'"]
    first = _stored(db_url)
    assert first["ids"] == ["a", "c"] and first["errors"] == [("batch.jsonl", 2, "EW501")]

    fix()  # the bug is fixed: the next run retries only that article
    with Store.open(db_url) as store:
        again = ingest(store, [src])
    assert (again.added, again.skipped, again.errors) == (1, 2, [])
    assert _stored(db_url)["ids"] == ["a", "bad", "c"]


@pytest.mark.issue(10)
def test_a_failure_while_storing_one_article_leaves_nothing_half_stored_and_keeps_its_batch(db_url, tmp_path,
                                                                                            monkeypatch):
    src = tmp_path / "batch.jsonl"  # a malformed line before the failing article, in the same open batch
    src.write_text(json.dumps(REPORTS[0]) + "\n{broken\n" + "".join(json.dumps(r) + "\n" for r in REPORTS[1:]))
    real = merge.matches

    def buggy(rec, candidates, settings):
        if rec["article_id"] == "bad":
            raise OverflowError("date value out of range")
        return real(rec, candidates, settings)

    monkeypatch.setattr(merge, "matches", buggy)
    with Store.open(db_url) as store:
        summary = ingest(store, [str(src)], batch_size=10)  # one open batch: "a" is uncommitted when "bad" fails
    assert summary.added == 2 and [e.code for e in summary.errors] == ["EW105", "EW501"]
    assert "OverflowError: date value out of range" in summary.errors[1].reason
    stored = _stored(db_url)
    assert stored["ids"] == ["a", "c"] and stored["orphans"] == 0
    assert stored["errors"] == [("batch.jsonl", 2, "EW105"), ("batch.jsonl", 3, "EW501")]
    assert set(stored["mentions"]) == {"a", "c"}  # each kept article with its mentions, none of "bad"'s
    with Store.open(db_url) as store:
        events = list(store.iter_events())
    assert {s for e in events for s in e["sources"]} == {"a", "c"}


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.issue(13)
def test_records_a_back_end_would_refuse_are_refused_alike_on_both_and_the_rest_committed(db_url, tmp_path):
    rows = [
        REPORTS[0],
        {"id": "nul\u0000id", "text": "Police fired tear gas at marchers in Kano on Monday."},
        {"id": "x" * 300, "text": "Rioters burned a bus in Jos on Monday."},
        {"id": "far", "text": "Soldiers clashed with gunmen in Yola on Monday.", "published": "9999-12-31"},
        {"id": "nul-text", "text": "Protesters\u0000 marched in Zaria on Monday.", "title": "March\u0000",
         "published": "2024-06-04"},
        REPORTS[2],
    ]
    src = _write(tmp_path / "hostile.jsonl", rows)
    proc = _cli("ingest", "--quiet", src, "--db", db_url)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    for line, code in ((2, "EW118"), (3, "EW118"), (4, "EW117")):
        assert f"{src}:{line}: {code} " in proc.stderr
    stored = _stored(db_url)
    assert stored["ids"] == ["a", "c", "nul-text"]
    assert stored["errors"] == [("hostile.jsonl", 2, "EW118"), ("hostile.jsonl", 3, "EW118"),
                                ("hostile.jsonl", 4, "EW117")]
    with Store.open(db_url) as store:
        kept = store.article("nul-text")
    assert kept["text"] == "Protesters\ufffd marched in Zaria on Monday." and kept["title"] == "March\ufffd"
