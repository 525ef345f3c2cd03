"""Stable event ids: derived from the first mention that created the event (article id + index of the
mention in that article), never from insertion order, so re-ingesting the same articles in the same
order gives the same ids in any database."""
from __future__ import annotations

import hashlib


def event_id(article_id: str, index: int) -> str:
    return "ev-" + hashlib.sha1(f"{article_id}\x1f{index}".encode("utf-8")).hexdigest()[:16]


def mention_id(article_id: str, index: int) -> str:
    return f"{article_id}#{index}"
