"""Inputs an unlucky user or an attacker could feed: each becomes one error naming the file (and line), never a
traceback, a hang or an unbounded read; the rest of the batch is read (issue 13, sections 1 and 2)."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading

import pytest

from eventwire.ingest import jsonl, limits  # noqa: F401  (jsonl: imported before a test drops privileges)
from eventwire.records import Article

pytestmark = pytest.mark.issue(13)

GOOD = json.dumps({"id": "good", "text": "Protesters marched in Testville on Monday."})
AFTER = json.dumps({"id": "after", "text": "Riot police dispersed a crowd in Norville on Tuesday."})


def _lines(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def within(seconds: float, fn):
    """fn() run in a daemon thread; fails (instead of hanging the suite) when it takes longer."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001  (re-raised in the test's thread)
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


# ---- JSON the parser cannot hold -----------------------------------------------------------------------

@pytest.mark.parametrize("what,value,word", [
    ("nested 1,500 levels", "[" * 1500 + "]" * 1500, "nested"),
    ("an integer of 5,000 digits", "9" * 5000, "digits"),
], ids=["deep", "long-integer"])
def test_json_beyond_the_parsers_limits_is_one_bad_line(write, run, what, value, word):
    path = write("batch.jsonl", _lines(GOOD, '{"id": "x", "text": "t", "extra": ' + value + "}", AFTER))
    result = run([path])
    assert [a.id for a in result.articles] == ["good", "after"]
    [err] = result.errors
    assert (err.source, err.line, err.code) == (str(path), 2, "EW119")
    assert word in err.reason


def test_a_json_file_nested_too_deeply_is_reported(write, run):
    bad = write("deep.json", "[" * 3000 + "]" * 3000)
    good = write("zz.jsonl", _lines(GOOD))
    result = run([bad, good])
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.source, e.code) for e in result.errors] == [(str(bad), "EW119")]


# ---- characters no database or tokenizer takes ----------------------------------------------------------

def test_a_lone_surrogate_becomes_a_replacement_character_at_the_same_offset(write, run):
    line = r'{"id": "s1", "title": "Clash \ud800 report", "text": "Gunmen attacked Testville \udfff on Monday."}'
    result = run([write("s.jsonl", _lines(line, AFTER))])
    assert result.errors == []
    first, after = result.articles
    assert first.text == "Gunmen attacked Testville \ufffd on Monday."
    assert first.title == "Clash \ufffd report"
    first.text.encode("utf-8")  # storable and printable
    assert after.id == "after"


def test_a_nul_character_in_a_text_is_replaced_and_offsets_keep(write, run):
    text = "Police fired tear gas\u0000 at marchers in Testville."
    result = run([write("n.jsonl", _lines(json.dumps({"id": "n1", "text": text, "outlet": "Ledger\u0000"})))])
    assert result.errors == []
    [article] = result.articles
    assert article.text == "Police fired tear gas\ufffd at marchers in Testville."
    assert len(article.text) == len(text) and article.outlet == "Ledger\ufffd"


@pytest.mark.parametrize("what,bad_id,word", [
    ("a NUL character", "abc\u0000def", "control character"),
    ("a line break", "abc\ndef", "control character"),
    ("256 characters", "i" * 256, "255"),
    ("a lone surrogate", "abc\ud800", "surrogate"),
], ids=["nul", "newline", "256-chars", "surrogate"])
def test_an_id_the_database_could_refuse_is_one_error_on_every_back_end(write, run, what, bad_id, word):
    line = json.dumps({"id": bad_id, "text": "Gunmen attacked Testville on Monday."})
    result = run([write("ids.jsonl", _lines(GOOD, line, AFTER))])
    assert [a.id for a in result.articles] == ["good", "after"]
    [err] = result.errors
    assert (err.line, err.code) == (2, "EW118")
    assert word in err.reason


def test_an_id_of_255_characters_is_accepted(write, run):
    line = json.dumps({"id": "i" * 255, "text": "Gunmen attacked Testville on Monday."})
    result = run([write("ids.jsonl", _lines(line))])
    assert result.errors == [] and result.articles[0].id == "i" * 255


