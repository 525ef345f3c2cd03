"""Match keys for place names that survive transliteration.

"Hammam al-Alil", "Hamam al Alil", "Ḥammām al-ʿAlīl" and "HAMMAM AL-ALIL" all become "hamamalil":
ASCII-folded (unidecode), ayn/hamza marks and apostrophes dropped, Arabic articles dropped, word-final
-ah/-eh written -a, doubled letters collapsed (so Tall -> Tal, Hammam -> Hamam) and spaces/hyphens removed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

from .lexicon import load

_MARKS = re.compile(r"[\u02bb\u02bc\u02be\u02bf\u2018\u2019\u201b'`\u00b4]")
_NONWORD = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
# Arabic ta marbuta is written -ah, -a or -eh: Raqqah/Raqqa, Shabwah/Shabwa, Hasakah/Hasakeh.
_TA_MARBUTA = re.compile(r"(?<=[a-z]{2})[ae]h$")


def words(name: str) -> list[str]:
    """Lower-case ASCII words of `name`, marks removed, articles kept."""
    folded = unidecode(_MARKS.sub("", name)).lower()
    folded = _MARKS.sub("", folded)  # unidecode turns some letters (ayn) into apostrophes
    return [w for w in _NONWORD.split(folded) if w]


@lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """The match key of a place name ("" when nothing is left)."""
    ws = words(name)
    articles = load().articles
    # "al-Alil": drop an article only when something follows it, so a place called "As" keeps its name.
    kept = [_TA_MARBUTA.sub("a", w) for i, w in enumerate(ws) if not (w in articles and i + 1 < len(ws))]
    # Glued articles: "Alhasakah", "Elfasher" are rarer than names that start with "al"; leave them.
    return _DOUBLE.sub(r"\1", "".join(kept))


def is_latin(name: str) -> bool:
    """True for names written in Latin script (transliterations of other scripts go via unidecode badly)."""
    return all(ord(ch) < 0x250 or ch in "\u02bb\u02bc\u02be\u02bf\u2018\u2019" or 0x1E00 <= ord(ch) <= 0x1EFF for ch in name)
