"""Cross-source consolidation: mentions of one real event, reported by many outlets, become one event.

Pure functions over plain dicts (the store persists what they decide):

    mention_record(article, index, mention) -> dict   contract fields + snippet, published, outlet
    compatible(event, mention, settings) -> bool      blocking (blocking.py)
    score(event, mention, settings) -> float          weighted similarity (scoring.py)
    best_match(mention, candidates, settings)         the candidate event to join, or None
    reconcile(mentions) -> (fields, disagreements)    reconciled values (reconcile.py states the rules)
    profile(fields, mentions) -> dict                 what a new mention is scored against
    Clusterer                                         incremental merging in memory

Merging is incremental and greedy: each new mention joins the best-scoring compatible event above the
threshold, else starts a new one. Events never split or merge afterwards, so ids stay stable.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..records import Article, Event, Mention
from .blocking import compatible
from .ids import event_id, mention_id
from .reconcile import EVENT_FIELDS, reconcile
from .scoring import components, score
from .settings import MergeSettings, load as load_settings

__all__ = ["Clusterer", "MergeSettings", "best_match", "compatible", "components", "event_id", "load_settings",
           "may_join_own", "mention_id", "mention_record", "profile", "reconcile", "score", "snippet"]

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


def best_match(mention: dict, candidates: Iterable[dict], settings: MergeSettings | None = None
               ) -> tuple[dict, float] | None:
    """The compatible candidate scoring highest at or above the threshold; ties go to the older event."""
    s = settings or load_settings()
    best: tuple[dict, float] | None = None
    for cand in candidates:
        if not compatible(cand, mention, s):
            continue
        value = score(cand, mention, s)
        if value >= s.threshold and (best is None or value > best[1]):
            best = (cand, value)
    return best


class Clusterer:
    """Incremental merging in memory (the store does the same against the database)."""

    def __init__(self, settings: MergeSettings | None = None):
        self.settings = settings or load_settings()
        self._members: dict[str, list[dict]] = {}
        self._profiles: dict[str, dict] = {}
        self._order = 0

    def add(self, article: Article, mentions: Sequence[Mention]) -> list[str]:
        """Merge one article's mentions; returns the event id each mention joined."""
        joined = []
        for i, m in enumerate(mentions):
            rec = mention_record(article, i, m)
            rec["order"] = self._order
            self._order += 1
            taken = set(joined)
            match = best_match(rec, (p for eid, p in self._profiles.items() if eid not in taken or may_join_own(p, rec)),
                               self.settings)
            eid = match[0]["event_id"] if match else event_id(article.id, i)
            self._members.setdefault(eid, []).append(rec)
            fields, _ = reconcile(self._members[eid])
            self._profiles[eid] = {**profile(fields, self._members[eid]), "event_id": eid}
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
