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


def test_cue_patterns_grouped_by_first_character_match_as_the_flat_alternation(monkeypatch):
    """by_first_char only reorders where the engine looks: the earlier alternative still wins at a place
    ("kill" before "killed in"), alternatives inside a group, a class, a digit and an unknown first
    character (\\w) all match as in the flat pattern."""
    import re

    monkeypatch.setattr(triage, "GROUPED_FROM", 0)
    head, tail = r"(?<![\w-])(?:", r")(?![\w-])"
    bodies = [r"kill(?:ed|ing)?|killed in", r"(?:deal|accord) signed|dead", r"\d+ (?:dead|hurt)",
              r"[bc]omb(?:ed|s)?|clash(?:es)?", r"\w+-led (?:attack|raid)", r"(?:armed )?(?:men|gunmen)|raid",
              r"a|b(?:c|d)|[|]"]
    flat = re.compile(head + "|".join(bodies) + tail)
    grouped = re.compile(triage.by_first_char(head, bodies, tail))
    assert grouped.pattern != flat.pattern and "(?=k)" in grouped.pattern
    text = ("gunmen killed in a raid; 12 dead, 3 hurt. a deal signed after clashes; combs bombed. "
            "an isis-led attack killing armed men. a | b bc killedin killed-in bd")
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)]
    assert len(list(flat.finditer(text))) >= 12


def test_report_cues_scan_grouped_and_find_what_the_flat_pattern_finds():
    vocab = triage.vocabulary()
    assert "(?=" in vocab.reports.lower.pattern  # the report cues are many: grouped
    text = ("Gunmen killed four villagers and abducted two women in an attack on Kornwald; "
            "police fired tear gas at protesters, and an air strike hit a market. ") * 3
    low = text.lower()
    assert [m.span() for m in vocab.reports.lower.finditer(low)] == \
        [m.span() for m in vocab.reports.any_case.finditer(text)]
    assert len(list(vocab.reports.lower.finditer(low))) >= 15


def test_top_alternatives_cut_only_at_the_top_level():
    assert triage.top_alternatives(r"a|b(?:c|d)|[|]|[]|x]y|[^]|]z|\|q") == \
        ["a", "b(?:c|d)", "[|]", "[]|x]y", "[^]|]z", r"\|q"]
    assert triage.top_alternatives("(a|b") == ["(a|b"]  # does not compile cut: left whole


def test_required_literals_name_what_every_match_contains():
    assert triage.required_literals(r"kill(?:ed|s)? (?:a|the) man") == {"kill"}
    assert triage.required_literals(r"(?:shot|stabbed) dead") == {" dead"}
    assert triage.required_literals(r"(?:gunmen|armed men)|raid(?:ed|s)?") == {"gunmen", "armed men", "raid"}
    assert triage.required_literals(r"[bc]omb(?:ed|s)?") == {"omb"}
    assert triage.required_literals(r"\w+-led") == {"-led"}
    # An alternative with no literal of its own: nothing is required.
    assert triage.required_literals(r"kill|\d+") is None
    assert triage.required_literals(r"(?:a|)") is None


# Everyday senses and everyday sentences (data/triage.toml [everyday]): each rule skips a page of everyday
# news and still reads a conflict report in the same words.
EVERYDAY = [
    # a phrasal verb, not a wound
    ("Nick Hollis wound up three shots behind after a 74 at Testfield.",
     "Nick Hollis was wounded by gunmen at a checkpoint in Testfield."),
    # an idiom, not a strike
    ("The north of Norland has been hit especially hard by the flu this winter.",
     "The north of Norland has been hit by an air strike this winter."),
    # a price move, not a fall of a town
    ("Brent crude fell to $76.90 a barrel in Eastmere trading." + FILLER,
     "The town of Eastmere fell to the rebels on Monday after a week of fighting." + FILLER),
    # a game: its battle and its rocket are not war
    ("Lee Carter won a battle with two rivals at the Rocket Classic playoff in Ashford." + FILLER,
     "Two soldiers died in a battle with rebels after a rocket hit their post in Ashford." + FILLER),
    # a bank robbery makes the weak cues of a brief not enough
    ("A bank robbery suspect fled after the teller refused to hand over cash in Redcliff.",
     "Armed men fled after soldiers refused to hand over the town of Redcliff."),
    # casualty counts of a road accident
    ("Highway accidents are frequent: each year many people are injured or killed on the roads." + FILLER,
     "Rioters burnt two buses after road accidents killed and injured several people in Kornwald." + FILLER),
]


def test_everyday_senses_and_sentences_are_skipped_and_reports_in_the_same_words_are_read():
    assert [triage.is_relevant(everyday) for everyday, _report in EVERYDAY] == [False] * len(EVERYDAY)
    assert [triage.is_relevant(report) for _everyday, report in EVERYDAY] == [True] * len(EVERYDAY)


def test_an_accident_sentence_is_read_when_it_names_a_protest():
    page = "Drivers protested in Millbrook over the death of a colleague in an accident." + FILLER
    assert triage.is_relevant(page)
    assert not triage.is_relevant("A colleague died in an accident in Millbrook and two were injured." + FILLER)


def test_a_page_of_an_everyday_domain_is_not_read_for_its_war_words():
    # A boxing report: the extractor reads "attacked", "killer blow" and "fighters" in the sport's sense, so
    # triage need not hand the page to spaCy; a report of violence at a match is still read.
    bout = ("The challenger attacked the body from the opening bell and a left hook in the seventh round was the "
            "killer blow; the referee stopped the bout as the two middleweight fighters traded punches." + FILLER)
    assert not triage.is_relevant(bout)
    riot = ("Gunmen opened fire on fans outside the stadium after the league match, killing three, and the "
            "referee and the head coach were evacuated." + FILLER)
    assert triage.is_relevant(riot)
