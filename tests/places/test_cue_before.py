"""The place cue before a name: the longest cue word of the lexicon that ends the words before it, as a word
of its own (after a space or a bracket, or all of them), past articles and compass words."""
from __future__ import annotations

import pytest

from eventwire.places.lexicon import load
from eventwire.places.mentions import _cue_before


@pytest.mark.parametrize("before, cue", [
    ("Gunmen attacked a village outside ", "outside"),
    ("Fighting on the outskirts of ", "outskirts of"),  # the longer cue wins over "of"
    ("Clashes broke out in the restive north-western ", "in"),  # compass words sit between
    ("A blast (in ", "in"),  # after a bracket
    ("in ", "in"),  # all of the words before
    ("Troops were in the capital, ", "in"),
    ("The bakery was within ", "within"),  # a cue of its own, not "in" inside a word
    ("The bakery was main ", None),  # "in" inside a word is no cue
    ("", None),
])
def test_the_longest_cue_that_is_a_word_of_its_own(before, cue):
    lex = load()
    assert "outskirts of" in lex.place_before and "in" in lex.place_before
    assert _cue_before(before + "Norville", len(before), lex) == cue
