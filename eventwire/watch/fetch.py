"""Polite HTTP: one GET at a time through httpx, within limits a news site would agree to.

- an honest User-Agent that names the program and how to reach whoever runs it;
- robots.txt obeyed (RFC 9309: a missing file allows everything, an unreachable one disallows for a while),
  and its Crawl-delay honoured when longer than our own per-host delay;
- one request per host per `delay` seconds;
- timeouts on connecting and on every read, and a deadline on the whole response (a server that drips
  one byte a second never hits a read timeout);
- at most `max_bytes` read, counted after decompression, which we do ourselves in bounded steps (a small
  gzip bomb expands a thousandfold);
- redirects followed by hand, at most `max_redirects`, each hop checked against robots.txt;
- conditional GET: the caller's ETag / Last-Modified are sent and a 304 comes back as `not_modified`.

Every failure is a FetchError whose `kind` says what went wrong (dns, timeout, http, too_large, ...).
"""
from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__

log = logging.getLogger(__name__)

ROBOTS_TOKEN = "eventwire"
DEFAULT_USER_AGENT = f"eventwire/{__version__} (news event monitor; +https://pypi.org/project/eventwire/)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two reads
    deadline: float = 60.0  # seconds for a whole response
    max_bytes: int = 5 * 1024 * 1024  # a news page is rarely above 1 MiB
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    robots_ttl: float = 6 * 3600.0
    robots_retry: float = 600.0  # an unreachable robots.txt disallows the host for this long


