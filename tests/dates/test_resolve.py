"""Which date belongs to an event (issue 4): the trigger sentence first, then the event's other sentences,
then the lead; never simply the first date in the article. Texts are synthetic; entities are built by hand
the way nlp.entities() would give them."""
from __future__ import annotations

from datetime import date

import pytest
from spans import sentence_spans

from eventwire.dates import resolve_event_date
from eventwire.records import Entity

PUB = date(2016, 11, 8)  # a Tuesday


def _ent(text: str, phrase: str, label: str = "DATE") -> Entity:
    i = text.index(phrase)
    return Entity(start=i, end=i + len(phrase), label=label, text=phrase)


def test_trigger_sentence_date_beats_first_date_in_article():
    text = ("Ministers met in the capital on Monday to discuss the budget. "
            "Gunmen killed five traders at the cattle market on Sunday.")
    s = sentence_spans(text)
    got = resolve_event_date(text, [], [s[1]], published=PUB)
    assert got.date == date(2016, 11, 6)
    assert text[got.span[0]:got.span[1]] == "Sunday"
    assert got.time_precision == 1


def test_other_scope_sentence_then_lead():
    text = ("Militants stormed two villages overnight, residents said. "
            "Homes were torched. The attackers fled towards the forest.")
    s = sentence_spans(text)
    got = resolve_event_date(text, [], [s[1], s[2]], published=PUB)
    assert got.date == date(2016, 11, 7)  # "overnight", from the lead
    assert "lead" in got.reason
    got = resolve_event_date(text, [], [s[2], s[0]], published=PUB)
    assert got.date == date(2016, 11, 7)
    assert "event sentence" in got.reason


def test_reporting_date_is_not_the_event_date():
    text = "Police said on Monday that a bomb killed three soldiers on Saturday near the border."
    got = resolve_event_date(text, [], sentence_spans(text), published=PUB)
    assert got.date == date(2016, 11, 5)


def test_reporting_date_used_when_nothing_else():
    text = "Three soldiers were killed near the border, the army said on Monday."
    got = resolve_event_date(text, [], sentence_spans(text), published=PUB)
    assert got.date == date(2016, 11, 7)
    assert "report" in got.reason


def test_dateline_is_the_report_date():
    text = "KANDI, Nov 8 (Agency) - Gunmen abducted a teacher from a school yesterday, officials said."
    got = resolve_event_date(text, [], sentence_spans(text), published=PUB)
    assert got.date == date(2016, 11, 7)


def test_since_and_future_dates_are_skipped():
    text = ("Protesters, who have marched every week since March, will rally again on Friday, "
            "a day after police fired tear gas at them on Thursday.")
    got = resolve_event_date(text, [], sentence_spans(text), published=date(2016, 11, 4))  # a Friday morning
    assert got.date == date(2016, 11, 3)


def test_acled_style_note():
    text = ("Around 12 May 2021 (as reported), herders clashed with farmers near a well (Synthetic). "
            "The fighting started after cattle strayed onto a field on 9 May. 2 fatalities.")
    got = resolve_event_date(text, [], sentence_spans(text), published=date(2021, 5, 19))
    assert (got.date, got.time_precision) == (date(2021, 5, 12), 2)


def test_unknown_publication_explicit_only():
    text = "Youths pulled down the perimeter fence of the campus on Tuesday."
    got = resolve_event_date(text, [], sentence_spans(text), published=None)
    assert got.date is None
    assert "publication" in got.reason
    text = "On 3 May 2020, youths pulled down the perimeter fence of the campus."
    got = resolve_event_date(text, [], sentence_spans(text), published=None)
    assert got.date == date(2020, 5, 3)


def test_unknown_publication_year_from_the_article():
    text = ("The council met on 2 March 2018 to review the land dispute. "
            "Youths pulled down the perimeter fence on March 13.")
    s = sentence_spans(text)
    got = resolve_event_date(text, [], [s[1]], published=None)
    assert got.date == date(2018, 3, 13)


def test_no_date_at_all_falls_back_to_publication():
    text = "Soldiers repelled an attack on a checkpoint."
    got = resolve_event_date(text, [], sentence_spans(text), published=PUB)
    assert got.date == PUB and got.span is None
    assert "publication" in got.reason
    got = resolve_event_date(text, [], sentence_spans(text), published=None)
    assert got.date is None and got.reason


def test_dateparser_reads_spacy_dates_the_grammar_misses():
    text = "Gunmen raided the depot on the 3rd of this month, a guard said."
    got = resolve_event_date(text, [_ent(text, "the 3rd of this month")], sentence_spans(text), published=PUB)
    assert got.date == date(2016, 11, 3)
    assert "dateparser" in got.reason


def test_spacy_durations_are_not_dates():
    text = "Rebels besieged the town for three days."
    got = resolve_event_date(text, [_ent(text, "three days")], sentence_spans(text), published=PUB)
    assert got.date == PUB and got.span is None


