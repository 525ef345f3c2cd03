"""`eventwire.watch` against a real local HTTP server: feeds, sitemaps, politeness, hostile responses, state."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from eventwire.store.schema import articles, watch_entries
from eventwire.watch import Policy, Source, state, watch
from newsite import (Reply, gzip_bomb, html_reply, news_sitemap, page, report_text, rss, sitemap_index,
                     with_etag)


def stored(store) -> list[dict]:
    with store.connection() as conn:
        return [dict(r) for r in conn.execute(select(articles).order_by(articles.c.url)).mappings()]


def entry(store, url: str) -> dict:
    with store.connection() as conn:
        return dict(conn.execute(select(watch_entries).where(watch_entries.c.url == url)).mappings().one())


def source_state(store, url: str) -> dict:
    with store.connection() as conn:
        return next(r for r in state.summaries(conn) if r["url"] == url)


def serve_pages(site, ids):
    for i in ids:
        site.routes[f"/news/{i}.html"] = html_reply(page(i))
    return [f"/news/{i}.html" for i in ids]


def test_new_feed_entries_are_fetched_read_and_stored_with_their_events(site, store, policy):
    paths = serve_pages(site, [1, 2, 3])
    site.routes["/rss.xml"] = Reply(200, rss(site.base, paths), {"Content-Type": "application/rss+xml"})
    results = []
    totals = watch(store, [Source(url=site.url("/rss.xml"), outlet="Test Wire")], once=True, policy=policy,
                   report=results.append)
    assert totals["added"] == 3 and results[0].status == "ok" and results[0].kind == "feed"
    rows = stored(store)
    assert [r["url"] for r in rows] == [site.url(p) for p in paths]
    assert {r["outlet"] for r in rows} == {"Test Wire"}
    assert rows[0]["title"] == report_text(1)[0] and "villagers" in rows[0]["text"]
    assert rows[0]["published"] == "2024-06-04"  # the page's own metadata date
    assert store.counts()["events"] >= 2  # an attack and a protest at least
    assert all("eventwire/" in h.headers["user-agent"] for h in site.hits)


def test_a_second_poll_sends_the_validators_and_refetches_nothing(site, store, policy):
    paths = serve_pages(site, [1, 2])
    site.routes["/rss.xml"] = with_etag(rss(site.base, paths), '"v1"')
    src = Source(url=site.url("/rss.xml"))
    watch(store, [src], once=True, policy=policy)
    res = []
    watch(store, [src], once=True, policy=policy, report=res.append)
    assert res[0].status == "not modified"
    feed_hits = site.requests_for("/rss.xml")
    assert feed_hits[1].headers.get("if-none-match") == '"v1"'
    assert all(len(site.requests_for(p)) == 1 for p in paths)
    # The feed changes: only the new entry is fetched.
    paths += serve_pages(site, [3])
    site.routes["/rss.xml"] = with_etag(rss(site.base, paths), '"v2"')
    watch(store, [src], once=True, policy=policy)
    assert [len(site.requests_for(p)) for p in paths] == [1, 1, 1]
    assert len(stored(store)) == 3


def test_news_sitemaps_and_sitemap_indexes_list_pages(site, store, policy):
    a, b = serve_pages(site, [4]), serve_pages(site, [5])
    site.routes["/news-sitemap.xml"] = Reply(200, news_sitemap(site.base, a), {"Content-Type": "application/xml"})
    site.routes["/other.xml"] = Reply(200, news_sitemap(site.base, b), {"Content-Type": "application/xml"})
    site.routes["/sitemap-index.xml"] = Reply(200, sitemap_index(site.base, ["/news-sitemap.xml", "/other.xml"]),
                                              {"Content-Type": "application/xml"})
    res = []
    watch(store, [Source(url=site.url("/sitemap-index.xml"))], once=True, policy=policy, report=res.append)
    assert res[0].kind == "sitemap" and res[0].added == 2
    assert {r["url"] for r in stored(store)} == {site.url(a[0]), site.url(b[0])}


def test_robots_txt_is_obeyed_and_its_crawl_delay_kept(site, store, policy):
    ok = serve_pages(site, [1, 3])
    site.routes["/private/7.html"] = html_reply(page(7))
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n",
                                       {"Content-Type": "text/plain"})
    site.routes["/rss.xml"] = Reply(200, rss(site.base, ok + ["/private/7.html"]), {"Content-Type": "application/rss+xml"})
    watch(store, [Source(url=site.url("/rss.xml"))], once=True, policy=policy)
    assert site.requests_for("/private/7.html") == []
    assert entry(store, site.url("/private/7.html"))["status"] == "gave_up"
    assert len(stored(store)) == 2
    starts = [h.at for h in site.hits]
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.85  # Crawl-delay 1 s, longer than our 0.05 s


def test_one_host_is_asked_at_most_once_per_delay(site, store):
    paths = serve_pages(site, [1, 2, 3, 5])
    site.routes["/rss.xml"] = Reply(200, rss(site.base, paths), {"Content-Type": "application/rss+xml"})
    watch(store, [Source(url=site.url("/rss.xml"))], once=True, policy=Policy(delay=0.6, timeout=2))
    starts = [h.at for h in site.hits]
    assert len(starts) == 6  # robots.txt, the feed, four pages
    # Seen from the server, which shares this process (and its GIL) with the extractor: some slack.
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.45


def test_redirects_are_followed_and_capped(site, store, policy):
    site.routes["/news/9.html"] = html_reply(page(9))
    site.routes["/moved/9"] = Reply(301, b"", {"Location": "/news/9.html"})
    site.routes["/old/9"] = Reply(302, b"", {"Location": "/moved/9"})
    for i in range(5):  # a chain longer than max_redirects (3)
        site.routes[f"/loop/{i}"] = Reply(302, b"", {"Location": f"/loop/{i + 1}"})
    site.routes["/rss.xml"] = Reply(200, rss(site.base, ["/old/9", "/loop/0"]), {"Content-Type": "application/rss+xml"})
    res = []
    watch(store, [Source(url=site.url("/rss.xml"))], once=True, policy=policy, report=res.append)
    assert res[0].added == 1 and res[0].page_failures == 1
    assert "Gunmen killed 11 villagers" in stored(store)[0]["text"]
    failed = entry(store, site.url("/loop/0"))
    assert "redirects" in failed["last_error"] and failed["status"] == "gave_up"
    assert site.requests_for("/loop/4") == []


def test_hostile_pages_fail_alone_and_the_good_ones_are_stored(site, store, policy):
    good = serve_pages(site, [1, 2])
    site.routes["/slow.html"] = Reply(200, page(11), {"Content-Type": "text/html"}, drip=0.05)  # ~70 s in all
    site.routes["/bomb.html"] = Reply(200, gzip_bomb(64 * 1024 * 1024),
                                      {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    site.routes["/huge.html"] = html_reply(b"<html><body><p>" + b"word " * 200_000 + b"</p></body></html>")
    site.routes["/paper.pdf"] = Reply(200, b"%PDF-1.4 not a page", {"Content-Type": "application/pdf"})
    site.routes["/broken.html"] = Reply(500, b"oops", {"Content-Type": "text/plain"})
    bad = ["/slow.html", "/bomb.html", "/huge.html", "/paper.pdf", "/broken.html"]
    site.routes["/rss.xml"] = Reply(200, rss(site.base, [good[0], *bad, good[1]]),
                                    {"Content-Type": "application/rss+xml"})
    started = time.monotonic()
    res = []
    watch(store, [Source(url=site.url("/rss.xml"))], once=True, policy=policy, report=res.append)
    assert time.monotonic() - started < 30
    assert res[0].added == 2 and res[0].page_failures == 5
    errors = {p: entry(store, site.url(p)) for p in bad}
    assert "timeout" in errors["/slow.html"]["last_error"]
    assert "too_large" in errors["/bomb.html"]["last_error"]
    assert "too_large" in errors["/huge.html"]["last_error"]
    assert "not_html" in errors["/paper.pdf"]["last_error"] and errors["/paper.pdf"]["status"] == "gave_up"
    # A server error may be passing: retried later, not given up.
    assert "HTTP 500" in errors["/broken.html"]["last_error"] and errors["/broken.html"]["status"] == "failed"
    src = source_state(store, site.url("/rss.xml"))
    assert src["ok"] and src["pages_failed"] == 5 and src["articles_added"] == 2


def test_a_failing_source_is_recorded_backed_off_and_never_stops_the_others(site, store, policy):
    good = serve_pages(site, [1])
    site.routes["/good.xml"] = Reply(200, rss(site.base, good), {"Content-Type": "application/rss+xml"})
    site.routes["/down.xml"] = Reply(500, b"down", {"Content-Type": "text/plain"})
    site.routes["/junk.xml"] = Reply(200, b"<html><body>not a feed</body></html>", {"Content-Type": "text/html"})
    closed = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens, the connection is refused
    sources = [Source(url=site.url("/down.xml")), Source(url=site.url("/junk.xml")), Source(url=closed),
               Source(url=site.url("/good.xml"))]
    res = {}
    watch(store, sources, once=True, policy=policy, every=600, report=lambda r: res.setdefault(r.source, r))
    assert res[site.url("/good.xml")].added == 1
    down, junk, refused = (source_state(store, s.url) for s in sources[:3])
    assert down["failures"] == 1 and "HTTP 500" in down["last_error"] and not down["ok"]
    assert "EW110" in junk["last_error"]
    assert refused["failures"] == 1 and "connect" in refused["last_error"]
    # Backed off: a second pass leaves the failing sources alone until their next poll.
    again = {}
    watch(store, sources, once=True, policy=policy, every=600, report=lambda r: again.setdefault(r.source, r))
    assert again[site.url("/down.xml")].status == "backing off"
    assert len(site.requests_for("/down.xml")) == 1
    assert state.backoff(600, 0) == 600 and state.backoff(600, 3) == 4800 and state.backoff(600, 20) == 86400


def test_a_mirror_with_the_same_text_is_known_and_stored_once(site, store, policy):
    site.routes["/a/story.html"] = html_reply(page(3))
    site.routes["/mirror/story.html"] = html_reply(page(3))
    site.routes["/rss.xml"] = Reply(200, rss(site.base, ["/a/story.html", "/mirror/story.html"]),
                                    {"Content-Type": "application/rss+xml"})
    res = []
    watch(store, [Source(url=site.url("/rss.xml"))], once=True, policy=policy, report=res.append)
    assert len(stored(store)) == 1 and res[0].added == 1 and res[0].known == 1
    assert entry(store, site.url("/mirror/story.html"))["status"] == "done"


def test_a_folder_source_reads_new_and_changed_files_only(tmp_path, store, policy):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("\n".join(report_text(1)), encoding="utf-8")
    src = Source(url=str(inbox), outlet="Field Office")
    res = []
    watch(store, [src], once=True, policy=policy, report=res.append)
    (inbox / "two.txt").write_text("\n".join(report_text(2)), encoding="utf-8")
    watch(store, [src], once=True, policy=policy, report=res.append)
    assert [r.added for r in res] == [1, 1] and res[1].known == 1
    assert {r["outlet"] for r in stored(store)} == {"Field Office"}


@pytest.mark.parametrize("every", ["0s", "ten minutes", "-5m"])
def test_bad_intervals_are_refused(every):
    from eventwire.watch.sources import parse_duration

    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(every)
