"""dateparser, as the fallback for spaCy DATE/TIME spans the grammar does not read. Not a stable API.

dateparser is called only on candidate spans, with languages=["en"] (about 60x faster than with language
detection) and RELATIVE_BASE = the publication date, and each (expression, anchor) is parsed once.
"""
from __future__ import annotations

import logging
import re
from datetime import date, datetime
from functools import lru_cache

log = logging.getLogger(__name__)

# A span worth handing to dateparser has a calendar word or a numeric date; "the past decade" does not,
# and neither does "the 3rd" (dateparser reads it as March).
_WORTHY = re.compile(r"\d+\s*[/.-]\s*\d+|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|"
                     r"sat|sun|month|week|year|day|ago|yesterday|today|tonight|night|morning|evening)",
                     re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A bare year: dateparser would add today's month and day to it.
_BARE_YEAR = re.compile(r"\W*(?:(?:in|since|of|the|year)\s+)*(?:1[89]|20)\d\d\W*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def parse(expr: str, anchor: date | None) -> date | None:
    """The day dateparser reads in `expr`, relative to `anchor` (None: absolute readings only)."""
    if not _WORTHY.search(expr) or (anchor is None and not _YEAR.search(expr)) or _BARE_YEAR.fullmatch(expr):
        return None
    import dateparser  # imported on first use: it takes a while to load

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"] if anchor is None else []}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    else:
        settings["RETURN_TIME_AS_PERIOD"] = False
    try:
        got = dateparser.parse(expr, languages=["en"], settings=settings)
    except (ValueError, OverflowError) as exc:  # a library fault on one odd span must not sink a batch
        log.warning("dateparser failed on %r: %s", expr, exc)
        return None
    if got is None:
        log.debug("dateparser could not read %r", expr)
        return None
    return got.date()
