"""`eventwire extract` end to end: real files, the real pipeline, output streams and exit statuses."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest

from eventwire.records import Mention



def _jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _mentions(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_jsonl_output_is_one_contract_mention_per_line(invoke, tmp_path, violent, calm):
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": "v1", "text": violent, "published": "2024-06-04"},
                           {"id": "c1", "text": calm, "published": "2024-06-04"}]))
    result = invoke(src)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = _mentions(result.stdout)
    assert rows, "the violent report yields at least one mention"
    assert {r["article_id"] for r in rows} == {"v1"}
    for row in rows:
        assert set(Mention.CONTRACT_FIELDS) <= set(row)
        for ev in row["evidence"]:
            assert 0 <= ev["start"] < ev["end"] <= len(violent)


def test_every_format_and_a_directory_in_one_run(invoke, tmp_path, violent):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(f"Attack in Kornwald\n{violent}\n")
    (corpus / "sub" / "b.html").write_text(
        f"<html><head><title>Attack</title></head><body><article><p>{violent}</p>"
        "<p>Officials in Testland gave no further details about the attackers or their motives.</p>"
        "</article></body></html>")
    (corpus / "c.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Testland Wire</title>'
        f"<item><guid>rss-1</guid><description>{violent}</description></item></channel></rss>")
    result = invoke(corpus, "--published", "2024-06-04")
    assert result.exit_code == 0, result.stderr
    ids = {r["article_id"] for r in _mentions(result.stdout)}
    assert "rss-1" in ids
    assert len(ids) == 3  # the txt, the html page and the feed entry each report the attack


def test_bad_inputs_are_reported_and_the_rest_processed(invoke, tmp_path, violent):
    good = tmp_path / "good.jsonl"
    good.write_text(_jsonl([{"id": "v1", "text": violent}]) + "{broken\n" + _jsonl([{"id": "v2", "text": violent}]))
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x00\x01")
    unknown = tmp_path / "notes.docx"
    unknown.write_bytes(b"PK\x03\x04")
    errors = tmp_path / "errors.txt"
    result = invoke(good, binary, unknown, tmp_path / "missing.txt", "--errors", errors, "--published", "2024-06-04")
    assert result.exit_code == 2
    assert {r["article_id"] for r in _mentions(result.stdout)} == {"v1", "v2"}
    expected = [
        f"{good}:2: EW105 ",
        f"{binary}: EW102 ",
        f"{unknown}: EW101 ",
        f"{tmp_path / 'missing.txt'}: EW109 ",
    ]
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected):
        assert line.startswith(start), line
    assert errors.read_text().splitlines() == lines


def test_errors_file_is_written_and_empty_when_all_is_well(invoke, tmp_path, calm):
    src = tmp_path / "calm.txt"
    src.write_text(f"League news\n{calm}\n")
    errors = tmp_path / "errors.txt"
    result = invoke(src, "--errors", errors)
    assert result.exit_code == 0
    assert errors.exists() and errors.read_text() == ""
    assert result.stdout == ""  # no event in a sports schedule


def test_stdin_dash_reads_json_lines(invoke, violent):
    result = invoke("-", input=_jsonl([{"id": "stdin-1", "text": violent, "published": "2024-06-04"}]) + "[]\n")
    assert result.exit_code == 2
    assert {r["article_id"] for r in _mentions(result.stdout)} == {"stdin-1"}
    assert result.stderr.startswith("-:2: EW114 ")


def test_output_file_and_table_format(invoke, tmp_path, violent):
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": "tbl-1", "text": violent, "published": "2024-06-04"}]))
    out = tmp_path / "out.jsonl"
    assert invoke(src, "--output", out).exit_code == 0
    assert [r["article_id"] for r in _mentions(out.read_text())][:1] == ["tbl-1"]
    table = invoke(src, "--format", "table")
    assert table.exit_code == 0
    assert "sub-event type" in table.stdout and "tbl-1" in table.stdout
    assert not table.stdout.lstrip().startswith("{")


def test_published_option_is_validated(invoke, tmp_path, calm):
    src = tmp_path / "a.txt"
    src.write_text(calm)
    result = invoke(src, "--published", "04/06/2024")
    assert result.exit_code == 2
    assert "--published" in result.stderr


def test_real_process_keeps_stdout_clean(tmp_path, violent):
    """As a user runs it: stderr is not a terminal, so no progress bar; stdout holds only JSON lines."""
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": "p1", "text": violent, "published": "2024-06-04"}]) + "\n{bad\n")
    blank = tmp_path / "blank.html"  # trafilatura logs its own complaints about this page: they stay out
    blank.write_text("<<<>>>")
    proc = subprocess.run([sys.executable, "-m", "eventwire", "extract", str(src), str(blank)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "COLUMNS": "80"})
    assert proc.returncode == 2
    assert [r["article_id"] for r in _mentions(proc.stdout)][:1] == ["p1"]
    assert proc.stderr.splitlines() == [
        f"{src}:3: EW105 malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{blank}: EW112 no article text found in HTML",
    ]


def test_triage_skips_articles_without_event_vocabulary_and_keeps_the_rest(invoke, tmp_path, violent, calm,
                                                                            monkeypatch):
    # The extractor is made to fail on every article it is given, by id: an article triage skips never
    # reaches it, so it cannot fail; one it keeps does.
    def reached(doc, article):
        raise RuntimeError(f"extractor reached {article.id}")

    from eventwire import pipeline
    monkeypatch.setattr(pipeline, "mentions", reached)
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": "v1", "text": violent, "published": "2024-06-04"},
                           {"id": "c1", "text": calm, "published": "2024-06-04"}]))
    plain = invoke(src)
    assert [line.rsplit(": ", 1)[-1] for line in plain.stderr.splitlines()] == [
        "extractor reached v1", "extractor reached c1"]
    triaged = invoke(src, "--triage")
    assert [line.rsplit(": ", 1)[-1] for line in triaged.stderr.splitlines()] == ["extractor reached v1"]


def test_dask_runner_gives_the_same_output_in_the_same_order(invoke, tmp_path, violent):
    rows = [{"id": f"d{i}", "text": violent.replace("four", str(i + 2)), "published": "2024-06-04"} for i in range(5)]
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(rows) + "{bad\n")
    plain = invoke(src, "--batch-size", "2")
    spread = invoke(src, "--batch-size", "2", "--dask", "1")
    assert spread.exit_code == plain.exit_code == 2
    assert spread.stdout == plain.stdout
    assert [r["article_id"] for r in _mentions(spread.stdout)] == [f"d{i}" for i in range(5)]
    assert spread.stderr.splitlines() == [f"{src}:6: EW105 malformed JSON (Expecting property name enclosed in double quotes at column 2)"]


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux `script` for a pseudo-terminal")
def test_progress_bar_on_a_terminal_stays_off_stdout(tmp_path, violent):
    """With stderr on a terminal the progress bar shows (rate, ETA), and stdout still holds only JSON."""
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl([{"id": f"t{i}", "text": violent, "published": "2024-06-04"} for i in range(3)]))
    out, screen = tmp_path / "out.jsonl", tmp_path / "screen.txt"
    command = f"{shlex.quote(sys.executable)} -m eventwire extract {shlex.quote(str(src))} > {shlex.quote(str(out))}"
    proc = subprocess.run(["script", "-qec", command, str(screen)], capture_output=True, timeout=300,
                          env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    assert proc.returncode == 0, screen.read_text(errors="replace")
    assert [r["article_id"] for r in _mentions(out.read_text())][:1] == ["t0"]
    shown = screen.read_text(errors="replace")
    assert "articles/s" in shown and "ETA" in shown and "3/3" in shown
    quiet_out = tmp_path / "quiet.jsonl"
    quiet = subprocess.run(["script", "-qec", command.replace(" > ", " --quiet > ").replace(str(out), str(quiet_out)),
                            str(screen)], capture_output=True, timeout=300, env={**os.environ, "TERM": "xterm"})
    assert quiet.returncode == 0
    assert "articles/s" not in screen.read_text(errors="replace")
