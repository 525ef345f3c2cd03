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
    Setting("map_cache_entries", 64, "Map filters whose matching events are kept in memory for panning and zooming (a few bytes per event)"),
    Setting("response_cache_mb", 64, "Answers of /api/events, /api/aggregate and /api/map kept until the database changes"),
    Setting("max_text_param", 200, "Longest free-text parameter (q, actor, country, admin1) accepted"),
    Setting("count_limit", 1_000, "Matching events counted per page request; a total this large means 'at least'"),
    Setting("map_max_markers", 2_000, "Most markers one map answer holds: a finer view is clustered at a coarser zoom"),
    Setting("workers", 8, "Requests computed at once (threads, each with its own database connection); more wait their turn"),
    Setting("max_exports", 4, "Exports streamed at once; more wait their turn"),
)
DEFAULTS = {s.name: s.default for s in SETTINGS}
