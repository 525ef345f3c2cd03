"""Every input format read through the public interface, read_inputs, from real files."""
from __future__ import annotations

import gzip
import io
import itertools
import json
from datetime import date

import pytest

from eventwire.ingest import read_inputs


# ---- .txt --------------------------------------------------------------------------------------------

def test_txt_first_non_empty_line_is_the_title(write, run, report):
    path = write("a.txt", f"\n\n  Tear gas in Testville  \n\n{report}\n")
    [a] = run([path]).articles
    assert a.title == "Tear gas in Testville"
    assert a.text == report
    assert a.source == str(path)


def test_txt_single_line_is_text_without_title(write, run, report):
    [a] = run([write("a.txt", report)]).articles
    assert a.title is None and a.text == report


def test_txt_id_is_a_content_hash_not_the_file_name(write, run, report):
    one = write("one.txt", f"Title\n{report}")
    two = write("sub/two.txt", f"Title\n{report}")
    other = write("three.txt", f"Title\n{report} More.")
    ids = [a.id for a in run([one, two, other]).articles]
    assert ids[0] == ids[1] != ids[2]
    assert ids[0].startswith("a-")


def test_published_option_fills_in_a_missing_date(write, run, report):
    [a] = run([write("a.txt", report)], published=date(2024, 5, 6)).articles
    assert a.published == date(2024, 5, 6)


# ---- .html -------------------------------------------------------------------------------------------

def test_html_main_text_without_boilerplate_and_metadata(write, run, page):
    [a] = run([write("page.html", page)], published=date(2000, 1, 1)).articles
    assert "Hundreds of teachers marched through central Testville" in a.text
    assert "strike again next week" in a.text
    for boilerplate in ("cookies", "Subscribe", "Sport"):
        assert boilerplate not in a.text
    assert a.title == "Teachers march in Testville"
    assert a.outlet == "Norland Ledger"
    assert a.url == "https://ledger.example/news/testville-march"
    assert a.published == date(2024, 3, 4)  # the page's own date wins over --published
    # Pinned: a derived id must not change between versions, or a rerun would store the page again.
    assert a.id == "a-1cb26fc16e167165"  # sha256 of url + newline + text, first 16 hex digits


def test_html_date_is_not_guessed_from_the_body(write, run, page):
    undated = page.replace('<meta property="article:published_time" content="2024-03-04T09:00:00+02:00">', "")
    undated = undated.replace("on Monday", "on 12 January 2023")
    [a] = run([write("page.htm", undated)]).articles
    assert a.published is None
    [b] = run([write("page2.htm", undated)], published=date(2024, 2, 2)).articles
    assert b.published == date(2024, 2, 2)


def test_html_in_a_declared_legacy_charset_is_decoded(write, run, page):
    latin = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("Testville", "Tést")
    [a] = run([write("latin.html", latin.encode("iso-8859-1"))]).articles
    assert "central Tést on Monday" in a.text


# ---- .jsonl / .json ----------------------------------------------------------------------------------

def _record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_jsonl_records_with_all_contract_fields(write, run, report):
    lines = [
        _record(id="r1", url="https://news.example/1", outlet="news.example", published="2024-05-01",
                title="Tear gas", text=report),
        "",
        _record(id=17, text="Second report. " + report, published="2024-05-02T23:30:00-05:00", url=None),
        _record(text="Third report. " + report, published=None),
    ]
    path = write("a.jsonl", "\n".join(lines) + "\n")
    first, second, third = run([path], published=date(2024, 1, 1)).articles
    assert (first.id, first.url, first.outlet, first.title, first.text) == (
        "r1", "https://news.example/1", "news.example", "Tear gas", report)
    assert first.published == date(2024, 5, 1)
    assert first.source == f"{path}:1"
    assert second.id == "17"
    assert second.published == date(2024, 5, 2)  # the outlet's own calendar date, not UTC's
    assert second.source == f"{path}:3"  # blank line 2 skipped, numbering kept
    assert third.id == "a-75508d9538a5cca2"  # no id, no url: a hash of its text (pinned, see the html test)
    assert third.published == date(2024, 1, 1)


def test_json_file_holds_one_record_or_an_array(write, run, report):
    single = write("one.json", json.dumps({"id": "s", "text": report}, indent=2))
    array = write("many.json", json.dumps([{"id": "m1", "text": report}, {"id": "m2", "text": report}], indent=2))
    as_lines = write("lines.json", _record(id="l1", text=report) + "\n" + _record(id="l2", text=report) + "\n")
    assert [a.id for a in run([single, array, as_lines]).articles] == ["s", "m1", "m2", "l1", "l2"]


def test_stdin_is_json_lines(run, report):
    data = (_record(id="in1", text=report) + "\n" + _record(id="in2", text=report) + "\n").encode()
    result = run(["-"], stdin=data)
    assert [a.id for a in result.articles] == ["in1", "in2"]
    assert result.articles[0].source == "-:1"


def test_jsonl_streams_one_line_at_a_time(report):
    class Guarded(io.BytesIO):
        """Fails the test if anything past the first two lines is read."""

        def readline(self, size=-1):
            if self.tell() > self.limit:
                raise AssertionError("read past the articles asked for")
            return super().readline(size)

    body = "".join(_record(id=f"s{i}", text=report) + "\n" for i in range(1000)).encode()
    stream = Guarded(body)
    stream.limit = len(body.split(b"\n")[0]) + 1
    first_two = list(itertools.islice(read_inputs(["-"], on_error=pytest.fail, stdin=stream), 2))
    assert [a.id for a in first_two] == ["s0", "s1"]


