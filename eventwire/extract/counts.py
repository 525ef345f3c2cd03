"""Fatality counts (owned by issue 4; this stub keeps the pipeline whole until then)."""
from __future__ import annotations

from collections.abc import Sequence

from ..records import Entity, Fatalities


def fatalities(text: str, scope: Sequence[tuple[int, int]], *, entities: Sequence[Entity] = ()) -> Fatalities:
    """Deaths reported for the event whose sentences are `scope` (first = the trigger sentence)."""
    return Fatalities(reason="not implemented")