class FetchError(Exception):
    """A URL that could not be fetched. `kind`: dns, connect, timeout, http, too_large, redirects, robots,
    encoding, scheme, network."""

    def __init__(self, kind: str, detail: str, *, url: str, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(f"{kind}: {detail} ({url})")
        self.kind, self.detail, self.url, self.status, self.retry_after = kind, detail, url, status, retry_after


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    expires: float
    disallow_all: bool = False


@dataclass
class Fetcher:
    policy: Policy = field(default_factory=Policy)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = None
    _last: dict[str, float] = field(default_factory=dict)  # host -> when its last request started
    _robots: dict[str, _Robots] = field(default_factory=dict)
    requests: int = 0

    def __post_init__(self) -> None:
        if self._client is None:
            p = self.policy
            self._client = httpx.Client(
                timeout=httpx.Timeout(p.timeout), follow_redirects=False,
                headers={"User-Agent": p.user_agent, "Accept-Encoding": "gzip, deflate"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*") -> Response:
        """GET `url` politely; a 304 to the validators given comes back with `not_modified`."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(self.policy.max_redirects + 1):
            self._check_allowed(url)
            resp = self._request(url, headers)
            if resp.status in REDIRECTS and "location" in resp.headers:
                url = urljoin(url, resp.headers["location"])
                continue
            if resp.status == 304:
                resp.not_modified = True
                return resp
            if resp.status >= 400:
                raise FetchError("http", f"HTTP {resp.status}", url=url, status=resp.status,
                                 retry_after=_retry_after(resp.headers))
            return resp
        raise FetchError("redirects", f"more than {self.policy.max_redirects} redirects", url=url)

    # ---- one request --------------------------------------------------------------------------------
    def _request(self, url: str, headers: dict[str, str], *, limit: int | None = None) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("scheme", "only http and https URLs are fetched", url=url)
        self._wait_turn(parts.netloc.lower())
        limit = limit or self.policy.max_bytes
        started = self.clock()
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code in REDIRECTS or r.status_code == 304 or r.status_code >= 400:
                    return Response(url=str(r.url), status=r.status_code, headers=r.headers)
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and r.headers.get("content-encoding", "identity") == "identity" \
                        and int(declared) > limit:
                    raise FetchError("too_large", f"{declared} bytes declared, limit {limit}", url=url)
                body = self._read(r, url, limit, started)
                return Response(url=str(r.url), status=r.status_code, headers=r.headers, body=body)
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", type(exc).__name__, url=url) from None
        except httpx.ConnectError as exc:
            kind = "dns" if _is_dns(exc) else "connect"
            raise FetchError(kind, str(exc) or type(exc).__name__, url=url) from None
        except httpx.HTTPError as exc:
            raise FetchError("network", str(exc) or type(exc).__name__, url=url) from None

    def _read(self, r: httpx.Response, url: str, limit: int, started: float) -> bytes:
        """The body, decompressed in bounded steps, refused past `limit` bytes or the deadline."""
        encoding = r.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            decoder = zlib.decompressobj(47)  # gzip or zlib header, detected
        elif encoding in ("identity", ""):
            decoder = None
        else:
            raise FetchError("encoding", f"unsupported content-encoding {encoding!r}", url=url)
        out = bytearray()
        for raw in r.iter_raw():  # as received: a chunk size would wait for that many bytes
            if self.clock() - started > self.policy.deadline:
                raise FetchError("timeout", f"response took longer than {self.policy.deadline:g} s", url=url)
            if decoder is None:
                out += raw
            else:
                data = raw
                while data:
                    try:
                        out += decoder.decompress(data, limit + 1 - len(out))
                    except zlib.error as exc:
                        raise FetchError("encoding", f"bad {encoding} data ({exc})", url=url) from None
                    if len(out) > limit:
                        break
                    data = decoder.unconsumed_tail
            if len(out) > limit:
                raise FetchError("too_large", f"more than {limit} bytes", url=url)
        return bytes(out)

    def _wait_turn(self, host: str) -> None:
        delay = max(self.policy.delay, self._crawl_delay(host))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    # ---- robots.txt ---------------------------------------------------------------------------------
    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        robots = self._robots_for(parts.scheme, parts.netloc.lower())
        if robots.disallow_all or (robots.parser is not None and not robots.parser.can_fetch(ROBOTS_TOKEN, url)):
            raise FetchError("robots", "disallowed by robots.txt", url=url)

    def _crawl_delay(self, host: str) -> float:
        robots = self._robots.get(host)
        if robots is None or robots.parser is None:
            return 0.0
        return float(robots.parser.crawl_delay(ROBOTS_TOKEN) or 0)

    def _robots_for(self, scheme: str, host: str) -> _Robots:
        cached = self._robots.get(host)
        if cached is not None and cached.expires > self.clock():
            return cached
        robots_url = f"{scheme}://{host}/robots.txt"
        url = robots_url
        try:
            for _hop in range(self.policy.max_redirects + 1):
                resp = self._request(url, {"Accept": "text/plain"}, limit=512 * 1024)
                if resp.status in REDIRECTS and "location" in resp.headers:
                    url = urljoin(url, resp.headers["location"])
                    continue
                break
        except FetchError as exc:
            if exc.kind in ("dns", "connect", "timeout", "network"):
                raise  # the host itself is unreachable: that is the failure to report
            log.info("robots.txt of %s unreadable (%s): not fetching there for now", host, exc)
            found = _Robots(None, self.clock() + self.policy.robots_retry, disallow_all=True)
        else:
            if resp.status >= 500 or resp.status in REDIRECTS:
                log.info("robots.txt of %s answered HTTP %d: not fetching there for now", host, resp.status)
                found = _Robots(None, self.clock() + self.policy.robots_retry, disallow_all=True)
            elif resp.status >= 400:
                found = _Robots(None, self.clock() + self.policy.robots_ttl)  # no robots.txt: all allowed
            else:
                parser = RobotFileParser(robots_url)
                parser.parse(resp.body.decode("utf-8", "replace").splitlines())
                found = _Robots(parser, self.clock() + self.policy.robots_ttl)
        self._robots[host] = found
        return found


def _is_dns(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("name or service not known", "nodename nor servname", "name resolution",
                                   "getaddrinfo", "no address associated"))


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None