# ---- RSS / Atom --------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Norland Ledger</title><link>https://ledger.example/</link><description>News</description>
<item><title>Clashes in &lt;b&gt;Testville&lt;/b&gt;</title><link>https://ledger.example/a</link>
<guid>ledger-a</guid><pubDate>Tue, 05 Mar 2024 08:00:00 +0000</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Police in Testville fired tear gas at protesters.</p><p>Two people were hurt &amp; one arrested.</p><script>track()</script>]]></content:encoded>
</item>
<item><title>Market reopens</title><link>https://ledger.example/b</link>
<description>&lt;p&gt;The central market of Norland reopened after repairs.&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title><id>urn:vc</id>
<updated>2024-04-02T10:00:00+04:30</updated>
<entry><title>Roadblock set up</title><id>urn:vc:1</id><link href="https://courier.example/1"/>
<updated>2024-04-02T01:00:00+04:30</updated>
<summary type="html">&lt;p&gt;Farmers blocked the highway near Testville with tractors.&lt;/p&gt;</summary></entry>
</feed>
"""


def test_rss_one_article_per_entry_with_html_stripped(write, run):
    result = run([write("feed.rss", RSS)], published=date(2024, 1, 1))
    first, second = result.articles
    assert first.text == "Police in Testville fired tear gas at protesters.\nTwo people were hurt & one arrested."
    assert first.title == "Clashes in Testville"
    assert (first.id, first.url, first.outlet) == ("ledger-a", "https://ledger.example/a", "Norland Ledger")
    assert first.published == date(2024, 3, 5)
    assert second.text == "The central market of Norland reopened after repairs."
    assert second.published == date(2024, 1, 1)  # no date in the entry: --published
    assert result.errors == []


def test_atom_entries(write, run):
    [a] = run([write("feed.atom", ATOM)]).articles
    assert a.text == "Farmers blocked the highway near Testville with tractors."
    assert (a.id, a.url, a.outlet) == ("urn:vc:1", "https://courier.example/1", "Valley Courier")
    assert a.published == date(2024, 4, 1)  # 01:00 at +04:30 is the previous day in UTC


def test_feed_in_xml_file(write, run):
    # The second entry has no guid: a hash of its link and text (pinned, see the html test).
    assert [a.id for a in run([write("feed.xml", RSS)]).articles] == ["ledger-a", "a-2adf631e181e2b57"]


# ---- WARC --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(tmp_path, run, warc, page, name, gz):
    path = tmp_path / name
    second = page.replace("teachers", "nurses").replace('<link rel="canonical" href="https://ledger.example/news/testville-march">', "")
    warc(path, [
        ("https://ledger.example/news/testville-march", "200 OK", "text/html; charset=utf-8", page.encode()),
        ("https://ledger.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("https://ledger.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
        ("https://ledger.example/nurses", "200 OK", "text/html", second.encode()),
    ], gz=gz)
    if gz:
        assert gzip.open(path).read(4) == b"WARC"
    result = run([path])
    assert result.errors == []
    first, nurses = result.articles
    assert "Hundreds of teachers marched" in first.text and first.outlet == "Norland Ledger"
    assert nurses.url == "https://ledger.example/nurses"  # no canonical link: the record's target URI
    assert "Hundreds of nurses marched" in nurses.text


# ---- directories -------------------------------------------------------------------------------------

def test_directories_are_read_recursively_in_sorted_order(write, run, tmp_path, report):
    write("corpus/b.txt", f"B\n{report}")
    write("corpus/a/z.txt", f"AZ\n{report}")
    write("corpus/a/c.jsonl", _record(id="ac", text=report) + "\n")
    write("corpus/.hidden/x.txt", f"H\n{report}")
    write("corpus/.DS_Store", b"\x00\x01")
    result = run([tmp_path / "corpus"])
    assert [a.title or a.id for a in result.articles] == ["ac", "AZ", "B"]
    assert result.errors == []


def test_linked_directories_are_followed_and_link_loops_end(write, run, tmp_path, report):
    write("elsewhere/x.txt", f"X\n{report}")
    write("corpus/a.txt", f"A\n{report}")
    (tmp_path / "corpus" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "corpus" / "loop").symlink_to(tmp_path / "corpus")
    result = run([tmp_path / "corpus"])
    assert result.errors == []
    titles = [a.title for a in result.articles]
    assert titles[:2] == ["A", "X"] and set(titles) == {"A", "X"}


def test_estimate_count_for_the_progress_bar(write, tmp_path, report):
    from eventwire.ingest import estimate_count

    write("c/a.txt", report)
    write("c/b.html", "<html></html>")
    write("c/d.jsonl", _record(text=report) + "\n" + _record(text=report) + "\n" + _record(text=report))
    assert estimate_count([str(tmp_path / "c")]) == 5
    write("c/e.rss", "<rss/>")  # entries cannot be counted without parsing
    assert estimate_count([str(tmp_path / "c")]) is None
    assert estimate_count(["-"]) is None