def test_a_feed_guid_longer_than_an_id_may_be_is_reported(write, run):
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><guid>{"g" * 300}</guid><description>Riot police dispersed a crowd.</description></item>
    <item><guid>ok-2</guid><description>Traders marched in Norville.</description></item>
    </channel></rss>"""
    result = run([write("long.rss", rss)])
    assert [a.id for a in result.articles] == ["ok-2"]
    assert [e.code for e in result.errors] == ["EW118"]


# ---- dates the calendar cannot shift --------------------------------------------------------------------

@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "2300-05-01T10:00:00"])
def test_a_publication_date_out_of_range_is_one_bad_line(write, run, published):
    line = json.dumps({"id": "far", "text": "Gunmen attacked Testville on Monday.", "published": published})
    result = run([write("far.jsonl", _lines(line, AFTER))])
    assert [a.id for a in result.articles] == ["after"]
    [err] = result.errors
    assert (err.line, err.code) == (1, "EW117") and published in err.reason


@pytest.mark.parametrize("published", ["1800-01-01", "2199-12-31"])
def test_publication_dates_at_the_ends_of_the_range_are_kept(write, run, published):
    line = json.dumps({"id": "edge", "text": "Gunmen attacked Testville on Monday.", "published": published})
    result = run([write("edge.jsonl", _lines(line))])
    assert result.errors == [] and result.articles[0].published.isoformat() == published


# ---- empty feeds, odd entries in a folder ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["empty.xml", "empty.rss", "empty.atom"])
def test_an_empty_feed_file_is_reported(write, run, name):
    bad = write(name, b"")
    good = write("zz.jsonl", _lines(GOOD))
    result = run([bad, good])
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.source, e.code) for e in result.errors] == [(str(bad), "EW110")]


def test_a_file_symlink_loop_in_a_folder_is_reported_and_the_rest_read(write, run, tmp_path):
    write("corpus/b.jsonl", _lines(GOOD))
    (tmp_path / "corpus" / "a.txt").symlink_to(tmp_path / "corpus" / "loop.txt")
    (tmp_path / "corpus" / "loop.txt").symlink_to(tmp_path / "corpus" / "a.txt")
    result = run([tmp_path / "corpus"])
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.source, e.code) for e in result.errors] == [
        (str(tmp_path / "corpus" / "a.txt"), "EW109"), (str(tmp_path / "corpus" / "loop.txt"), "EW109")]
    assert "symbolic links" in result.errors[0].reason


@contextlib.contextmanager
def _unprivileged():
    """Run the block as user 'nobody' when the tests run as root (root reads any directory)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_an_unreadable_directory_is_reported_and_the_rest_read(run):
    # Not under tmp_path: pytest makes that private to root, and the read runs as another user.
    root = tempfile.mkdtemp(prefix="ew-unreadable-")
    try:
        os.chmod(root, 0o755)
        for name, mode in (("a-locked", 0o000), ("b-open", 0o755)):
            os.mkdir(os.path.join(root, name))
            with open(os.path.join(root, name, "r.jsonl"), "w", encoding="utf-8") as fh:
                fh.write(_lines(GOOD))
            os.chmod(os.path.join(root, name, "r.jsonl"), 0o644)
            os.chmod(os.path.join(root, name), mode)
        with _unprivileged():
            result = run([root])
        assert [a.id for a in result.articles] == ["good"]
        assert [(e.source, e.code) for e in result.errors] == [(os.path.join(root, "a-locked"), "EW109")]
        assert "Permission denied" in result.errors[0].reason
    finally:
        os.chmod(os.path.join(root, "a-locked"), 0o755)
        import shutil
        shutil.rmtree(root)


def test_a_fifo_in_a_folder_is_not_read_and_does_not_hang(write, run, tmp_path):
    write("corpus/b.jsonl", _lines(GOOD))
    os.mkfifo(tmp_path / "corpus" / "a.jsonl")
    result = within(20, lambda: run([tmp_path / "corpus"]))
    assert [a.id for a in result.articles] == ["good"]
    [err] = result.errors
    assert (err.source, err.code) == (str(tmp_path / "corpus" / "a.jsonl"), "EW116")
    assert "FIFO" in err.reason


def test_a_fifo_named_on_the_command_line_is_not_read(run, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = within(20, lambda: run([tmp_path / "pipe.txt"]))
    assert result.articles == [] and result.codes == ["EW116"]


@pytest.mark.parametrize("device,name", [("/dev/zero", "zero.txt"), ("/dev/urandom", "random.jsonl"),
                                          ("/dev/zero", "zero.html"), ("/dev/urandom", "random.warc")])
def test_a_link_to_a_device_is_not_read(write, run, tmp_path, device, name):
    write("corpus/b.jsonl", _lines(GOOD))
    (tmp_path / "corpus" / name).symlink_to(device)
    result = within(20, lambda: run([tmp_path / "corpus"]))
    assert [a.id for a in result.articles] == ["good"]
    assert [(e.source, e.code) for e in result.errors] == [(str(tmp_path / "corpus" / name), "EW116")]


def test_the_size_limit_counts_the_bytes_read_not_the_size_the_file_claims(run, tmp_path, monkeypatch):
    # Files in /proc say they are 0 bytes long and yet hold text: only counting what is read catches them.
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 64)
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    assert os.path.getsize(tmp_path / "status.txt") == 0
    result = run([tmp_path / "status.txt"])
    assert result.articles == [] and result.codes == ["EW115"]


