"""A real local news site for the watch tests: an HTTP server on 127.0.0.1 (a free port), in a thread of the
test process, serving whatever routes a test sets, and logging every request it gets.

The pages are synthetic reports we wrote (made-up outlets; towns named only to give the extractor
something to place), never real news.
"""
from __future__ import annotations

import gzip
import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip: float | None = None  # seconds between single bytes (a slow server)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Callable[[dict[str, str]], Reply] | Reply] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with site._lock:
                    site.hits.append(Hit(self.path, headers, time.monotonic()))
                route = site.routes.get(self.path)
                reply = route(headers) if callable(route) else route
                if reply is None:
                    reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if reply.drip is None:
                        self.wfile.write(reply.body)
                    else:
                        for i in range(len(reply.body)):
                            self.wfile.write(reply.body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(reply.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on us, as it should

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def url(self, path: str) -> str:
        return self.base + path


TOWNS = ("Kornwald", "Eastmere", "Norville", "Testville", "Westbrook", "Ashford", "Millbrook", "Redcliff",
         "Stonebridge", "Fairhaven", "Oakridge", "Brightwater")


def report_text(i: int) -> tuple[str, str]:
    """(title, body) of synthetic report `i`: an attack or a protest in an invented town."""
    town = TOWNS[i % len(TOWNS)]
    if i % 2:
        return (f"Gunmen kill {i + 2} villagers in {town}",
                f"Gunmen killed {i + 2} villagers in an attack on the village of {town} on Monday, local officials "
                f"said. The attackers burned several houses and fled before soldiers arrived. Report number {i}.")
    return (f"Teachers march in {town} over unpaid wages",
            f"Several hundred teachers marched through the centre of {town} on Tuesday to demand unpaid wages, "
            f"the union said. The protest ended peacefully in the afternoon. Report number {i}.")


def page(i: int, *, canonical: str | None = None) -> bytes:
    title, body = report_text(i)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paras = "".join(f"<p>{html.escape(s.strip().rstrip('.'))}.</p>" for s in body.split(". ") if s.strip(". "))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{link}"
            f"<meta property='og:site_name' content='Test Wire'>"
            f"<meta property='article:published_time' content='2024-06-04T08:00:00Z'></head>"
            f"<body><nav>Home | World | Sport</nav><article><h1>{html.escape(title)}</h1>{paras}</article>"
            f"<footer>Copyright Test Wire</footer></body></html>").encode()


def html_reply(body: bytes, **headers: str) -> Reply:
    return Reply(200, body, {"Content-Type": "text/html; charset=utf-8", **headers})


def rss(base: str, paths: list[str], *, title: str = "Test Wire") -> bytes:
    stamp = format_datetime(datetime(2024, 6, 4, 8, 0, tzinfo=timezone.utc))
    items = "".join(f"<item><title>Item {p}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                    f"<pubDate>{stamp}</pubDate><description>Short summary.</description></item>" for p in paths)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>{base}/</link><description>wire</description>{items}</channel></rss>").encode()


def news_sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc><news:news><news:publication><news:name>Test Wire</news:name>"
                   f"<news:language>en</news:language></news:publication>"
                   f"<news:publication_date>2024-06-04T08:00:00Z</news:publication_date>"
                   f"<news:title>Item {p}</news:title></news:news></url>" for p in paths)
    return ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>").encode()


def sitemap_index(base: str, paths: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return ("<?xml version='1.0' encoding='UTF-8'?>"
            f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{maps}</sitemapindex>").encode()


def gzip_bomb(expanded: int) -> bytes:
    """A tiny gzip body that expands to `expanded` bytes of zeros."""
    return gzip.compress(b"\0" * expanded, compresslevel=9)


def with_etag(body: bytes, etag: str, content_type: str = "application/rss+xml") -> Callable[[dict], Reply]:
    """A route answering 304 to a request that already holds `etag`."""
    def route(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"Content-Type": content_type, "ETag": etag})
    return route
