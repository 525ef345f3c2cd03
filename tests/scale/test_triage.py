"""Triage through its public functions: conflict reports are read, everyday news in war words is not."""
from __future__ import annotations

from eventwire.records import Article
from eventwire.scale import triage

# Long enough (over extract.SHORT_REPORT) to be judged as pages, not briefs.
FILLER = " The town council met on Thursday to discuss the budget for the coming year." * 18

KEEP = [
    "Gunmen killed four villagers in Kornwald on Monday." + FILLER,
    "Hundreds of teachers protested outside the ministry in Norville." + FILLER,
    "An air strike hit a market in Eastmere, residents said." + FILLER,
    "Police arrested 12 people after the rally in Testville." + FILLER,
    FILLER + " Five people were killed in an attack on a bus near Ashford on Sunday night.",
]
SKIP = [
    "The Testland football league announced its new season schedule on Monday." + FILLER,
    "Wheat prices rose for a third week as the harvest in Norland was delayed by rain." + FILLER,
    "Two people were killed when a lorry crashed into a bridge on the motorway near Millbrook." + FILLER,
    "United's attack was relentless in the second half and the striker scored twice." + FILLER,
    "",
]


def test_conflict_pages_are_read_and_everyday_news_in_war_words_is_not():
    assert [triage.is_relevant(t) for t in KEEP] == [True] * len(KEEP)
    assert [triage.is_relevant(t) for t in SKIP] == [False] * len(SKIP)


def test_a_brief_with_any_report_cue_is_read():
    # A coder's note or a wire alert is too short to say more; the extractor reads weak cues there too.
    assert triage.is_relevant("Two people were killed when a lorry crashed near Millbrook.")
    assert triage.is_relevant("Looting: on 3 May, shops were emptied in Redcliff.")  # a coder's label
    assert not triage.is_relevant("Wheat prices rose for a third week in Norland.")


def test_the_headline_counts_as_a_sentence_of_the_page():
    text = "More details are expected later." + FILLER
    assert triage.is_relevant(text, "Soldiers clash with rebels near Oakridge")
    assert not triage.is_relevant(text, "Council approves new budget")


def test_relevant_keeps_order_and_reports_skips():
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(KEEP[:2] + SKIP[:1] + KEEP[2:])]
    skipped = []
    kept = list(triage.relevant(arts, on_skip=skipped.append))
    assert [a.id for a in kept] == ["a0", "a1", "a3", "a4", "a5"]
    assert [a.id for a in skipped] == ["a2"]


def test_text_whose_lower_case_moves_letters_is_still_matched():
    # "İ" lower-cases to two characters: matched with IGNORECASE on the text itself.
    assert triage.is_relevant("İstanbul: gunmen killed four people in a raid on Monday." + FILLER)
