"""`eventwire places lookup` through the real click command."""
from __future__ import annotations

import json

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
