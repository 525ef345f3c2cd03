"""`eventwire assess` end to end, and the new fields in `eventwire extract` output."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.cli import _register, cli

pytestmark = pytest.mark.issue(11)

PARTISAN = ("Make no mistake: the thugs who burned Kornwald will strike again. Gunmen killed four villagers in "
            "Kornwald in Testland on Monday, local officials said. Residents said the attackers came at night.")


def run(*args, input=None):
    _register()
    return CliRunner().invoke(cli, [*map(str, args)], input=input, catch_exceptions=False)


def test_assess_writes_one_line_per_article_with_spans_into_its_text(tmp_path, violent, calm):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "p1", "text": PARTISAN, "published": "2024-06-04"}, {"id": "c1", "text": calm}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n")
    out = tmp_path / "assess.jsonl"
    result = run("assess", src, "--output", out)
    assert result.exit_code == 2
    assert "in.jsonl:3: EW105" in result.stderr
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["article_id"] for x in lines] == ["p1", "c1"]
    first = lines[0]
    assert [PARTISAN[s["start"]:s["end"]] for s in first["opinion"]] == [
        "Make no mistake: the thugs who burned Kornwald will strike again."]
    assert [(PARTISAN[s["start"]:s["end"]], s["category"]) for s in first["loaded"]] == [("thugs", "name_calling")]
    assert [(PARTISAN[s["start"]:s["end"]], s["holder_kind"]) for s in first["attributions"]] == [
        ("local officials said", "unnamed"), ("Residents said", "witness")]
    assert first["figures"]["opinion_share"] > 0 and first["figures"]["loaded_per_1000_words"] > 0
    assert lines[1]["opinion"] == lines[1]["loaded"] == lines[1]["attributions"] == []


def test_extract_output_carries_attribution_and_claim_status(tmp_path, violent):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "v1", "text": violent, "published": "2024-06-04"}) + "\n")
    result = run("extract", src)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert rows and all(r["claim_status"] == "attributed" for r in rows)
    # the officials vouch for the attack; the outlet adds the burning in its own voice
    assert all({a["holder_kind"] for a in r["attribution"]} == {"unnamed", "outlet"} for r in rows)
    spans = [violent[e["start"]:e["end"]] for r in rows for e in r["evidence"] if e["field"] == "attribution"]
    assert spans and set(spans) == {"local officials said"}
    table = run("extract", src, "--format", "table")
    assert "claim status" in table.stdout and "attributed" in table.stdout and "(unnamed)" in table.stdout
