"""`eventwire watch` and `eventwire sources` as a user runs them: real subprocesses, a real local site, a
real database; a watcher killed with SIGKILL resumes without duplicates."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
from sqlalchemy import create_engine, text

from eventwire.api.testing import running_server
from newsite import Reply, html_reply, page, rss

ENV = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}  # loopback only, never a proxy


def cli(*args, check=True, timeout=300):
    proc = subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True,
                          timeout=timeout, env=ENV)
    if check and proc.returncode != 0:
        raise AssertionError(f"eventwire {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


def count(db: str, sql: str) -> int:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()
    except Exception:  # the watcher has not created the schema yet
        return 0
    finally:
        engine.dispose()


def test_a_watcher_killed_mid_poll_resumes_without_duplicates_or_refetching(site, tmp_path):
    n = 12
    paths = [f"/news/{i}.html" for i in range(n)]

    def slow(i):
        def route(_headers):
            time.sleep(0.25)  # slow enough for the kill to land mid-poll
            return html_reply(page(i))
        return route

    for i, p in enumerate(paths):
        site.routes[p] = slow(i)
    site.routes["/rss.xml"] = Reply(200, rss(site.base, paths), {"Content-Type": "application/rss+xml"})
    db = str(tmp_path / "events.db")
    args = [sys.executable, "-m", "eventwire", "watch", site.url("/rss.xml"), "--db", db, "--once", "--delay", "0",
            "--quiet"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    deadline = time.monotonic() + 240
    while count(db, "SELECT count(*) FROM articles") < 4:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the watcher stored nothing in time"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    before = count(db, "SELECT count(*) FROM articles")
    assert 4 <= before < n
    cli("watch", site.url("/rss.xml"), "--db", db, "--once", "--delay", "0", "--quiet")
    assert count(db, "SELECT count(*) FROM articles") == n
    assert count(db, "SELECT count(DISTINCT url) FROM articles") == n
    assert count(db, "SELECT count(*) FROM watch_entries WHERE status = 'done'") == n
    fetched_twice = [p for p in paths if len(site.requests_for(p)) > 1]
    assert len(fetched_twice) <= 1  # at most the page in flight when the kill came


def test_sources_add_list_remove_and_failures_shown(site, tmp_path):
    file, db = str(tmp_path / "sources.toml"), str(tmp_path / "events.db")
    site.routes["/news/1.html"] = html_reply(page(1))
    site.routes["/rss.xml"] = Reply(200, rss(site.base, ["/news/1.html"]), {"Content-Type": "application/rss+xml"})
    site.routes["/down.xml"] = Reply(503, b"busy", {"Content-Type": "text/plain", "Retry-After": "3600"})
    cli("sources", "add", site.url("/rss.xml"), "--file", file, "--outlet", "Test Wire", "--country", "ken",
        "--every", "15m")
    cli("sources", "add", site.url("/down.xml"), "--file", file)
    assert "Test Wire" in open(file, encoding="utf-8").read()
    bad = cli("sources", "add", site.url("/x.xml"), "--file", file, "--every", "often", check=False)
    assert bad.returncode == 2 and "not a duration" in bad.stderr

    run = cli("watch", "--file", file, "--db", db, "--once", "--delay", "0", check=False)
    assert run.returncode == 2  # a source failed
    assert "/down.xml: failed: http: HTTP 503" in run.stderr and "1 articles added" in run.stderr
    rows = {r["url"]: r for r in map(json.loads, cli("sources", "list", "--file", file, "--db", db,
                                                     "--format", "jsonl").stdout.splitlines())}
    good, down = rows[site.url("/rss.xml")], rows[site.url("/down.xml")]
    assert good["ok"] and good["articles_added"] == 1 and good["country"] == "KEN" and good["every"] == "15m"
    assert not down["ok"] and down["failures"] == 1 and "HTTP 503" in down["last_error"]
    assert down["next_poll_at"] > down["last_polled_at"]  # Retry-After: an hour
    table = cli("sources", "list", "--file", file, "--db", db).stdout
    assert "HTTP 503" in table and "Test Wire" in table

    cli("sources", "remove", site.url("/down.xml"), "--file", file)
    left = cli("sources", "list", "--file", file, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(r)["url"] for r in left] == [site.url("/rss.xml")]
    missing = cli("sources", "remove", site.url("/down.xml"), "--file", file, check=False)
    assert missing.returncode == 1 and "is not in" in missing.stderr

    with running_server(db) as base:
        health = httpx.get(f"{base}/api/health", timeout=30).json()
    by_url = {s["url"]: s for s in health["sources"]}
    assert health["ok"] and health["articles"] == 1
    assert by_url[site.url("/down.xml")]["ok"] is False and by_url[site.url("/rss.xml")]["ok"] is True


def test_watch_without_sources_says_so(tmp_path):
    run = cli("watch", "--file", str(tmp_path / "none.toml"), "--db", str(tmp_path / "e.db"), "--once", check=False)
    assert run.returncode == 1 and "no sources" in run.stderr
