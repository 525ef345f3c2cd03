"""Dates: temporal expressions resolved against the publication date (issue 4). Stub until that lands."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..records import Entity, EventDate


def resolve_event_date(text: str, entities: Sequence[Entity], scope: Sequence[tuple[int, int]], *,
                       published: date | None) -> EventDate:
    """When the event whose sentences are `scope` (first = the trigger sentence) happened."""
    return EventDate(date=published, time_precision=1, reason="publication date (stub)")
