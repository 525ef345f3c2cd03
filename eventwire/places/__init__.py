"""Places: an offline gazetteer (GeoNames data shipped in PyPI packages) and toponym resolution.

    resolve_location(text, entities, scope, outlet=None) -> records.Location   the event's place
    lookup(name, country=None) -> [Candidate]                                  gazetteer candidates with scores
    town(name, country, span, reason=) -> Location | None                      a name as a town of a known country
    country_location(country, reason=) -> Location | None                      a country, without coordinates
    gazetteer() -> Gazetteer                                                   the process-wide compiled gazetteer
    nationality(word) -> str | None                                            country named by "Iraqi", "Turkish"...
"""
from __future__ import annotations

from .gazetteer import Gazetteer, Place, gazetteer
from .lookup import Candidate, country_location, lookup, town
from .resolve import resolve_location

__all__ = ["resolve_location", "lookup", "town", "country_location", "gazetteer", "nationality", "Gazetteer", "Place",
           "Candidate"]


def nationality(word: str) -> str | None:
    """The country a nationality word names ("iraqi" -> "Iraq"), from the demonym table."""
    from .lexicon import load

    cc = load().demonyms.get(word.lower())
    place = gazetteer().country_place(cc) if cc else None
    return place.name if place else None
