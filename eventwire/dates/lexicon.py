"""Loads the words of time expressions (data/dates_lexicon.toml) into regular-expression pieces, with guards.

A bad edit fails here, at import, rather than silently matching everything or nothing. Not a stable API.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _alt(words) -> str:
    """One alternation, longest first so "last night" wins over "last"; raises on an empty group."""
    words = [w for w in words if w]
    if not words:
        raise ValueError("empty word group in dates_lexicon.toml")
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class RelativePeriod:
    kind: str  # week | weekend | month
    offset: int
    earlier: bool


@dataclass(frozen=True, slots=True)
class DateLexicon:
    month_of: dict[str, int]  # every spelling -> 1..12
    ambiguous_months: frozenset[str]
    weekday_of: dict[str, int]  # every spelling -> 0 (Monday) .. 6
    text_only_weekdays: frozenset[str]  # spellings not searched for in running text
    relative_days: dict[str, int]
    ago_units: dict[str, tuple[int, int]]
    ago_numbers: dict[str, int]
    periods: dict[str, RelativePeriod]
    not_dates: frozenset[str]
    past_dirs: frozenset[str]
    future_dirs: frozenset[str]
    # regular-expression pieces (no groups)
    month: str
    weekday_text: str
    weekday_any: str
    day_part: str
    day_modifier: str
    approx_before: re.Pattern  # matches at the end of the text before a date
    approx_after: re.Pattern  # matches at the start of the text after a date
    month_after: re.Pattern
    month_before: re.Pattern
    not_event_before: re.Pattern
    died_of_wounds: re.Pattern
    died_after: re.Pattern
    reporting_before: re.Pattern
    reporting_to_before: re.Pattern
    future: re.Pattern
    durations: re.Pattern
    dateline_within: int
    dateline_after: re.Pattern
    range_open: str
    range_join: str
    relative_day: str
    period: str
    ago_unit: str
    ago_number: str
    direction: str
    acts: tuple[re.Pattern, ...]  # one per kind of act (explosion, protest ...)
    acts_other: re.Pattern  # a sentence comparing with another act
    acts_linking: re.Pattern  # ... and in a clause, a link to another act


def _spellings(table: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for index, (_, words) in enumerate(table.items(), start=1):
        if not words:
            raise ValueError("empty spelling list in dates_lexicon.toml")
        for w in words:
            out[w.lower()] = index
    return out


@cache
def load() -> DateLexicon:
    raw = tomllib.loads(resources.files("eventwire.data").joinpath("dates_lexicon.toml").read_text("utf-8"))
    month_of = _spellings(raw["months"])
    weekday_of = {w: i - 1 for w, i in _spellings(raw["weekdays"]).items()}
    if len(set(month_of.values())) != 12 or len(set(weekday_of.values())) != 7:
        raise ValueError("dates_lexicon.toml must name 12 months and 7 weekdays")
    text_only = frozenset(raw["weekdays_text_only"]["words"])
    # Abbreviations may carry a full stop ("Nov.", "Tues.").
    month = "(?:" + "|".join(
        re.escape(w) + (r"\.?" if len(w) <= 4 and w != "may" else "")
        for w in sorted(month_of, key=len, reverse=True)) + ")"
    def wd(words):
        return "(?:" + "|".join(re.escape(w) + (r"\.?" if len(w) <= 5 and not w.endswith("day") else "")
                                for w in sorted(words, key=len, reverse=True)) + ")"
    approx = raw["approximate"]
    monthq = raw["month_qualifier"]
    periods = {k.lower(): RelativePeriod(v["kind"], int(v.get("offset", 0)), bool(v.get("earlier", False)))
               for k, v in raw["relative_periods"].items()}
    for p in periods.values():
        if p.kind not in ("week", "weekend", "month"):
            raise ValueError(f"unknown relative period kind {p.kind!r} in dates_lexicon.toml")
    dirs = raw["weekday_direction"]
    flags = re.IGNORECASE
    return DateLexicon(
        month_of=month_of,
        ambiguous_months=frozenset(raw["months_ambiguous"]["words"]),
        weekday_of=weekday_of,
        text_only_weekdays=text_only,
        relative_days={k.lower(): int(v) for k, v in raw["relative_days"].items()},
        ago_units={k: (int(v[0]), int(v[1])) for k, v in raw["ago_units"].items()},
        ago_numbers={k.lower(): int(v) for k, v in raw["ago_numbers"].items()},
        periods=periods,
        not_dates=frozenset(raw["not_dates"]["words"]),
        past_dirs=frozenset(dirs["past"]),
        future_dirs=frozenset(dirs["future"]),
        month=month,
        weekday_text=wd([w for w in weekday_of if w not in text_only]),
        weekday_any=wd(list(weekday_of)),
        day_part=_alt(raw["day_parts"]["words"]),
        day_modifier=_alt(raw["day_modifiers"]["words"]),
        approx_before=re.compile(r"(?:^|\b)(?:" + _alt(approx["before"]) + r")\s*$", flags),
        approx_after=re.compile(r"^\s*(?:" + _alt(approx["after"]) + r")", flags),
        month_after=re.compile(r"^\s*(?:" + _alt(monthq["after"]) + r")", flags),
        month_before=re.compile(r"(?:^|\b)(?:" + _alt(monthq["before"]) + r")\s*(?:in\s+)?$", flags),
        not_event_before=re.compile(r"\b(?:" + _alt(raw["not_event_before"]["words"]) + r")\s+(?:the\s+)?$", flags),
        died_of_wounds=re.compile(r"\b(?:" + "|".join(raw["died_of_wounds"]["words"]) + r"|died)\s+(?:on\s+|late\s+|early\s+)?$",
                                  flags),
        died_after=re.compile(r"\s*(?:" + _alt(raw["died_of_wounds"]["died_after"]) + r")\b", flags),
        reporting_before=re.compile(r"\b(?:" + _alt(raw["reporting"]["words"]) + r")\s+(?:on\s+|late\s+|early\s+)?$",
                                    flags),
        reporting_to_before=re.compile(
            r"\b(?i:" + _alt(raw["reporting_to"]["verbs"]) + r")\s+(?i:to\s+|with\s+|at\s+)?"
            r"(?:(?:[A-Z][\w'.-]*\s+){1,4}|(?i:" + _alt(raw["reporting_to"]["addressees"]) + r")\s+)(?i:on\s+)?$"),
        future=re.compile(r"\b(?:" + _alt(raw["future_markers"]["words"]) + r")\b", flags),
        durations=re.compile(r"\b(?:" + _alt(raw["durations"]["words"]) + r")\b", flags),
        dateline_within=int(raw["dateline"]["within"]),
        dateline_after=re.compile(r"^\s*(?:\([^()]{1,25}\)\s*)?(?:" + _alt(raw["dateline"]["after"]) + r")", flags),
        range_open=_alt(raw["range"]["open"]),
        range_join=_alt(raw["range"]["join"]),
        relative_day=_alt(raw["relative_days"]),
        period=_alt(raw["relative_periods"]),
        ago_unit=_alt(raw["ago_units"]),
        ago_number=_alt(raw["ago_numbers"]),
        direction=_alt(list(dirs["past"]) + list(dirs["future"]) + ["this"]),
        acts=tuple(re.compile(r"\b(?:" + "|".join(_nonempty(words)) + r")\b", flags) for words in raw["acts"].values()),
        acts_other=re.compile(r"\b(?:" + _alt(raw["acts_other"]["words"]) + r")\b", flags),
        acts_linking=re.compile(r"\b(?:" + _alt(raw["acts_other"]["linking"]) + r")\b", flags),
    )


def _nonempty(words):
    words = [w for w in words if w]
    if not words:
        raise ValueError("empty word group in dates_lexicon.toml")
    return words
