"""What a user reads from the CLI: one clear line per problem, words that agree with their numbers, options
that read the same in every command, tables that fit a terminal or a pipe (issue 13 section 6, issue 10)."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys

import click
import pytest

from eventwire.cli import _register, cli

pytestmark = pytest.mark.issue(13)


def _jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _eventwire(*args, timeout=300, env=None):
    return subprocess.run([sys.executable, "-m", "eventwire", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


# ---- one article's failure is one line --------------------------------------------------------------------

@pytest.mark.issue(10)
def test_an_internal_error_in_one_article_is_one_line_and_the_run_goes_on(invoke, tmp_path, violent,
                                                                         extractor_fails_on):
    extractor_fails_on("bad", KeyError("A3"))
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": i, "text": violent, "published": "2024-06-04"} for i in ("v1", "bad", "v3")]))
    errors = tmp_path / "errors.txt"
    result = invoke(src, "--errors", errors)
    assert result.exit_code == 2
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"v1", "v3"}
    expected = f"{src}:2: EW501 internal error in article bad: KeyError: 'A3'"
    assert result.stderr.splitlines() == [expected]
    assert errors.read_text().splitlines() == [expected]


# ---- dates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_publication_date_out_of_range_is_a_usage_error(tmp_path, calm, command):
    src = tmp_path / "a.txt"
    src.write_text(calm)
    proc = _eventwire(command, src, "--published", "9999-12-31", "--db", tmp_path / "x.db") if command == "ingest" \
        else _eventwire(command, src, "--published", "9999-12-31")
    assert proc.returncode == 2
    assert "--published" in proc.stderr and "1800-01-01..2199-12-31" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_undated_articles_are_warned_about_once(invoke, tmp_path, violent):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Attack in Kornwald\n{violent}\n")
    result = invoke(tmp_path)
    assert result.exit_code == 0  # a warning, not a skipped input
    [line] = result.stderr.splitlines()
    assert line.startswith(f"warning: {tmp_path / 'a.txt'} has no publication date") and "--published" in line
    dated = invoke(tmp_path, "--published", "2024-06-04")
    assert dated.exit_code == 0 and dated.stderr == ""


def test_ingest_warns_once_about_undated_articles_too(tmp_path, violent):
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": "u1", "text": violent}, {"id": "u2", "text": violent.replace("four", "five")}]))
    proc = _eventwire("ingest", "--quiet", src, "--db", tmp_path / "x.db")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {src}:1 has no publication date, so dates such as 'yesterday' or 'on Monday' "
                        "stay empty; give one with --published YYYY-MM-DD (shown once)"]


# ---- counted words -------------------------------------------------------------------------------------------

def test_counts_agree_with_their_words(tmp_path, violent):
    src = tmp_path / "one.jsonl"
    src.write_text(_jsonl([{"id": "only", "text": violent, "published": "2024-06-04"}]))
    db = tmp_path / "one.db"
    ingested = _eventwire("ingest", "--quiet", src, "--db", db)
    assert ingested.returncode == 0, ingested.stderr
    summary = ingested.stderr.splitlines()[-1]
    assert summary == ("1 article added, 0 already stored, 1 mention, 1 new event; database: 1 article, 1 event")
    exported = _eventwire("export", "--db", db, "--format", "jsonl", "--output", tmp_path / "out.jsonl")
    assert exported.stderr.strip() == "1 event written"
    listed = _eventwire("events", "--db", db)
    assert re.search(r"\b1 of 1 event\b(?!s)", listed.stdout), listed.stdout


# ---- messages ------------------------------------------------------------------------------------------------

def test_an_unterminated_string_is_described_without_a_doubled_word(invoke, tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "x", "text": "unterminated\n')
    result = invoke(src)
    assert result.stderr.splitlines() == [f"{src}:1: EW105 malformed JSON (Unterminated string starting at column 21)"]
    assert "at at" not in result.stderr


def test_a_port_in_use_is_one_clear_line(tmp_path):
    from eventwire.store import Store

    Store.open(str(tmp_path / "x.db")).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = _eventwire("serve", "--db", tmp_path / "x.db", "--port", port, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"Error: port {port} on 127.0.0.1 is already in use: stop what runs there, or choose another with --port"]


# ---- options -------------------------------------------------------------------------------------------------

# What click shows when an option names no metavar of its own: they say nothing about the value expected.
GENERIC_METAVARS = {"TEXT", "INTEGER", "INTEGER RANGE", "FLOAT", "FILENAME", "PATH", "DIRECTORY", "FILE PATH",
                    "[%Y-%m-%d]"}


def _commands(group: click.Group, prefix: str = ""):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_option_names_its_value_the_same_way_in_every_command():
    _register()
    seen: dict[str, set[str]] = {}
    for name, command in _commands(cli):
        ctx = click.Context(command, info_name=name)
        for param in command.params:
            if not isinstance(param, click.Option) or param.is_flag or param.hidden:
                continue
            if isinstance(param.type, click.Choice):
                continue  # the choices themselves are shown
            metavar = param.make_metavar(ctx)
            assert metavar not in GENERIC_METAVARS, f"eventwire {name} {param.opts[0]} shows {metavar}"
            seen.setdefault(max(param.opts, key=len), set()).add(metavar)
    assert {opt: metas for opt, metas in seen.items() if len(metas) > 1} == {}
    assert seen["--published"] == {"YYYY-MM-DD"} and seen["--db"] == {"URL"}


# ---- the first run -------------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux `script` for a pseudo-terminal")
def test_the_first_run_shows_the_gazetteer_being_built(tmp_path):
    """No cached gazetteer (a fresh machine): on a terminal the build shows its steps, elapsed time and ETA."""
    screen = tmp_path / "screen.txt"
    command = f"stty cols 140; {shlex.quote(sys.executable)} -m eventwire places lookup Kano -n 2"
    proc = subprocess.run(["script", "-qec", command, str(screen)], capture_output=True, timeout=600,
                          env={**os.environ, "TERM": "xterm", "EVENTWIRE_CACHE": str(tmp_path / "cache")})
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.read_text(errors="replace"))
    assert proc.returncode == 0, shown
    assert "building the place gazetteer (first run only)" in shown
    assert "7/7 steps" in shown and "ETA" in shown
    assert re.search(r"Kano\s.*NGA", shown)  # and then the answer
    assert list((tmp_path / "cache").glob("gazetteer-v*.sqlite"))
