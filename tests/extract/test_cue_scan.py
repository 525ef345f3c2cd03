"""cues.find reads the lexicon's cues with a literal pre-scan: it must find exactly what each cue's own
pattern finds, cue by cue and match by match, in made-up sentences of every shape."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from eventwire.extract import cues, lexicon

SENTENCES = [
    "Gunmen killed four villagers and abducted two women in an attack on Kornwald on Monday, police said.",
    "POLICE FIRED TEAR GAS AT PROTESTERS IN NORVILLE AND ARRESTED 12 PEOPLE.",
    "An air strike hit a market in Eastmere; a roadside bomb exploded near a checkpoint the next day.",
    "Rioters burned tyres and looted shops before soldiers retook the town from the rebels.",
    "The council discussed the budget for the coming year.",
    "İstanbul: gunmen shot dead a retired colonel and injured three others.",  # lower case moves letters
    "killed-in-action; re-attacked; an attack-helicopter; attacks, attacked, attacking.",
    "",
]


def per_pattern(text: str, start: int, end: int, lex) -> dict[str, list[tuple[int, int]]]:
    """What find promises: each cue's own pattern over the slice, in lexicon order."""
    out: dict[str, list[tuple[int, int]]] = {}
    for name, pattern in lex.cues.items():
        for m in pattern.finditer(text[start:end]):
            out.setdefault(name, []).append((start + m.start(), start + m.end()))
    return out


@pytest.mark.parametrize("sentence", SENTENCES)
def test_find_matches_every_cue_pattern_on_its_own(sentence):
    lex = lexicon.load()
    text = "Earlier text. " + sentence + " Later text."
    start, end = 14, 14 + len(sentence)
    got = cues.find(text, start, end, lex).hits
    assert got == per_pattern(text, start, end, lex)
    assert list(got) == list(per_pattern(text, start, end, lex))  # lexicon order


def test_find_cuts_at_the_slice_like_the_patterns_do():
    # A cue running past the slice's end, or starting just inside it after a word, is not found in it.
    lex = lexicon.load()
    text = "The militants attacked the base."
    for start, end in [(0, 20), (5, 31), (14, 22), (0, len(text))]:
        assert cues.find(text, start, end, lex).hits == per_pattern(text, start, end, lex)


def test_a_cue_that_is_not_a_lower_case_pattern_is_still_scanned():
    lex = lexicon.load()
    odd = replace(lex, cues={**lex.cues, "shout": re.compile(r"\bSHOUT\w*", re.IGNORECASE)})
    text = "Crowds were shouting as gunmen killed two men."
    got = cues.find(text, 0, len(text), odd).hits
    assert got["shout"] == [(12, 20)]
    assert got == per_pattern(text, 0, len(text), odd)


def test_a_dotless_i_is_matched_as_the_case_insensitive_patterns_match_it():
    # re.IGNORECASE matches "ı" to "i"; lower case keeps "ı": such text is scanned with the patterns themselves.
    lex = lexicon.load()
    text = "Gunmen kılled four villagers in Diyarbakır."
    assert cues.find(text, 0, len(text), lex).hits == per_pattern(text, 0, len(text), lex)
    assert "kill" in cues.find(text, 0, len(text), lex).hits


def test_actor_rows_are_scanned_only_where_they_can_match():
    from eventwire.extract import actors

    text = ("Al-Shabaab fighters attacked a KDF convoy near Lamu; Boko Haram and ISWAP clashed in Borno, "
            "while Houthi forces shelled Marib. The weather was fine.")
    every_row = []
    for pattern, _canonical, home in actors.table():
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b, _ in every_row):
                every_row.append((m.start(), m.end(), home))
    assert actors.in_text(text) == tuple(sorted(every_row))
    assert len(every_row) >= 3
    assert actors._possible("The weather was fine.") == []
    assert actors._possible("Diyarbakır") == list(actors.table())  # lower case cannot tell: every row
