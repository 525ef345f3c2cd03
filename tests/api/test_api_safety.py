"""What the server sends and whom it answers (issue 13): security headers, the Host check against DNS
rebinding, no local paths in /api/errors, no password on the start line."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from pg import pg_server  # noqa: F401  (fixture: a throwaway PostgreSQL server, tests/pg.py)

from eventwire.api.testing import free_port, running_server
from eventwire.records import ErrorRecord
from eventwire.samples import fixtures
from eventwire.store import Store

pytestmark = pytest.mark.issue(13)


@pytest.fixture(scope="module")
def errors_base(tmp_path_factory):
    """A server over a database whose ingest errors name files in a user's private folders."""
    db = str(tmp_path_factory.mktemp("errors") / "errors.db")
    fixtures.build(db, synthetic_count=3, seed=5)
    with Store.open(db) as store:
        store.add_error(ErrorRecord(source="/home/alice/casework/sources/feed.jsonl", line=3, code="EW105",
                                    reason="malformed JSON (Expecting value at column 1)"))
        store.add_error(ErrorRecord(source="/srv/monitor/inbox/missing.txt", line=None, code="EW109",
                                    reason="file not found or unreadable ([Errno 2] No such file or directory: "
                                           "'/srv/monitor/inbox/missing.txt')"))
        store.add_error(ErrorRecord(source="../private/notes/today.html", line=None, code="EW112",
                                    reason="no article text found in HTML"))
        store.add_error(ErrorRecord(source="https://news.example/feed.xml", line=None, code="EW110",
                                    reason="feed could not be parsed (not well-formed)"))
    with running_server(db) as base:
        yield base


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/api/health", "/api/events?limit=1", "/api/nothing", "/static/app.js",
                 "/api/export/jsonl?country=IRQ"):
        res = client.get(path)
        csp = res.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert res.headers.get("x-content-type-options") == "nosniff", path
        assert res.headers.get("x-frame-options") == "DENY", path
        assert res.headers.get("referrer-policy") == "no-referrer", path


def test_the_page_has_no_inline_script(client):
    page = client.get("/").text
    scripts = page.split("<script")[1:]
    assert scripts and all(s.lstrip().startswith("src=") and s.split(">", 1)[1].startswith("</script") for s in scripts)
    assert " on" + "load=" not in page and " on" + "click=" not in page


def test_a_request_for_another_host_name_is_refused(client, base):
    port = base.rsplit(":", 1)[1]
    # What a browser sends after a rebinding page's own name resolved to 127.0.0.1.
    res = client.get("/api/events", headers={"Host": f"attacker.example:{port}"})
    assert res.status_code == 400
    assert res.json()["ok"] is False and res.json()["status"] == 400 and "Host" in res.json()["error"]
    assert "events" not in res.json()
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "127.0.0.1"):
        assert client.get("/api/health", headers={"Host": host}).status_code == 200, host


def test_errors_show_file_names_but_no_local_folders(errors_base):
    errs = httpx.get(f"{errors_base}/api/errors").json()["errors"]
    assert {e["source"] for e in errs} == {"feed.jsonl", "missing.txt", "today.html", "https://news.example/feed.xml"}
    text = repr(errs)
    for folder in ("/home/alice", "casework", "/srv/monitor", "inbox", "../private", "notes/"):
        assert folder not in text, folder
    missing = next(e for e in errs if e["code"] == "EW109")
    assert missing["reason"] == "file not found or unreadable ([Errno 2] No such file or directory: 'missing.txt')"


@pytest.mark.postgres
def test_serve_never_prints_the_database_password(pg_server, tmp_path):  # noqa: F811
    url = pg_server.new_database()
    fixtures.build(url, synthetic_count=2)
    secret_url = url.replace("postgres@", "postgres:Sw0rdfish-42@")  # the throwaway server trusts any password
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", secret_url, "--port", str(port)],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert "serving postgresql://postgres:***@127.0.0.1" in err, err
    assert "Sw0rdfish-42" not in out + err
