"""A database the commands cannot use is named with the reason, never a traceback, never a new empty
file, never a password on the screen (issue 13)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from eventwire.store import Store
from eventwire.store.synthetic import generate

pytestmark = pytest.mark.issue(13)
READ_ONLY_COMMANDS = (["events"], ["export", "--format", "jsonl"], ["serve", "--port", "1"])


def run(*args, unprivileged: bool = False):
    command = [sys.executable, "-m", "eventwire", *map(str, args)]
    if unprivileged and os.geteuid() == 0:
        # root reads and writes any file: in a new user namespace the same user loses that privilege, so
        # file modes apply as they do to everyone else
        if shutil.which("unshare") is None:
            pytest.skip("unshare not available to drop root's file privileges")
        command = ["unshare", "--user", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture
def events_db(tmp_path):
    path = tmp_path / "events.db"
    with Store.open(str(path)) as store:
        store.add_many(generate(6, seed=2))
    return path


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=lambda c: c[0])
def test_a_missing_database_is_an_error_not_a_new_empty_file(tmp_path, command):
    missing = tmp_path / "typo.db"
    res = run(*command, "--db", missing)
    assert res.returncode != 0
    assert f"EW303 no database at {missing}" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert not missing.exists() and os.listdir(tmp_path) == []


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS + (["ingest", "reports.jsonl"],), ids=lambda c: c[0])
def test_a_directory_is_refused_by_name(tmp_path, command):
    folder = tmp_path / "archive"
    folder.mkdir()
    res = run(*command, "--db", folder)
    assert res.returncode != 0
    assert f"EW304 cannot use {folder} as a database: it is a directory" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=lambda c: c[0])
def test_a_read_only_database_file_is_refused_by_name(events_db, command):
    events_db.chmod(0o444)
    try:
        res = run(*command, "--db", events_db, unprivileged=True)
    finally:
        events_db.chmod(0o644)
    assert res.returncode != 0
    assert f"EW304 cannot use {events_db} as a database: the file is read-only" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


def test_a_database_in_a_read_only_folder_is_refused_by_name(events_db):
    folder = events_db.parent
    folder.chmod(0o555)
    try:
        res = run("export", "--format", "jsonl", "--db", events_db, unprivileged=True)
    finally:
        folder.chmod(0o755)
    assert res.returncode != 0
    assert f"EW304 cannot use {events_db} as a database: its folder {folder} is read-only" in res.stderr, res.stderr


def test_read_only_commands_still_read_an_existing_database(events_db):
    res = run("export", "--format", "jsonl", "--db", events_db)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.splitlines()) >= 1


def test_ingest_still_creates_a_new_database(tmp_path):
    src = tmp_path / "reports.jsonl"
    src.write_text('{"id": "calm-1", "text": "The Testland football league announced its new season schedule.", '
                   '"published": "2024-05-01"}\n')
    db = tmp_path / "new.db"
    res = run("ingest", "--quiet", src, "--db", db)
    assert res.returncode == 0, res.stderr
    assert db.exists()


@pytest.mark.parametrize("url, shown", [
    ("mysql://analyst:Hunter2-secret@db.example/events", "mysql://analyst:***@db.example/events"),
    ("postgresql://analyst:Hunter2-secret@127.0.0.1:1/events", "database error"),
    ("postgresql://analyst@127.0.0.1:1/events?password=Hunter2-secret", "database error"),
])
def test_database_errors_never_show_the_password(url, shown):
    res = run("events", "--db", url)
    assert res.returncode != 0
    assert shown in res.stderr and "EW30" in res.stderr, res.stderr
    assert "Hunter2-secret" not in res.stderr + res.stdout
