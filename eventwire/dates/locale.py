"""The numeric date order an outlet writes (data/dates_outlets.toml). Not a stable API."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from urllib.parse import urlsplit


@cache
def _table() -> tuple[dict[str, bool], dict[str, bool]]:
    raw = tomllib.loads(resources.files("eventwire.data").joinpath("dates_outlets.toml").read_text("utf-8"))
    domains: dict[str, bool] = {}
    tlds: dict[str, bool] = {}
    for key, dayfirst in (("month_first", False), ("day_first", True)):
        if not raw[key]["domains"] or not raw[key]["tlds"]:
            raise ValueError(f"dates_outlets.toml: empty list in [{key}]")
        domains.update({d.lower(): dayfirst for d in raw[key]["domains"]})
        tlds.update({t.lower(): dayfirst for t in raw[key]["tlds"]})
    return domains, tlds


def dayfirst_for(outlet: str | None) -> bool | None:
    """True (7/11 = 7 November), False (11 July) or None (unknown) for an outlet name, domain or URL."""
    if not outlet:
        return None
    host = urlsplit(outlet if "//" in outlet else "//" + outlet).hostname or ""
    host = host.lower().removeprefix("www.")
    domains, tlds = _table()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        got = domains.get(".".join(parts[i:]))
        if got is not None:
            return got
    return tlds.get(parts[-1]) if len(parts) > 1 else None
