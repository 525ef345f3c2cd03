"""Bad input becomes an ErrorRecord naming the file, line and reason; the rest of the batch is read."""
from __future__ import annotations

import json
import os

import pytest

from eventwire.errors import Errors
from eventwire.ingest import limits

GOOD = json.dumps({"id": "good", "text": "Protesters marched in Testville on Monday."})


def _lines(*lines: str | bytes) -> bytes:
    return b"".join((l if isinstance(l, bytes) else l.encode()) + b"\n" for l in lines)


# (what, file name, content, expected code, expected line)
FILE_CASES = [
    ("binary file", "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "EW102", None),
    ("binary jsonl", "dump.jsonl", b"\x00\x01\x02" * 50, "EW102", None),
    ("invalid UTF-8", "latin.txt", "Title\nLine two\nCaf\xe9 burned\n".encode("latin-1"), "EW103", 3),
    ("empty text", "empty.txt", b" \n\n\t\n", "EW104", None),
    ("unknown extension", "notes.md", b"# Protest\nSomething happened.\n", "EW101", None),
    ("malformed json file", "bad.json", b'{"text": "unterminated', "EW105", None),
    ("json scalar", "scalar.json", b'"just a string"', "EW114", None),
    ("html without article text", "blank.html", b"<html><head><title>x</title></head><body></body></html>", "EW112", None),
    ("not a feed", "data.xml", b'<?xml version="1.0"?><inventory><item sku="1"/></inventory>', "EW110", None),
    ("broken feed", "broken.rss", b"<rss><channel><title>Unclosed", "EW110", None),
    ("corrupt warc", "broken.warc", b"this is not a web archive at all\r\n\r\n", "EW111", None),
    ("warc record without target", "odd.warc",
     b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n", "EW111", None),
    ("truncated warc.gz", "cut.warc.gz", b"\x1f\x8b\x08\x00garbage", "EW111", None),
]


@pytest.mark.parametrize("what,name,content,code,line", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_bad_file_is_reported_and_the_batch_goes_on(write, run, what, name, content, code, line):
    bad = write(name, content)
    good = write("zz_good.jsonl", GOOD + "\n")
    result = run([bad, good])
    assert [a.id for a in result.articles] == ["good"]
    [err] = result.errors
    assert (err.source, err.code, err.line) == (str(bad), code, line)
    assert err.reason
    expected_where = f"{bad}:{line}" if line else str(bad)
    assert str(err) == f"{expected_where}: {code} {err.reason}"


# (what, JSONL line, expected code, a word the reason must contain)
LINE_CASES = [
    ("malformed line", b'{"id": "x", "text": ', "EW105", "malformed"),
    ("invalid UTF-8 in a line", b'{"text": "caf\xe9"}', "EW103", "UTF-8"),
    ("NUL in a line", b'{"text": "a\x00b"}', "EW102", "binary"),
    ("missing text", json.dumps({"id": "x", "title": "No body"}), "EW106", "'text'"),
    ("empty text", json.dumps({"id": "x", "text": "   "}), "EW106", "'text'"),
    ("text not a string", json.dumps({"text": ["a", "b"]}), "EW108", "'text'"),
    ("title not a string", json.dumps({"text": "t", "title": 5}), "EW108", "'title'"),
    ("url not a string", json.dumps({"text": "t", "url": {"href": "x"}}), "EW108", "'url'"),
    ("id not a string", json.dumps({"text": "t", "id": [1]}), "EW108", "'id'"),
    ("published not a string", json.dumps({"text": "t", "published": 20240501}), "EW108", "'published'"),
    ("unparseable published", json.dumps({"text": "t", "published": "last Tuesday"}), "EW113", "last Tuesday"),
    ("impossible published", json.dumps({"text": "t", "published": "2024-02-30"}), "EW113", "2024-02-30"),
    ("record not an object", json.dumps(["text", "t"]), "EW114", "array"),
]


@pytest.mark.parametrize("what,bad_line,code,word", LINE_CASES, ids=[c[0] for c in LINE_CASES])
def test_bad_jsonl_line_is_reported_with_its_line_number(write, run, what, bad_line, code, word):
    path = write("batch.jsonl", _lines(GOOD, bad_line, GOOD.replace('"good"', '"after"')))
    result = run([path])
    assert [a.id for a in result.articles] == ["good", "after"]
    [err] = result.errors
    assert (err.source, err.line, err.code) == (str(path), 2, code)
    assert word in err.reason


def test_oversized_jsonl_line_is_skipped_without_losing_the_next(write, run):
    huge = json.dumps({"id": "huge", "text": "x" * (limits.MAX_LINE_BYTES + 10)})
    path = write("big.jsonl", _lines(GOOD, huge, GOOD.replace('"good"', '"after"')))
    result = run([path])
    assert [a.id for a in result.articles] == ["good", "after"]
    [err] = result.errors
    assert (err.line, err.code) == (2, "EW107")
    assert str(limits.MAX_LINE_BYTES) in err.reason


def test_line_exactly_at_the_limit_is_accepted(write, run, monkeypatch):
    line = json.dumps({"id": "edge", "text": "y" * 50})
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", len(line))
    result = run([write("edge.jsonl", _lines(line, line + " "))])
    assert [a.id for a in result.articles] == ["edge"]
    assert [(e.line, e.code) for e in result.errors] == [(2, "EW107")]


def test_oversized_last_line_without_newline(write, run, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 100)
    result = run([write("tail.jsonl", _lines(GOOD) + b'{"text": "' + b"z" * 500)])
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.line, e.code) for e in result.errors] == [(2, "EW107")]


def test_file_over_the_size_limit(write, run, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 64)
    result = run([write("long.txt", "Title\n" + "word " * 100)])
    assert result.articles == []
    assert result.codes == ["EW115"]


def test_bad_record_in_a_json_array_names_its_position(write, run):
    path = write("arr.json", json.dumps([{"id": "a", "text": "ok"}, {"id": "b"}, {"id": "c", "text": "ok"}]))
    result = run([path])
    assert [a.id for a in result.articles] == ["a", "c"]
    [err] = result.errors
    assert err.code == "EW106" and "record 2" in err.reason


def test_feed_entry_without_text_is_skipped(write, run):
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Empty</title><guid>e1</guid><description>   </description></item>
    <item><title>Full</title><guid>e2</guid><description>Riot police dispersed a crowd.</description></item>
    </channel></rss>"""
    result = run([write("f.rss", rss)])
    assert [a.id for a in result.articles] == ["e2"]
    [err] = result.errors
    assert err.code == "EW104" and "entry 1" in err.reason


def test_missing_path_and_dangling_link_are_unreadable(write, run, tmp_path):
    good = write("corpus/ok.jsonl", GOOD + "\n")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "corpus" / "dangling.txt")
    result = run([tmp_path / "missing.jsonl", tmp_path / "corpus"])
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.source, e.code) for e in result.errors] == [
        (str(tmp_path / "missing.jsonl"), "EW109"),
        (str(tmp_path / "corpus" / "dangling.txt"), "EW109"),
    ]
    assert good.exists()


def test_bad_stdin_line(run):
    result = run(["-"], stdin=_lines(GOOD, "{nope"))
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.source, e.line, e.code) for e in result.errors] == [("-", 2, "EW105")]


def test_every_input_error_in_the_catalogue_is_produced_by_some_test():
    # A reader error code nobody provokes is a message nobody has seen: each must appear in a test here.
    from pathlib import Path

    here = Path(__file__).parent
    tested = " ".join(p.read_text(encoding="utf-8") for p in here.glob("test_*.py"))
    codes = [code for code in vars(Errors) if code.startswith("EW1")]
    assert len(codes) >= 15
    assert [code for code in codes if f'"{code}"' not in tested] == []
