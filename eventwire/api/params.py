"""Query parameters, validated at the HTTP edge by pydantic and turned into the store's EventFilter.

Unknown parameters are refused (a typo such as `contry=` would otherwise silently match everything).
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import taxonomy
from . import paging
from .settings import DEFAULTS

TEXT = int(DEFAULTS["max_text_param"])


def _floats(value: str, name: str, count: int) -> tuple[float, ...]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != count:
        raise ValueError(f"{name} needs {count} comma-separated numbers")
    out = []
    for p in parts:
        try:
            number = float(p)
        except ValueError:
            raise ValueError(f"{name}: {p!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{name}: {p!r} is not a finite number")
        out.append(number)
    return tuple(out)


class Filters(BaseModel):
    """The event filters every read route shares."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    country: str | None = Field(None, max_length=TEXT, description="Country name or ISO3 code, e.g. IRQ")
    admin1: str | None = Field(None, max_length=TEXT, description="First-order administrative division")
    event_type: str | None = Field(None, max_length=TEXT, description="One of ACLED's 6 event types")
    sub_event_type: str | None = Field(None, max_length=TEXT, description="One of ACLED's 25 sub-event types")
    actor: str | None = Field(None, max_length=TEXT, description="Actor name (either side)")
    since: date | None = Field(None, description="Earliest event date, YYYY-MM-DD")
    until: date | None = Field(None, description="Latest event date, YYYY-MM-DD")
    bbox: str | None = Field(None, max_length=TEXT, description="west,south,east,north in degrees")
    near: str | None = Field(None, max_length=TEXT, description="lat,lon,km")
    min_fatalities: int | None = Field(None, ge=0, le=10_000_000, description="Only events with at least this many deaths")
    q: str | None = Field(None, max_length=TEXT, description="Text search over location, actors, notes and titles")
    claim_status: Literal["reported", "attributed", "claimed", "disputed", "unverified"] | None = Field(
        None, description="How firm the event's report is (assess): reported, attributed, claimed, disputed, unverified")
    holder_kind: Literal["outlet", "government", "security_forces", "armed_group", "international_org", "ngo", "media",
                         "witness", "unnamed"] | None = Field(None, description="Events with a source of this kind")

    @field_validator("event_type")
    @classmethod
    def _known_type(cls, v: str | None) -> str | None:
        if v and v not in taxonomy.load().types:
            raise ValueError(f"unknown event type {v!r}; expected one of: {', '.join(taxonomy.load().types)}")
        return v or None

    @field_validator("sub_event_type")
    @classmethod
    def _known_subtype(cls, v: str | None) -> str | None:
        if v and v not in taxonomy.load().subtypes:
            raise ValueError(f"unknown sub-event type {v!r}; see /api/taxonomy")
        return v or None

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, v: str | None) -> str | None:
        if not v:
            return None
        west, south, east, north = _floats(v, "bbox", 4)
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            raise ValueError("bbox: longitudes must lie in [-180, 180]")
        if not (-90 <= south <= 90 and -90 <= north <= 90):
            raise ValueError("bbox: latitudes must lie in [-90, 90]")
        if south > north:
            raise ValueError("bbox: expected south <= north (west > east means the box crosses the antimeridian)")
        return v

    @field_validator("near")
    @classmethod
    def _near(cls, v: str | None) -> str | None:
        if not v:
            return None
        lat, lon, km = _floats(v, "near", 3)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("near: lat must lie in [-90, 90] and lon in [-180, 180]")
        if not 0 < km <= 20_000:
            raise ValueError("near: km must be in (0, 20000]")
        return v

    @field_validator("country", "admin1", "actor", "q")
    @classmethod
    def _empty_is_none(cls, v: str | None) -> str | None:
        return v or None

    @model_validator(mode="after")
    def _consistent(self) -> "Filters":
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        if self.event_type and self.sub_event_type:
            parent = taxonomy.load().type_of(self.sub_event_type)
            if parent != self.event_type:
                raise ValueError(f"sub-event type {self.sub_event_type!r} belongs to {parent!r}, not {self.event_type!r}")
        return self

    def bbox_tuple(self) -> tuple[float, float, float, float] | None:
        return _floats(self.bbox, "bbox", 4) if self.bbox else None  # type: ignore[return-value]

    def to_filter(self, *, without: frozenset[str] = frozenset()):
        """The store's EventFilter for these parameters (minus the names in `without`)."""
        from ..store import EventFilter

        values = {
            "country": self.country, "admin1": self.admin1, "event_type": self.event_type,
            "sub_event_type": self.sub_event_type, "actor": self.actor, "since": self.since, "until": self.until,
            "bbox": self.bbox_tuple(), "near": _floats(self.near, "near", 3) if self.near else None,
            "min_fatalities": self.min_fatalities, "q": self.q, "claim_status": self.claim_status,
            "holder_kind": self.holder_kind,
        }
        return EventFilter(**{k: v for k, v in values.items() if k not in without})

    def key(self, *, without: frozenset[str] = frozenset()) -> tuple:
        """A hashable identity of the filters, for caches."""
        return tuple((k, str(v)) for k, v in sorted(self.model_dump().items())
                     if k in Filters.model_fields and k not in without)


class PageQuery(Filters):
    limit: int = Field(int(DEFAULTS["default_page_size"]), ge=1, le=int(DEFAULTS["max_page_size"]))
    offset: int = Field(0, ge=0, le=int(DEFAULTS["max_offset"]))
    cursor: str | None = Field(None, max_length=512,
                               description="The next_cursor of the previous page: the page after it (fast at any depth)")

    @field_validator("cursor")
    @classmethod
    def _cursor(cls, v: str | None) -> str | None:
        if v:
            paging.decode(v)
        return v or None

    @model_validator(mode="after")
    def _one_way(self) -> "PageQuery":
        if self.cursor and self.offset:
            raise ValueError("give cursor or offset, not both")
        return self

    def after(self) -> tuple[str | None, str] | None:
        return paging.decode(self.cursor) if self.cursor else None


class AggregateQuery(Filters):
    bucket: Literal["day", "week", "month"] = Field("week", description="Period length of each count")


class MapQuery(Filters):
    zoom: int = Field(2, ge=0, le=22, description="Map zoom level: sets the clustering cell size")


class OutletsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(int(DEFAULTS["max_page_size"]), ge=1, le=int(DEFAULTS["max_page_size"]))
    offset: int = Field(0, ge=0, le=int(DEFAULTS["max_offset"]))


class ErrorsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(100, ge=1, le=int(DEFAULTS["max_page_size"]))
