"""Triage through its public functions: what it keeps, what it skips, and that it is lossless."""
from __future__ import annotations

from datetime import date

from eventwire import pipeline
from eventwire.records import Article
from eventwire.scale import triage

KEEP = [
    "Gunmen killed four villagers in Kornwald on Monday.",
    "Hundreds of teachers protested outside the ministry in Norville.",
    "An air strike hit a market in Eastmere, residents said.",
    "Police arrested 12 people after the rally in Testville.",
]
SKIP = [
    "The Testland football league announced its new season schedule on Monday.",
    "Wheat prices rose for a third week as the harvest in Norland was delayed by rain.",
    "",
]


def test_event_vocabulary_passes_and_other_news_does_not():
    assert all(triage.is_relevant(t) for t in KEEP)
    assert not any(triage.is_relevant(t) for t in SKIP)


def test_relevant_keeps_order_and_reports_skips():
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(KEEP[:2] + SKIP[:1] + KEEP[2:])]
    skipped = []
    kept = list(triage.relevant(arts, on_skip=skipped.append))
    assert [a.id for a in kept] == ["a0", "a1", "a3", "a4"]
    assert [a.id for a in skipped] == ["a2"]


def test_title_alone_can_carry_the_vocabulary():
    art = Article(id="t", title="Riot police disperse crowd", text="More details to follow from Norville.")
    assert [a.id for a in triage.relevant([art])] == ["t"]


def test_skipped_texts_yield_no_mentions_from_the_full_pipeline():
    """Triage is lossless: whatever it skips, the extractor would have found nothing in."""
    arts = [Article(id=f"s{i}", text=t, published=date(2024, 6, 4)) for i, t in enumerate(SKIP[:2])]
    assert all(not triage.is_relevant(a.text) for a in arts)
    assert [ms for _a, ms in pipeline.extract(arts)] == [[], []]
