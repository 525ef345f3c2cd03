"""`eventwire places lookup` through the real click command."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from eventwire.cli import _register, cli


def run(*args):
    _register()
    return CliRunner().invoke(cli, ["places", *args])


def test_lookup_json(gaz):
    r = run("lookup", "Hamam al Alil", "--json")
    assert r.exit_code == 0, r.output
    first = json.loads(r.output.splitlines()[0])
    assert first["iso3"] == "IRQ" and first["kind"] == "town" and "score" in first


def test_lookup_table_and_country(gaz):
    r = run("lookup", "Tripoli", "--country", "LBN")
    assert r.exit_code == 0 and "LBN" in r.output and "LBY" not in r.output


def test_lookup_nothing_found_exits_1(gaz):
    r = run("lookup", "Qwxzvbnm")
    assert r.exit_code == 1


def test_lookup_bad_country(gaz):
    r = run("lookup", "Mosul", "--country", "XX")
    assert r.exit_code == 2 and "unknown country code" in r.output


def test_build_reports_an_up_to_date_cache(gaz):
    r = run("build")
    assert r.exit_code == 0 and "up to date" in r.output and "gazetteer-v" in r.output


@pytest.mark.issue(13)
def test_places_lookup_piped_is_tab_separated_with_a_header(gaz):
    result = run("lookup", "Tripoli", "--country", "LBN")
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split("\t") == ["score", "name", "kind", "admin2", "admin1", "country", "lat", "lon",
                                  "population", "geonameid", "matched"]
    assert rows and all(len(r.split("\t")) == 11 for r in rows)
    first = dict(zip(header.split("\t"), rows[0].split("\t")))
    assert (first["name"], first["country"]) == ("Tripoli", "LBN")
    assert abs(float(first["lat"]) - 34.43) < 0.1


@pytest.mark.issue(13)
@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux `script` for a pseudo-terminal")
def test_places_lookup_fits_an_80_column_terminal(gaz, tmp_path):
    screen = tmp_path / "screen.txt"
    command = f"stty cols 80; {shlex.quote(sys.executable)} -m eventwire places lookup Tripoli -n 5"
    proc = subprocess.run(["script", "-qec", command, str(screen)], capture_output=True, timeout=120,
                          env={**os.environ, "TERM": "dumb", "COLUMNS": "80", "NO_COLOR": "1"})
    assert proc.returncode == 0, screen.read_text(errors="replace")
    lines = [re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", line).rstrip("\r") for line in
             screen.read_text(errors="replace").splitlines()]
    table = [line for line in lines if line.strip() and not line.startswith("Script ")]  # `script`'s own lines
    assert max(len(line) for line in table) <= 80
    assert any(re.search(r"\bTripoli\b.*\bLBY\b.*32\.88", line) for line in table)
    assert any(re.search(r"\bTripoli\b.*\bLBN\b.*34\.43", line) for line in table)
