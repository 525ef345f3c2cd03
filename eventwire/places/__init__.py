"""Places: offline gazetteer and toponym resolution (issue 3). Stub until that lands."""
from __future__ import annotations

from collections.abc import Sequence

from ..records import Entity, Location


def resolve_location(text: str, entities: Sequence[Entity], scope: Sequence[tuple[int, int]], *,
                     outlet: str | None = None) -> Location:
    """Where the event whose sentences are `scope` (first = the trigger sentence) happened."""
    return Location(reason="not implemented")