@pytest.mark.parametrize("published,expected", [(date(2016, 11, 8), date(2016, 11, 7)),
                                                (date(2016, 11, 14), date(2016, 11, 14))])
def test_monday_is_resolved_against_publication(published, expected):
    text = "Iraqi forces found a mass grave on Monday."
    assert resolve_event_date(text, [], sentence_spans(text), published=published).date == expected


def test_date_told_to_the_press_is_the_report_date():
    text = ("A mosque was vandalised late Friday. "
            "Speaking to state television on Saturday, the imam condemned the attack.")
    s = sentence_spans(text)
    got = resolve_event_date(text, [], [s[1], s[0]], published=date(2018, 2, 4))
    assert got.date == date(2018, 2, 2)


@pytest.mark.parametrize("outlet,expected", [("apnews.com", date(2016, 7, 11)), ("https://www.bbc.co.uk/news/x", date(2016, 11, 7)),
                                             ("dailynation.co.ke", date(2016, 11, 7)), (None, date(2016, 11, 7))])
def test_numeric_date_in_the_outlets_order(outlet, expected):
    text = "Police dispersed the march on 7/11 with tear gas."
    got = resolve_event_date(text, [], sentence_spans(text), published=PUB, outlet=outlet)
    assert got.date == expected


@pytest.mark.issue(4)
@pytest.mark.parametrize("text,expected", [
    # The lede dates only the report; the next sentence dates the same act.
    ("Police said on Tuesday they were hunting the men behind an explosion at a market that wounded 12. "
     "The governor called Monday's blast a cowardly act.", date(2016, 11, 7)),
    # A headline without a date; the body's first sentence dates the act.
    ("Nobody has claimed the vandalism of a chapel in the port city. "
     "The chapel was vandalised late Saturday, the parish said.", date(2016, 11, 5)),
    # The next sentence tells of another act (background): it lends nothing.
    ("Gunmen attacked a police post in the north. "
     "In October, militants killed four soldiers near the border.", PUB),
    # The clause compares with another act of the same kind.
    ("Gunmen attacked a church in the village. "
     "It was the second attack on a place of worship after gunmen raided a mosque on Friday.", PUB),
    # Same kind of act, but the date sits in another clause: it dates the other act (the lead's date is used).
    ("Police reported calm in the capital on Monday. Supporters of the party held protest marches across the "
     "province. Two activists entered the shrine early Sunday, triggering protests.", date(2016, 11, 7)),
])
def test_next_sentence_dates_the_same_act(text, expected):
    s = sentence_spans(text)
    trigger = s[1] if len(s) == 3 else s[0]
    got = resolve_event_date(text, [], [trigger], published=PUB)
    assert got.date == expected


@pytest.mark.issue(4)
@pytest.mark.parametrize("text,expected,precision", [
    # A headline, a dateless lede, then the day of the story.
    ("Soldiers killed in border clashes, army says. Fighting flared again along the disputed frontier. "
     "On Saturday, six soldiers were killed when their post came under fire.", date(2016, 11, 5), 1),
    # Only a day counts there: "more than two weeks ago" is background.
    ("Soldiers killed in border clashes, army says. The army has lost men since the offensive began more than "
     "two weeks ago. Reinforcements were sent.", PUB, 1),
    # Nor a day of another act.
    ("A suicide bomber killed 12 people at a rally in the capital, officials said. The city is on alert. "
     "Last Thursday, a similar attack killed five people at a market.", PUB, 1),
])
def test_the_opening_gives_the_day_of_the_story(text, expected, precision):
    s = sentence_spans(text)
    got = resolve_event_date(text, [], [s[0]], published=PUB)
    assert (got.date, got.time_precision) == (expected, precision)


def test_own_date_beats_the_next_sentence():
    text = ("Militants ambushed a convoy on Sunday. "
            "A second ambush on Monday killed two drivers.")
    s = sentence_spans(text)
    assert resolve_event_date(text, [], [s[0]], published=PUB).date == date(2016, 11, 6)


@pytest.mark.parametrize("text, expected", [
    # the act is not dated: the day of death is the latest it can be, nearer than the day of the report
    ("A fisherman died on Sunday after being shot by unknown gunmen near the jetty.", date(2016, 11, 6)),
    ("A student succumbed to his wounds on Sunday, police said on Monday.", date(2016, 11, 6)),
    # the act has its own day, which wins, also when named after "after"
    ("A fisherman who was shot by gunmen on Saturday died of his wounds on Sunday.", date(2016, 11, 5)),
    ("A fisherman died on Sunday after Saturday's raid on the jetty, his family said.", date(2016, 11, 5)),
])
def test_the_day_a_victim_died_bounds_an_undated_act(text, expected):
    got = resolve_event_date(text, [], sentence_spans(text), published=PUB)
    assert got.date == expected, got
