"""Dates: temporal expressions resolved against the publication date (issue 4).

    resolve_event_date(text, entities, scope, *, published) -> EventDate   the date of one event
    parse_expression(expr, *, anchor) -> EventDate | None                   one expression, pure

The grammar and its conventions are in grammar.py (summarised in docs/coding-notes.md), the words in
data/dates_lexicon.toml, the choice of the event's date in resolve.py.
"""
from __future__ import annotations

import logging

from .resolve import parse_expression, resolve_event_date

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["parse_expression", "resolve_event_date"]
