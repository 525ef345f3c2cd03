"""What every response carries and what every request must show (issue 13).

- Headers: a Content-Security-Policy that runs only this server's own scripts (the page has no inline
  script or style to allow), no MIME sniffing, no framing by other sites, no Referer sent onwards.
- The Host header must name the address the server is bound to. A web page elsewhere can point a DNS
  name it controls at 127.0.0.1 ("DNS rebinding") and read a local server through the victim's browser;
  its requests then carry that name as Host, and are refused here.
"""
from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable

from . import problems

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# The page's map can show OpenStreetMap tiles when the user switches them on; nothing else leaves the server.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The Host names to accept for a server bound to `bound`; None (any) for all interfaces with no names given."""
    names = {h.lower() for h in extra}
    if bound in ("0.0.0.0", "::", ""):
        return frozenset(names) if names else None
    names.add(bound.lower().strip("[]"))
    try:
        loopback = ipaddress.ip_address(bound.strip("[]")).is_loopback
    except ValueError:
        loopback = bound.lower() == "localhost"
    return frozenset(names | (LOOPBACK if loopback else set()))


def _hostname(value: str) -> str:
    """`127.0.0.1:8000` -> `127.0.0.1`, `[::1]:8000` -> `::1`, lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware: refuse a foreign Host (400, the API's error shape); add the headers to every response."""

    def __init__(self, app, *, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.hosts is not None:
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if _hostname(host) not in self.hosts:
                body = json.dumps(problems.body(400, [f"Host {host[:100]!r} is not this server's address"])).encode()
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode()), *HEADERS]})
                await send({"type": "http.response.body", "body": body})
                return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
