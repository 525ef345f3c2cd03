"""The API's tunables, declared once: name, default and what it does (served at /api/settings)."""
from __future__ import annotations

from typing import NamedTuple


class Setting(NamedTuple):
    name: str
    default: int | float
    help: str


SETTINGS = (
    Setting("default_page_size", 100, "Events per page when the request gives no limit"),
    Setting("max_page_size", 500, "Largest page the events API returns"),
    Setting("max_offset", 1_000_000, "Deepest offset a page may start at"),
    Setting("map_cell_px", 64, "Side of a map clustering cell in screen pixels at the requested zoom"),
    Setting("map_cache_entries", 8, "Filtered point sets kept in memory for panning and zooming (about 10 MB each at 50,000 events)"),
    Setting("max_text_param", 200, "Longest free-text parameter (q, actor, country, admin1) accepted"),
)
DEFAULTS = {s.name: s.default for s in SETTINGS}
