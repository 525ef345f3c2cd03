"""Event extraction: triggers and typing, actors, counts, tags -> Mention records."""
from __future__ import annotations

from ..records import Article, Mention


def mentions(doc, article: Article) -> list[Mention]:
    """The events `article` reports, one Mention per type + place + date."""
    return []
