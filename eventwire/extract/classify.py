"""Sub-event typing: the first rule of data/rules.toml that the event's cues satisfy."""
from __future__ import annotations

from .lexicon import Lexicon, Rule


def classify(cue_names: frozenset[str], lexicon: Lexicon) -> Rule | None:
    for rule in lexicon.rules:
        if rule.matches(cue_names):
            return rule
    return None


def label_prefix(text: str, lexicon: Lexicon) -> str | None:
    """The sub-event type a report names outright with a coder's label ("Looting: ...")."""
    head, sep, _ = text[:60].partition(":")
    return lexicon.prefixes.get(head.strip().lower()) if sep else None
