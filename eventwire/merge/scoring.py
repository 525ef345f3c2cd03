"""Scoring: how likely a mention reports the same real event as a candidate event (0..1).

Components (weights in eventwire/data/merge.toml): sub-event type, date gap, place, actors, fatalities and the
wording of the event sentence. A value missing on either side scores `neutral`, so a terse report is
neither pulled in nor pushed away by what it does not say.

The event side may carry the union of what its mentions said (`actors`, `snippets`, `locations`), so a
new report can match any earlier wording, not only the reconciled values.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from .blocking import day_gap, distance_km, family
from .settings import MergeSettings


def _sub_type(event: dict, mention: dict, s: MergeSettings) -> float:
    if event.get("sub_event_type") == mention.get("sub_event_type"):
        return 1.0
    if event.get("event_type") == mention.get("event_type"):
        return s.same_type
    return s.same_family if family(event.get("event_type")) == family(mention.get("event_type")) else 0.0


def _date(event: dict, mention: dict, s: MergeSettings) -> float | None:
    gap = day_gap(event.get("event_date"), mention.get("event_date"))
    if gap is None:
        return None
    return max(0.0, 1.0 - gap / (s.window(event.get("time_precision"), mention.get("time_precision")) + 1))


def _names(value: str | None) -> str:
    return (value or "").casefold().strip()


def _place(event: dict, mention: dict, s: MergeSettings) -> float | None:
    names = {_names(n) for n in event.get("locations") or [event.get("location")] if n}
    if mention.get("location") and _names(mention["location"]) in names:
        return 1.0
    km = distance_km(event, mention)
    if km is not None:
        return max(0.0, 1.0 - km / s.km(event.get("geo_precision"), mention.get("geo_precision")))
    for key, value in (("admin2", s.same_admin2), ("admin1", s.same_admin1)):
        a, b = _names(event.get(key)), _names(mention.get(key))
        if a and b:
            return value if a == b else 0.0
    return None


def _actors(event: dict, mention: dict) -> float | None:
    theirs = [a for a in event.get("actors") or [event.get("actor1"), event.get("actor2")] if a]
    ours = [a for a in (mention.get("actor1"), mention.get("actor2")) if a]
    if not theirs or not ours:
        return None
    # Best pairing per actor of the new mention: one side naming only the victims still matches.
    return sum(max(fuzz.token_set_ratio(a, b) for b in theirs) for a in ours) / (100.0 * len(ours))


def _fatalities(event: dict, mention: dict) -> float | None:
    a, b = event.get("fatalities"), mention.get("fatalities")
    if a is None or b is None:
        return None
    if a == b:
        return 1.0
    # Tolls rise as bodies are found and differ by outlet: near figures agree, 0 against 40 does not.
    return min(a, b) / max(a, b) if max(a, b) else 1.0


_WORD = re.compile(r"[^\W_]+")


def content_words(text: str, s: MergeSettings) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if len(w) >= s.text_min_length and w not in s.stopwords)


def _text(event: dict, mention: dict, s: MergeSettings) -> float | None:
    snippets = [t for t in event.get("snippets") or () if t]
    mine = content_words(mention.get("snippet") or "", s)
    if not snippets or not mine:
        return None
    best = 0.0
    for t in snippets:
        theirs = content_words(t, s)
        if theirs:
            best = max(best, len(mine & theirs) / min(len(mine), len(theirs)))
    return min(1.0, best / s.text_saturation)


def components(event: dict, mention: dict, settings: MergeSettings) -> dict[str, float | None]:
    return {
        "sub_event_type": _sub_type(event, mention, settings),
        "date": _date(event, mention, settings),
        "place": _place(event, mention, settings),
        "actors": _actors(event, mention),
        "fatalities": _fatalities(event, mention),
        "text": _text(event, mention, settings),
    }


def score(event: dict, mention: dict, settings: MergeSettings) -> float:
    parts = components(event, mention, settings)
    total = weight = 0.0
    for name, value in parts.items():
        w = settings.weights.get(name, 0.0)
        total += w * (settings.neutral if value is None else value)
        weight += w
    return total / weight
