"""Page cursors of /api/events: where the previous page ended, as an opaque URL-safe token.

A cursor holds the last event's (event_date, event_id), the keys pages are sorted by, so the next page is
read from the indexes starting there (keyset paging) instead of past every earlier event (`offset`).
Clients pass back what the API gave them; the encoding is not part of the API and may change.
"""
from __future__ import annotations

import base64
import binascii
from datetime import date

PREFIX = "1|"  # the encoding's version


def encode(event_date: date | str | None, event_id: str) -> str:
    day = "" if event_date is None else str(event_date)[:10]
    return base64.urlsafe_b64encode(f"{PREFIX}{day}|{event_id}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[str | None, str]:
    """(event_date or None, event_id); ValueError for anything `encode` did not make."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("cursor: not a cursor this API gave (pass back next_cursor as it is)") from None
    if not text.startswith(PREFIX) or text.count("|") < 2:
        raise ValueError("cursor: not a cursor this API gave (pass back next_cursor as it is)")
    day, event_id = text[len(PREFIX):].split("|", 1)
    if day:
        date.fromisoformat(day)  # a ValueError names the bad date
    if not event_id:
        raise ValueError("cursor: no event id")
    return day or None, event_id
