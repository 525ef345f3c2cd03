"""The typed records that flow through eventwire, and nothing else.

Article -> (nlp) -> Mention -> (merge) -> Event; ErrorRecord for input that could not be read;
SourceReport: per article, who is cited, what is opinion, what is loaded language (assess).
Shapes that cross the product boundary follow ../shared/contract/README.md exactly: see
`Mention.to_contract()` and `Event.to_contract()`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news report (the contract's input record)."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    source: str | None = None  # where it was read from, "file.jsonl:12", for error messages

    @staticmethod
    def content_id(text: str, url: str | None = None) -> str:
        """Stable id for an article that came without one: a hash of url and text."""
        digest = hashlib.sha256(f"{url or ''}\n{text}".encode("utf-8")).hexdigest()
        return f"a-{digest[:16]}"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A named-entity span from the language pipeline, as plain data (only nlp.py knows spaCy)."""

    start: int
    end: int
    label: str  # spaCy label: GPE, LOC, FAC, ORG, NORP, DATE, TIME, CARDINAL, PERSON ...
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Character offsets into Article.text of the words supporting one coded field."""

    field: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Who vouches for a reported fact: a source the article cites, or the outlet's own voice."""

    holder: str  # normalised name: "Police Forces of Iraq", "United Nations", "witnesses", "outlet"
    holder_kind: str  # outlet | government | security_forces | armed_group | international_org | ngo | media | witness | unnamed
    fields: tuple[str, ...] = ()  # the mention fields it vouches for ("event", "fatalities", ...)
    start: int | None = None  # the holder's words and reporting verb ("police said"); None for the outlet
    end: int | None = None

    def to_dict(self) -> dict:
        return {"holder": self.holder, "holder_kind": self.holder_kind, "fields": list(self.fields)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where an event happened, as resolved against the gazetteer."""

    name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None  # ACLED: 1 town, 2 near town / part of region, 3 region only
    geonameid: int | None = None
    span: tuple[int, int] | None = None  # evidence in the article text
    reason: str | None = None  # why it is null or how it was chosen


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDate:
    date: date | None = None
    time_precision: int = 1  # ACLED: 1 day, 2 week, 3 month
    span: tuple[int, int] | None = None
    reason: str | None = None
    reported: bool = False  # the day of the report ("police said on Monday", a dateline, the publication), not of the act


@dataclass(frozen=True, slots=True, kw_only=True)
class Fatalities:
    """Deaths reported for one event. `value` is ACLED's single conservative figure."""

    value: int | None = None
    min: int | None = None
    max: int | None = None
    span: tuple[int, int] | None = None
    vague: str | None = None  # the vague word used ("dozens"), if any
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One event as one article reports it (the contract's output record)."""

    article_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None = None
    time_precision: int = 1
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    # Extras (allowed by the contract, ignored by scorers): why a field is null, the trigger word.
    notes: tuple[str, ...] = ()
    trigger: str | None = None
    # Who says so (assess): the sources vouching for the event, and how firm the report is.
    attribution: tuple[Attribution, ...] = ()
    claim_status: str | None = None  # reported | attributed | claimed | disputed | unverified

    CONTRACT_FIELDS = (
        "article_id", "event_type", "sub_event_type", "event_date", "time_precision", "location",
        "admin1", "admin2", "country", "iso3", "latitude", "longitude", "geo_precision", "actor1",
        "actor2", "fatalities", "fatalities_min", "fatalities_max", "tags", "evidence",
        "attribution", "claim_status",
    )

    def to_contract(self) -> dict:
        out = {name: getattr(self, name) for name in self.CONTRACT_FIELDS}
        out["tags"] = list(self.tags)
        out["evidence"] = [e.to_dict() for e in self.evidence]
        out["attribution"] = [a.to_dict() for a in self.attribution]
        out["notes"] = list(self.notes)
        out["trigger"] = self.trigger
        return out

    @classmethod
    def from_contract(cls, row: dict) -> "Mention":
        kwargs = {name: row.get(name) for name in cls.CONTRACT_FIELDS}
        kwargs["time_precision"] = row.get("time_precision") or 1
        kwargs["tags"] = tuple(row.get("tags") or ())
        kwargs["evidence"] = tuple(Evidence(**e) for e in row.get("evidence") or ())
        kwargs["attribution"] = tuple(Attribution(holder=a["holder"], holder_kind=a["holder_kind"],
                                                  fields=tuple(a.get("fields") or ()))
                                      for a in row.get("attribution") or ())
        kwargs["notes"] = tuple(row.get("notes") or ())
        kwargs["trigger"] = row.get("trigger")
        return cls(**kwargs)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Mentions of one real event merged across sources, with the values sources disagree on."""

    event_id: str
    fields: dict  # reconciled contract mention fields (everything but article_id and evidence)
    sources: tuple[str, ...]  # article ids
    mentions: int
    disagreements: dict = field(default_factory=dict)  # field -> [{"value": v, "sources": [...]}]

    def to_contract(self) -> dict:
        out = {"event_id": self.event_id, **self.fields}
        out["sources"] = list(self.sources)
        out["mentions"] = self.mentions
        out["disagreements"] = self.disagreements
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedTerm:
    """An emotive or pejorative term in the outlet's own voice."""

    start: int
    end: int
    category: str  # dehumanising | name_calling | exaggeration | moralising | fear | other


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceReport:
    """Per article: the sources it cites, its opinion sentences and loaded terms (the output of assess)."""

    article_id: str
    opinion: tuple[tuple[int, int], ...] = ()  # sentences in the outlet's own voice that evaluate, predict or exhort
    loaded: tuple[LoadedTerm, ...] = ()
    attributions: tuple[Attribution, ...] = ()  # every cited source, with the span of its words
    words: int = 0
    opinion_words: int = 0
    unattributed_tolls: int = 0  # death tolls stated in the outlet's own voice, naming no source

    @property
    def figures(self) -> dict:
        return {
            "opinion_share": round(self.opinion_words / self.words, 3) if self.words else 0.0,
            "loaded_per_1000_words": round(1000 * len(self.loaded) / self.words, 2) if self.words else 0.0,
            "unattributed_tolls": self.unattributed_tolls,
        }

    def to_json(self) -> dict:
        """The line `eventwire assess` writes for the article."""
        return {
            "article_id": self.article_id,
            "opinion": [{"start": a, "end": b} for a, b in self.opinion],
            "loaded": [{"start": t.start, "end": t.end, "category": t.category} for t in self.loaded],
            "attributions": [{"start": a.start, "end": a.end, "holder": a.holder, "holder_kind": a.holder_kind}
                             for a in self.attributions],
            "figures": self.figures,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorRecord:
    """Input that could not be used: the run reports it and goes on."""

    source: str  # file path or "-"
    line: int | None
    code: str  # from eventwire.errors
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        # One error, one line: a newline or terminal escape in a file name must not forge or hide lines.
        return _one_line(f"{where}: {self.code} {self.reason}")


# Control characters, line/paragraph separators and bidi overrides, shown as Python escapes.
_UNPRINTABLE = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029,
                                                *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _one_line(text: str) -> str:
    return text.translate(_UNPRINTABLE)
