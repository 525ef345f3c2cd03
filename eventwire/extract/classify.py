"""Sub-event typing: the first rule of data/rules.toml that the event's cues satisfy."""
from __future__ import annotations

from .lexicon import Lexicon, Rule


def classify(cue_names: frozenset[str], lexicon: Lexicon) -> Rule | None:
    for rule in lexicon.rules:
        if rule.matches(cue_names):
            return rule
    return None


def label_prefix(text: str, lexicon: Lexicon) -> tuple[str, int] | None:
    """(sub-event type, length) when the report opens with a coder's sub-category label ("Looting: ...")."""
    head, sep, _ = text[:60].partition(":")
    if sep and head.strip().lower() in lexicon.prefixes:
        return lexicon.prefixes[head.strip().lower()], len(head)
    return None
