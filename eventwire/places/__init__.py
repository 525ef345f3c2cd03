"""Places: an offline gazetteer (GeoNames data shipped in PyPI packages) and toponym resolution.

    resolve_location(text, entities, scope, outlet=None) -> records.Location   the event's place
    lookup(name, country=None) -> [Candidate]                                  gazetteer candidates with scores
    gazetteer() -> Gazetteer                                                   the process-wide compiled gazetteer
"""
from __future__ import annotations

from .gazetteer import Gazetteer, Place, gazetteer
from .lookup import Candidate, lookup
from .resolve import resolve_location

__all__ = ["resolve_location", "lookup", "gazetteer", "Gazetteer", "Place", "Candidate"]
