"""Finds date expressions in a stretch of text and resolves each against an anchor (the publication date).

Pure and fast (regular expressions built once from data/dates_lexicon.toml); dateparser is only the
fallback for spaCy DATE spans this grammar does not read (see fallback.py). Not a stable API.

Conventions (each written once, here; summarised in docs/coding-notes.md):
- ACLED time_precision: 1 a known day, 2 within a week, 3 only the month.
- A weekday is the most recent such day up to the publication day itself (wire copy says "on Tuesday"
  for the day it is published); "last <weekday>" is strictly before; "next <weekday>" or a future-tense
  sentence looks forward.
- A week is coded to its midpoint (Thursday of a Monday-Sunday week); "earlier this week" to the middle
  of the days before publication. A month is coded to its 15th; "earlier this month" to the middle of
  the days before publication. A range is coded to its midpoint: precision 1 for one day, 2 up to ten
  days, else 3.
- "Around", "on or before", "(as reported)", "(week of)" widen a day to precision 2; "(month of)" to 3.
- A day and month without a year take the anchor's year, or the year before when that would put the
  date more than a week after publication. A numeric date (04/03) takes the outlet's order when known;
  otherwise the reading closest before publication, and day-first when there is no publication date.
- Without an anchor, only dates that carry their own year resolve; the rest are null with a reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from . import lexicon as lexmod

FUTURE_SLACK = timedelta(days=7)  # a yearless day-month this far past publication belongs to last year
WEEKISH_RANGE = 10  # days: a longer range is only known to the month (ACLED precision 3)
WB = r"(?:(?<=\.)|\b)"  # end of a word, or of an abbreviation's full stop ("Nov.")


@dataclass(frozen=True, slots=True)
class Found:
    """One date expression found in the text."""

    start: int
    end: int
    kind: str  # explicit | partial | numeric | range | month | weekday | relative | period | ago | year
    date: date | None
    precision: int
    reason: str
    excluded: str | None = None  # why it cannot be an event date ("since ...", a bare year)
    reporting: bool = False  # attached to a reporting verb ("said on Monday")


def _d(name):
    return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"


def _y(name):
    return rf"(?P<{name}>(?:1[89]|20)\d\d)"


@cache
def _patterns():
    lex = lexmod.load()
    m = lambda n: rf"(?P<{n}>{lex.month})"  # noqa: E731
    w = lex.weekday_text
    join, open_ = lex.range_join, lex.range_open
    pats = [
        ("iso", rf"\b{_y('y')}-(?P<mm>[01]?\d)-(?P<dd>[0-3]?\d)\b"),
        ("range_dm", rf"\b(?:(?P<on>on)\s+)?(?:(?P<open>{open_})\s+)?(?:the\s+)?{_d('d1')}"
                     rf"(?:\s+(?:of\s+)?{m('m1')})?{WB}(?:,?\s+{_y('y1')})?\s*(?P<join>{join})\s*(?:the\s+)?"
                     rf"{_d('d2')}(?:\s+of)?\s+{m('m2')}{WB}"
                     rf"(?:,?\s+{_y('y2')})?"),
        ("range_md", rf"\b(?:(?P<open>{open_})\s+)?{m('m1')}\s+{_d('d1')}(?:,?\s+{_y('y1')})?\s*(?P<join>{join})"
                     rf"\s*(?:{m('m2')}\s+)?{_d('d2')}\b(?!\s*(?:%|per\s*cent|percent))(?:,?\s+{_y('y2')})?"),
        ("dmy", rf"\b(?:{w}\s*,?\s+(?:the\s+)?)?(?:the\s+)?{_d('d')}(?:\s+of)?\s+{m('m')}{WB}"
                rf"(?:,?\s+{_y('y')})?"),
        ("mdy", rf"\b(?:{w}\s*,?\s+)?{m('m')}\s+{_d('d')}(?![\d:])\b(?:,?\s+{_y('y')}\b)?"),
        ("month_year", rf"\b(?:(?:early|mid|late)[-\s]+)?{m('m')}{WB},?\s+(?:of\s+)?{_y('y')}\b"),
        ("month_only", rf"\b(?P<pre>in|during|since|until|by|early|mid|late|of|last|this)[-\s]+"
                       rf"(?:(?:early|mid|late)[-\s]+)?{m('m')}\b(?!\s*\d)"),
        ("numeric", r"(?:\b(?P<on>on|dated|or before|or after|or around)\s+)?(?<![\d/.,])(?P<a>[0-3]?\d)/"
                    r"(?P<b>[0-3]?\d)(?:/(?P<y>(?:19|20)?\d\d))?(?![\d/])"),
        ("numeric_dot", r"(?<![\d.,])(?P<a>[0-3]?\d)\.(?P<b>[0-3]?\d)\.(?P<y>(?:19|20)\d\d)\b"),
        ("weekday", rf"\b(?:(?P<dir>{lex.direction})\s+)?(?P<w>{w}){WB}(?:[\s-]+(?:{lex.day_part})\b)?"),
        ("relative", rf"\b(?P<r>{lex.relative_day})\b(?:\s+(?:{lex.day_part})\b)?"),
        # "five days ago"; "five days earlier" in a story told on the day it is published ("two days before,"
        # but not "two days before the vote", which counts from the vote)
        ("ago", rf"\b(?P<n>\d+|{lex.ago_number})\s+(?P<u>{lex.ago_unit})\s+"
                rf"(?P<rel>ago|earlier|before(?=\s*[,.;]))\b"),
        ("period", rf"\b(?P<p>{lex.period})\b"),
        ("year", rf"\b(?P<pre>in|since|during|until|by|of|early|late|mid)[-\s]+{_y('y')}\b(?!\s*[-/])"),
    ]
    return tuple((name, re.compile(p, re.IGNORECASE)) for name, p in pats)


def find(text: str, start: int = 0, end: int | None = None, *, anchor: date | None,
         dayfirst: bool | None = None, loose: bool = False) -> list[Found]:
    """Date expressions in text[start:end], in text order, overlapping readings resolved to the longest.

    `loose`: the text is known to be a date expression, so a bare "7/11" is read as a date too.
    """
    end = len(text) if end is None else end
    lex = lexmod.load()
    hits = []
    for order, (name, pat) in enumerate(_patterns()):
        for mt in pat.finditer(text, start, end):
            hits.append((mt.start(), -(mt.end() - mt.start()), order, name, mt))
    hits.sort(key=lambda h: h[:3])
    out: list[Found] = []
    taken_until = -1
    for s, _, _, name, mt in hits:
        if s < taken_until:
            continue
        future = name == "weekday" and _future_clause(text, max(start, s - 60), s, lex)
        found = _read(name, mt, anchor=anchor, dayfirst=dayfirst, future=future, lex=lex, loose=loose)
        if found is None:
            continue
        found = _qualify(found, text, start, end, lex)
        if out and not found.reporting and out[-1].reporting and text[out[-1].end:found.start].strip() == "(":
            found = replace(found, reporting=True)  # "said on Sunday (June 24)": the same date, restated
        out.append(found)
        taken_until = mt.end()
    return out


DIED = "the day a victim died of wounds, not the day of the act"


def _future_clause(text: str, lo: int, hi: int, lex) -> bool:
    """A future-tense verb in the clause before a weekday ("will rally again on Friday")."""
    clause = re.split(r"[,;:]", text[lo:hi])[-1]
    return bool(lex.future.search(clause))


def _qualify(f: Found, text: str, lo: int, hi: int, lex) -> Found:
    """Widen or flag a found date by the words right around it."""
    before = text[max(lo, f.start - 40):f.start]
    after = text[f.end:min(hi, f.end + 25)]
    start, end, precision = f.start, f.end, f.precision
    a = lex.approx_before.search(before)
    if a and f.kind not in ("month", "year"):
        precision, start = max(precision, 2), f.start - (len(before) - a.start())
    b = lex.approx_after.search(after)
    if b and f.kind not in ("month", "year"):
        precision, end = max(precision, 2), f.end + b.end()
    c = lex.month_after.search(after)
    if c:
        precision, end = 3, f.end + c.end()
    excluded = f.excluded
    if excluded is None and not a and lex.not_event_before.search(before):
        excluded = "a date after 'since', 'until', 'before' ... is not when the event happened"
    died = lex.died_of_wounds.search(before)
    if excluded is None and died and (not died.group(0).lower().startswith("died ") or lex.died_after.match(after)):
        excluded = DIED
    reporting = bool(lex.reporting_before.search(before) or lex.reporting_to_before.search(before))
    # A page puts the dateline at the head of the story's first paragraph, below the headline and captions.
    if f.start - (text.rfind("\n", 0, f.start) + 1) < lex.dateline_within and lex.dateline_after.search(
            text[f.end:f.end + 30]):
        reporting = True  # a dateline: the date of the report
    if excluded is None and (_ISO.fullmatch(text, f.start, f.end) or _stamp_line(text, f.start, f.end)):
        excluded = "a page stamp (an ISO date, a line holding only a date) says when the page was posted"
    if (start, end, precision, excluded, reporting) == (f.start, f.end, f.precision, f.excluded, f.reporting):
        return f
    reason = f.reason if precision == f.precision else f"{f.reason}; approximate (precision {precision})"
    return replace(f, start=start, end=end, precision=precision, excluded=excluded, reporting=reporting,
                   reason=reason)


STAMP_MAX = 120  # characters: a line longer than this is prose
_ISO = re.compile(r"\d{4}-\d\d?-\d\d?")  # news prose never writes a date this way; pages stamp with it
# What a byline or page stamp holds beside its date: times, bullets, "Posted", "Updated", a short byline.
_STAMP_REST = re.compile(r"[\W\d_]+|\b(?:am|pm|gmt|utc|ist|est|cet|posted|published|updated|last|modified|on|at|"
                         r"by|in|ago|hours?|minutes?|seconds?|mon|tue|wed|thu|fri|sat|sun)\b", re.IGNORECASE)


def _stamp_line(text: str, start: int, end: int) -> bool:
    """The date stands on a line of its own (with a time, a bullet, "Posted:"): a page stamp, not prose."""
    lo, hi = text.rfind("\n", max(0, start - STAMP_MAX), start), text.find("\n", end, end + STAMP_MAX)
    if lo < 0 and start > STAMP_MAX or hi < 0 and len(text) > end + STAMP_MAX or lo < 0 and hi < 0:
        return False  # a long line, or a one-line text (a note, a sentence): prose, not a page stamp
    lo, hi = lo + 1, hi if hi >= 0 else len(text)
    rest = _STAMP_REST.sub(" ", text[lo:start] + " " + text[end:hi]).split()
    return len(rest) <= 3


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    y = int(raw)
    return y + 2000 if y < 100 else y


def _month(raw: str, lex) -> int | None:
    return lex.month_of.get(raw.lower().rstrip("."))


def _month_ok(raw: str, lex, *, attached: bool) -> bool:
    """"may" and "march" are months when capitalised or when a day or year is attached."""
    key = raw.lower().rstrip(".")
    return key not in lex.ambiguous_months or raw[0].isupper() or attached


def _day_month(day: int, month: int, year: int | None, anchor: date | None):
    """(date, reason) for a day and month, the year inferred from the anchor when missing."""
    if year is not None:
        d = _safe_date(year, month, day)
        return d, ("explicit date" if d else "not a calendar date")
    if anchor is None:
        return None, "day and month without a year, and no publication date"
    d = _safe_date(anchor.year, month, day)
    if d is None:
        return None, "not a calendar date"
    if d > anchor + FUTURE_SLACK:
        d = _safe_date(anchor.year - 1, month, day)
    return d, "day and month; year from the publication date"


def _month_mid(year: int, month: int, anchor: date | None) -> date:
    """ACLED codes a month to its midpoint; in the month of publication, the middle of the days before it."""
    if anchor is not None and (year, month) == (anchor.year, anchor.month):
        return date(year, month, min(15, max(1, anchor.day // 2)))
    return date(year, month, 15)


def _read(name: str, mt: re.Match, *, anchor, dayfirst, future, lex, loose=False) -> Found | None:
    g = mt.groupdict()
    s, e = mt.start(), mt.end()
    if name == "iso":
        d = _safe_date(int(g["y"]), int(g["mm"]), int(g["dd"]))
        return Found(s, e, "explicit", d, 1, "ISO date") if d else None
    if name in ("dmy", "mdy"):
        if not _month_ok(g["m"], lex, attached=bool(g.get("y")) or name == "dmy"):
            return None
        month, day = _month(g["m"], lex), int(g["d"])
        if not month or not 1 <= day <= 31:
            return None
        d, reason = _day_month(day, month, _year(g.get("y")), anchor)
        if d is None and reason == "not a calendar date":
            return None
        return Found(s, e, "explicit" if g.get("y") else "partial", d, 1, reason)
    if name in ("range_dm", "range_md"):
        return _read_range(g, s, e, anchor, lex)
    if name == "month_year":
        if not _month_ok(g["m"], lex, attached=True):
            return None
        y, m = int(g["y"]), _month(g["m"], lex)
        return Found(s, e, "month", _month_mid(y, m, anchor), 3, "month and year (coded to its midpoint)")
    if name == "month_only":
        if not _month_ok(g["m"], lex, attached=False):
            return None
        m = _month(g["m"], lex)
        excluded = "a month after 'since', 'until', 'by'" if g["pre"].lower() in ("since", "until", "by") else None
        if anchor is None:
            return Found(s, e, "month", None, 3, "month without a year, and no publication date", excluded)
        y = anchor.year if m <= anchor.month or g["pre"].lower() == "this" else anchor.year - 1
        if g["pre"].lower() == "last" and m >= anchor.month:
            y = anchor.year - 1
        return Found(s, e, "month", _month_mid(y, m, anchor), 3, "month (coded to its midpoint)", excluded)
    if name in ("numeric", "numeric_dot"):
        return _read_numeric(g, s, e, anchor, dayfirst, name, loose)
    if name == "weekday":
        wd = lex.weekday_of[g["w"].lower().rstrip(".")]
        direction = (g.get("dir") or "").lower()
        direction = re.sub(r"\s+", " ", direction)
        if anchor is None:
            return Found(s, e, "weekday", None, 1, "weekday, and no publication date")
        back = (anchor.weekday() - wd) % 7
        if direction in lex.future_dirs or (future and direction not in lex.past_dirs):
            ahead = (wd - anchor.weekday()) % 7
            if direction in lex.future_dirs and ahead == 0:
                ahead = 7
            return Found(s, e, "weekday", anchor + timedelta(days=ahead), 1, "weekday, forward (future tense)",
                         "a future day: announced, not reported")
        if direction in lex.past_dirs and back == 0:
            back = 7
        return Found(s, e, "weekday", anchor - timedelta(days=back), 1,
                     "weekday: the most recent one up to publication")
    if name == "relative":
        key = re.sub(r"\s+", " ", g["r"].lower())
        if anchor is None:
            return Found(s, e, "relative", None, 1, f"'{key}' needs a publication date")
        return Found(s, e, "relative", anchor + timedelta(days=lex.relative_days[key]), 1, f"'{key}'")
    if name == "ago":
        n_raw = re.sub(r"\s+", " ", g["n"].lower())
        n = int(n_raw) if n_raw.isdigit() else lex.ago_numbers[n_raw]
        days, precision = lex.ago_units[g["u"].lower()]
        if anchor is None:
            return Found(s, e, "ago", None, precision, "'... ago' needs a publication date")
        return Found(s, e, "ago", anchor - timedelta(days=n * days), precision, f"{n} {g['u']} {g['rel'].lower()}")
    if name == "period":
        key = re.sub(r"\s+", " ", g["p"].lower())
        if anchor is None:
            return Found(s, e, "period", None, 2, f"'{key}' needs a publication date")
        return _read_period(key, lex.periods[key], s, e, anchor)
    if name == "year":
        return Found(s, e, "year", None, 3, "a year alone", "a year alone is background, not an event date")
    return None


def _read_range(g, s, e, anchor, lex) -> Found | None:
    if g.get("join", "").lower() == "and" and not g.get("open") and not g.get("on"):
        return None  # "2 and 3 May" is a range only after "between" or "on"
    m2 = _month(g["m2"], lex) if g.get("m2") else None
    m1 = _month(g["m1"], lex) if g.get("m1") else None
    m1, m2 = m1 or m2, m2 or m1
    if m1 is None:
        return None
    d1, d2 = int(g["d1"]), int(g["d2"])
    y2 = _year(g.get("y2")) or _year(g.get("y1"))
    y1 = _year(g.get("y1")) or (y2 - 1 if y2 and m1 > m2 else y2)
    first, r1 = _day_month(d1, m1, y1, anchor)
    last, _ = _day_month(d2, m2, y2, anchor)
    if first is None or last is None:
        if r1 == "not a calendar date":
            return None
        return Found(s, e, "range", None, 2, "range without a year, and no publication date")
    if last < first:
        if y2 is None and first.year == last.year:
            first = _safe_date(first.year - 1, first.month, first.day) or first
        if last < first:
            return None
    span = (last - first).days
    mid = first + timedelta(days=span // 2)
    precision = 1 if span == 0 else 2 if span <= WEEKISH_RANGE else 3
    return Found(s, e, "range", mid, precision, f"range {first} to {last} (coded to its midpoint)")


def _read_numeric(g, s, e, anchor, dayfirst, name, loose=False) -> Found | None:
    if f"{g['a']}/{g['b']}" in lexmod.load().not_dates and not g.get("y"):
        return None  # "24/7", "9/11": idioms and names, not dates
    a, b = int(g["a"]), int(g["b"])
    year = _year(g.get("y"))
    if name == "numeric" and year is None and not g.get("on") and not loose:
        return None  # "3/4" alone is a fraction or a score more often than a date
    readings = []
    for day, month, first in ((a, b, True), (b, a, False)):
        if dayfirst is not None and first != dayfirst:
            continue
        if 1 <= month <= 12 and 1 <= day <= 31:
            d, _ = _day_month(day, month, year, anchor)
            if d is not None:
                readings.append((d, first))
    if not readings:
        if year is None and anchor is None:
            return Found(s, e, "numeric", None, 1, "numeric day and month without a year, and no publication date")
        return None
    if anchor is not None and len(readings) == 2:
        before = [r for r in readings if r[0] <= anchor + timedelta(days=1)]
        if before:
            # News reports recent events: the reading closest before publication.
            readings = sorted(before, key=lambda r: (anchor - r[0], not r[1]))
    else:
        readings.sort(key=lambda r: not r[1])  # day-first unless ruled out
    d, first = readings[0]
    order = "day/month" if first else "month/day"
    return Found(s, e, "explicit" if year else "numeric", d, 1, f"numeric date read {order}")


def _read_period(key: str, p, s: int, e: int, anchor: date) -> Found:
    monday = anchor - timedelta(days=anchor.weekday())
    if p.kind == "week":
        if p.earlier:
            days = max(0, (anchor - monday).days - 1)
            return Found(s, e, "period", monday + timedelta(days=days // 2), 2, f"'{key}' (middle of the days before)")
        mid = monday + timedelta(weeks=p.offset, days=3)
        return Found(s, e, "period", mid, 2, f"'{key}' (coded to the week's midpoint)")
    if p.kind == "weekend":
        saturday = monday + timedelta(days=5)
        if p.offset < 0 or saturday > anchor:
            saturday -= timedelta(days=7)
        return Found(s, e, "period", saturday, 2, f"'{key}' (coded to the Saturday)")
    y, m = anchor.year, anchor.month + p.offset
    while m < 1:
        y, m = y - 1, m + 12
    while m > 12:
        y, m = y + 1, m - 12
    return Found(s, e, "period", _month_mid(y, m, anchor), 3, f"'{key}' (coded to the month's midpoint)")
