"""Reporting sentences -> events: one per place and date, the way an article retells one event many times."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..geo import haversine_km
from ..records import EventDate, Location
from .cues import CueSet

NEAR_KM = 25.0  # two places this close on the same day are one event's place, told twice


def starts_in(span: tuple[int, int] | None, start: int, end: int) -> bool:
    """The evidence `span` begins inside text[start:end] (the sentence states it itself)."""
    return span is not None and start <= span[0] < end


@dataclass(slots=True)
class Report:
    """A sentence that reports (part of) an event, with its own resolved place and date."""

    index: int  # position among the article's sentences
    modifier: bool  # only qualifies the event reported just before ("Police intervened.")
    generic: bool  # typed from harm words alone ("were killed"): belongs to a more specific event if any
    start: int
    end: int
    cues: CueSet
    location: Location
    when: EventDate
    actors: list = field(default_factory=list)  # extract.actors.ActorHit found in the sentence
    towns: int = 1  # the towns the sentence names as scenes ("in A, B and C"): one report for each

    @property
    def dated_here(self) -> bool:
        return starts_in(self.when.span, self.start, self.end)

    @property
    def own_place(self) -> bool:
        """The sentence names its place itself (the resolver may fall back to the article's context)."""
        return self.location.latitude is not None and starts_in(self.location.span, self.start, self.end)


@dataclass(slots=True)
class Situation:
    reports: list[Report]  # the first one opened it and sets its place and date

    @property
    def location(self) -> Location:
        return self.reports[0].location

    @property
    def when(self) -> date | None:
        return self.reports[0].when.date


def same_place(a: Location, b: Location) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.iso3 != b.iso3:
        return False
    if (a.geo_precision == 3 or b.geo_precision == 3) and a.admin1 and a.admin1 == b.admin1:
        return True  # a province and a town in it
    if None in (a.latitude, b.latitude):
        return False
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= NEAR_KM


def _same_province(a: Location, b: Location) -> bool:
    return a.iso3 == b.iso3 and (a.admin1 is None or b.admin1 is None or a.admin1 == b.admin1)


def _another_town(s: Situation, r: Report) -> bool:
    """`r` tells of an act in another town or district than one the situation's reports already name ("the
    first attack hit X district ... a second bomber struck Y"), however near: ACLED codes one event per town."""
    if r.generic or not r.own_place or r.location.geo_precision not in (1, 2):
        return False
    here = r.location
    return any(x.own_place and x.location.geo_precision in (1, 2) and x.location.geonameid != here.geonameid
               and _other_district(x.location, here) for x in s.reports)


def _other_district(a: Location, b: Location) -> bool:
    """Two towns in different districts, or in a country whose districts the gazetteer does not have (every
    village there is its own place, as ACLED codes it)."""
    return a.admin2 is b.admin2 is None or None not in (a.admin2, b.admin2) and a.admin2 != b.admin2


def group(reports: list[Report], *, brief: bool = False) -> list[Situation]:
    """One situation per place and date. A sentence with no place of its own, or one that only says people
    were harmed, joins a situation of its date (the one told just before it, else the first; or the lead one)
    rather than starting one: in a long article such sentences mostly retell an event or give context.
    A province and the towns in it are one place, unless the sentences name acts in two of its towns."""
    situations: list[Situation] = []
    last: Situation | None = None
    for r in reports:
        if r.modifier:
            # "Police intervened." qualifies the sentence before it; in a brief, the event it is about.
            if last is not None and (brief or last.reports[-1].index == r.index - 1):
                last.reports.append(r)
            continue
        own = r.own_place
        # A sentence listing several towns gives one report per town: they never join each other.
        # (Reports come in sentence order, so one of the same sentence would be a situation's last.)
        same_day = [s for s in situations if s.when == r.when.date and s.reports[-1].index != r.index]
        target = next((s for s in same_day if own and same_place(s.location, r.location)
                       and not _another_town(s, r)), None)
        if target is None and situations and (not own or r.generic):
            # A bare "were killed" sentence retells a same-day event, unless it names another province
            # and its own day ("nine soldiers were killed on Sunday in Herat"): a separate attack.
            apart = own and r.dated_here
            near = [s for s in same_day if not apart or _same_province(s.location, r.location)]
            # "Two guards died in the blast." tells of the act told just before it.
            follows = last is not None and last in near and last.reports[-1].index == r.index - 1
            target = last if follows else near[0] if near else None
            if target is None and (not own or r.when.span is None):
                target = situations[0]
        if target is None:
            target = Situation([r])
            situations.append(target)
        else:
            target.reports.append(r)
        last = target
    return situations


def best_location(reports: list[Report]) -> Location:
    """The most precise place a sentence of the event names itself that agrees with the first one named (a
    town inside the province the lede names, not the capital where the wounded were flown), the earliest on a
    tie; context-resolved places only as a fallback."""
    own = [r for r in reports if r.own_place]
    if not own:
        return min(reports, key=lambda r: (r.location.latitude is None, r.location.geo_precision or 9, r.start)).location
    first = min(own, key=lambda r: r.start).location
    agreeing = [r for r in own if same_place(r.location, first)]
    return min(agreeing, key=lambda r: (r.location.geo_precision or 9, r.start)).location


def best_date(reports: list[Report]) -> EventDate:
    """The date the lede states for the act ("around 1 January"), else the most precise date; the day of an act
    before the day of a report ("officials said Tuesday", a dateline, the publication); one the text states
    (with evidence) before one inferred; the earliest on a tie. A vague date in a side sentence ("in a post
    last week") does not override the day of the act."""
    lede = reports[0]
    return min(reports, key=lambda r: (r.when.date is None, not (r is lede and r.when.span and not r.when.reported),
                                       r.when.time_precision, r.when.reported, r.when.span is None, r.start)).when
