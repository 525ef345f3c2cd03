"""The admin words of the country vote ("woreda", "LGA"): found by one scan for the letters each needs, with
the same answer as searching the text for each word's own pattern."""
from __future__ import annotations

import re

from eventwire.places import resolve
from eventwire.places.lexicon import load


def test_admin_words_found_as_each_words_own_search_finds_them():
    lex = load()
    words, patterns, literals = resolve._admin_words(tuple(lex.admin_countries))
    assert words == tuple(lex.admin_countries) and len(patterns) == len(words)
    texts = ["Gunmen attacked a village in Dessie woreda on Monday.",
             "Two WOREDAS and three Kebeles were cut off; the LGA chairman (Kajuru LGA) said so.",
             "Fighting near the bodaboda stage and a boda bodas queue, the MCA for the ward said.",
             "Nothing administrative here at all.",
             "A dotless \u0131 and a Kelvin sign \u212a in a text about the pti office."]
    for text in texts:
        want = [bool(re.search(rf"\b{re.escape(w)}s?\b", text, re.I)) for w in words]
        possible = literals.possible(text)
        got = [bool((possible is None or possible[k]) and patterns[k].search(text)) for k in range(len(words))]
        assert got == want
    assert any(re.search(r"\bworedas?\b", t, re.I) for t in texts)