# ---- sizes a parser would choke on ------------------------------------------------------------------------

def test_a_text_longer_than_the_limit_is_cut_at_a_word_and_said_so(write, run, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 60)
    text = "Gunmen attacked the market of Testville on Monday morning and burned twelve stalls."
    result = run([write("long.jsonl", _lines(json.dumps({"id": "long", "text": text}), AFTER))])
    long, after = result.articles
    assert long.id == "long" and long.text == "Gunmen attacked the market of Testville on Monday morning"
    assert after.text.startswith("Riot police")
    [err] = result.errors
    assert (err.line, err.code) == (1, "EW120") and "60" in err.reason


@pytest.mark.parametrize("limit", ["MAX_HTML_BYTES", "MAX_HTML_TAGS"])
def test_an_html_page_over_the_parse_limit_is_cut_before_parsing_and_said_so(write, run, page, monkeypatch, limit):
    filler = "<div class='ad'>" + "<span>sponsored</span>" * 4000 + "</div>"
    big = page.replace("</article>", "</article>" + filler)
    monkeypatch.setattr(limits, limit, len(page.encode()) + 100 if limit == "MAX_HTML_BYTES" else page.count("<") + 5)
    result = run([write("big.html", big)])
    [article] = result.articles
    assert "Hundreds of teachers marched" in article.text
    [err] = result.errors
    assert err.code == "EW121" and str(getattr(limits, limit)) in err.reason
    kept = int(err.reason.split("first ")[1].split()[0])
    assert kept < len(page.encode()) + 100 and big.encode()[kept:kept + 1] == b"<"  # cut before a tag


def test_a_page_of_twenty_thousand_paragraphs_is_extracted_in_seconds(write, run, page):
    # The extractor's fallbacks compare each paragraph with its neighbours: quadratic. Such a page skips them.
    big = page.replace("</article>", "</article>" + "<p>Reply</p>\n" * 20_000)
    result = within(60, lambda: run([write("many.html", big)]))
    [article] = result.articles
    assert "Hundreds of teachers marched" in article.text and result.errors == []


# ---- web archives ------------------------------------------------------------------------------------------

PAGES = [(f"https://ledger.example/{n}", f"<html><head><title>Report {n}</title></head><body><article>"
          f"<p>Police in Testville dispersed a crowd of {n} hundred marchers on Monday, officials said.</p>"
          f"<p>The march number {n} was about unpaid wages, organisers said.</p></article></body></html>")
         for n in range(1, 4)]


@pytest.mark.parametrize("name,gz", [("cut.warc", False), ("cut.warc.gz", True)])
def test_a_web_archive_cut_mid_record_reports_the_truncation(tmp_path, run, warc, name, gz):
    whole = tmp_path / ("whole" + name)
    warc(whole, PAGES, gz=gz)
    data = whole.read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[:-60])  # the last record loses its end
    result = run([cut])
    assert [a.title for a in result.articles] == ["Report 1", "Report 2"]
    [err] = result.errors
    assert (err.source, err.code) == (str(cut), "EW111")
    assert "record 3" in err.reason and "cut short" in err.reason


def test_a_bug_in_html_extraction_skips_one_archived_page_not_the_archive(tmp_path, run, warc, monkeypatch):
    import trafilatura

    real = trafilatura.bare_extraction

    def flaky(page, **kwargs):
        if "Report 2" in page:
            raise RuntimeError("simulated extraction bug")
        return real(page, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", flaky)
    path = tmp_path / "crawl.warc"
    warc(path, PAGES, gz=False)
    result = run([path])
    assert [a.title for a in result.articles] == ["Report 1", "Report 3"]
    [err] = result.errors
    assert err.code == "EW502" and "record 2" in err.reason and "simulated extraction bug" in err.reason


def test_a_bug_in_a_reader_skips_that_file_only(write, run, monkeypatch):
    from eventwire.ingest import txt

    def broken(whole, **kwargs):
        raise KeyError("simulated reader bug")

    monkeypatch.setattr(txt, "article_from_text", broken)
    bad = write("a.txt", "Title\nBody of a report.")
    good = write("b.jsonl", _lines(GOOD))
    result = run([bad, good])
    assert [a.id for a in result.articles] == ["good"]
    [err] = result.errors
    assert (err.source, err.code) == (str(bad), "EW502") and "simulated reader bug" in err.reason


def test_a_clean_archive_still_reads_whole(tmp_path, run, warc):
    path = tmp_path / "crawl.warc.gz"
    warc(path, PAGES, gz=True)
    result = run([path])
    assert result.errors == [] and [a.title for a in result.articles] == ["Report 1", "Report 2", "Report 3"]
    assert all(isinstance(a, Article) for a in result.articles)
