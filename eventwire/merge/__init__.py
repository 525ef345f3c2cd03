"""Cross-source consolidation: mentions of one real event, reported by many outlets, become one event.

Pure functions over plain dicts (the store persists what they decide):

    mention_record(article, index, mention) -> dict   contract fields + snippet, published, outlet
    compatible(event, mention, settings) -> bool      blocking (blocking.py)
    score(event, mention, settings) -> float          weighted similarity (scoring.py)
    best_match(mention, candidates, settings)         the candidate event to join, or None
    matches(mention, candidates, settings)            every candidate event it may join, best first
    bridged(matches, settings)                        the events it joins and unites, oldest first
    joins(mention, candidates, joined, settings)      the same, for a mention whose article joined `joined`
    reconcile(mentions) -> (fields, disagreements)    reconciled values (reconcile.py states the rules)
    profile(fields, mentions) -> dict                 what a new mention is scored against
    Clusterer                                         incremental merging in memory

Merging is incremental and greedy: each new mention joins the best-scoring compatible event above the
threshold, else starts a new one. A mention that also matches other events, each compatible with that one
and sharing no article with it, bridges them: they become one event, which keeps the oldest event's id
(the others' ids are gone). So the events do not depend on the order reports arrive in, as far as greedy
joining allows, and an event's id never changes while it exists. Events never split.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..records import Article, Event, Mention
from .blocking import compatible
from .ids import event_id, mention_id
from .reconcile import EVENT_FIELDS, reconcile
from .scoring import components, score
from .settings import MergeSettings, load as load_settings

__all__ = ["Clusterer", "MergeSettings", "best_match", "bridged", "compatible", "components", "event_id", "joins",
           "load_settings", "matches", "may_join_own", "mention_id", "mention_record", "profile", "reconcile", "score",
           "snippet"]

SNIPPET_MAX = 400  # characters of the event sentence kept for text similarity
PROFILE_SNIPPETS = 4  # earlier wordings a new report is compared with


def snippet(text: str, start: int, end: int) -> str:
    """The sentence around an evidence span (text similarity compares whole sentences, not trigger words)."""
    while end > start and text[end - 1].isspace():  # spans may end in the paragraph break
        end -= 1
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:right + 1].strip()[:SNIPPET_MAX]


def mention_record(article: Article, index: int, mention: Mention) -> dict:
    rec = mention.to_contract()
    rec["article_id"] = article.id
    rec["index"] = index
    rec["mention_id"] = mention_id(article.id, index)
    rec["published"] = article.published.isoformat() if article.published else None
    rec["outlet"] = article.outlet
    ev = next((e for e in mention.evidence if e.field == "event"), mention.evidence[0] if mention.evidence else None)
    rec["snippet"] = snippet(article.text, ev.start, ev.end) if ev else (article.title or "")
    return rec


def profile(fields: dict, mentions: Sequence[dict]) -> dict:
    """Reconciled fields plus every name and wording the event's mentions used."""
    out = dict(fields)
    out["actors"] = sorted({a for m in mentions for a in (m.get("actor1"), m.get("actor2")) if a})
    out["locations"] = sorted({m["location"] for m in mentions if m.get("location")})
    out["snippets"] = [m["snippet"] for m in mentions if m.get("snippet")][:PROFILE_SNIPPETS]
    return out


def _region_only(rec: dict) -> bool:
    loc, adm = (rec.get("location") or "").casefold(), (rec.get("admin1") or "").casefold()
    return rec.get("geo_precision") == 3 or not loc or loc == adm


def may_join_own(event: dict, mention: dict) -> bool:
    """May a mention join an event its own article already reported?

    Two events in one article are two events (ACLED: one type, one place, one date), except when one of
    the two places is only the region containing the other: "gunmen killed 12 in Konduga, Borno State" and,
    a paragraph on, "the attackers opened fire in Borno" restate one attack with a vaguer place.
    """
    same_admin1 = (event.get("admin1") or "").casefold() == (mention.get("admin1") or "").casefold() != ""
    return same_admin1 and (_region_only(event) or _region_only(mention))


def matches(mention: dict, candidates: Iterable[dict], settings: MergeSettings | None = None
            ) -> list[tuple[dict, float]]:
    """Every compatible candidate scoring at or above the threshold, best first; ties keep the candidates'
    order (oldest event first)."""
    s = settings or load_settings()
    found = [(cand, score(cand, mention, s)) for cand in candidates if compatible(cand, mention, s)]
    return sorted(((c, v) for c, v in found if v >= s.threshold), key=lambda cv: -cv[1])


def best_match(mention: dict, candidates: Iterable[dict], settings: MergeSettings | None = None
               ) -> tuple[dict, float] | None:
    """The compatible candidate scoring highest at or above the threshold; ties go to the older event."""
    found = matches(mention, candidates, settings)
    return found[0] if found else None


def bridged(found: Sequence[tuple[dict, float]], settings: MergeSettings | None = None) -> list[dict]:
    """The events a mention with these `matches` joins, oldest first (by `first_seq`): the best match, and
    each other one that is compatible with every event already taken and shares no article with them (two
    events one article tells are two events). The first keeps its id; the others are united into it."""
    s = settings or load_settings()
    group: list[dict] = []
    for cand, _value in found:
        theirs = set(cand.get("sources") or ())
        if all(compatible(g, cand, s) and not theirs & set(g.get("sources") or ()) for g in group):
            group.append(cand)
    return sorted(group, key=lambda c: c.get("first_seq") or 0)


def joins(mention: dict, candidates: Iterable[dict], joined: Sequence[str], settings: MergeSettings | None = None
          ) -> list[dict]:
    """The events `mention` joins, oldest first (none: it starts one): `bridged` over the candidates it matches,
    less the events its own article already joined (`joined`) unless it may join those (`may_join_own`)."""
    s = settings or load_settings()
    mine = set(joined)
    open_to = (c for c in candidates if c["event_id"] not in mine or may_join_own(c, mention))
    return bridged(matches(mention, open_to, s), s)


class Clusterer:
    """Incremental merging in memory (the store does the same against the database)."""

    def __init__(self, settings: MergeSettings | None = None):
        self.settings = settings or load_settings()
        self._members: dict[str, list[dict]] = {}
        self._profiles: dict[str, dict] = {}
        self._order = 0

    def add(self, article: Article, mentions: Sequence[Mention]) -> list[str]:
        """Merge one article's mentions; returns the event id each mention joined."""
        joined: list[str] = []
        for i, m in enumerate(mentions):
            rec = mention_record(article, i, m)
            rec["order"] = self._order
            self._order += 1
            group = joins(rec, self._profiles.values(), joined, self.settings)
            eid = group[0]["event_id"] if group else event_id(article.id, i)
            members = self._members.setdefault(eid, [])
            for other in group[1:]:
                members += self._members.pop(other["event_id"])
                del self._profiles[other["event_id"]]
                joined = [eid if j == other["event_id"] else j for j in joined]
            members.append(rec)
            members.sort(key=lambda r: r["order"])
            fields, _ = reconcile(members)
            self._profiles[eid] = {**profile(fields, members), "event_id": eid, "first_seq": members[0]["order"],
                                   "sources": list(dict.fromkeys(r["article_id"] for r in members))}
            joined.append(eid)
        return joined

    def events(self) -> list[Event]:
        out = []
        for eid, members in self._members.items():
            fields, dis = reconcile(members)
            sources = tuple(dict.fromkeys(m["article_id"] for m in members))
            out.append(Event(event_id=eid, fields={k: fields[k] for k in EVENT_FIELDS}, sources=sources,
                             mentions=len(members), disagreements=dis))
        return out
