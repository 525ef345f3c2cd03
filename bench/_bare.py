"""Bare spaCy, the reference each benchmark is measured against: the pinned pipeline loaded as spaCy ships
it, less the components eventwire never runs (nlp._UNUSED). Not eventwire.nlp.load(), whose pipeline
multiplies matrices with numpy's BLAS instead of thinc's BLIS (the same annotations, about 0.7x the CPU on
this machine): timed against that, the reference would take a share of eventwire's speed-up for itself."""
from __future__ import annotations

import os
from functools import cache


@cache
def shipped():
    import spacy

    from eventwire import nlp

    return spacy.load(os.environ.get("EVENTWIRE_SPACY_MODEL") or nlp.DEFAULT_MODEL, exclude=list(nlp._UNUSED))
