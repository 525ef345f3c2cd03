"""Table test for issue 4: casualty phrases coded the way ACLED codes fatalities (synthetic, written by us).

Each row: sentence, expected (value, min, max). value None = no death count reported.
"""
from __future__ import annotations

import re

import pytest
from spans import sentence_spans

from eventwire.extract.counts import fatalities, parse_casualties
from eventwire.extract.figures import words_to_int

ROWS = [
    # digits and number words
    ("Gunmen killed 5 villagers in a raid on the market.", (5, 5, 5)),
    ("Three policemen were killed when their patrol was ambushed.", (3, 3, 3)),
    ("Twenty-five people died in the fire the rioters started.", (25, 25, 25)),
    ("A hundred civilians were massacred in the village.", (100, 100, 100)),
    ("Two dozen fighters were killed in the clashes.", (24, 24, 24)),
    ("A dozen protesters were shot dead by police.", (12, 12, 12)),
    ("Half a dozen herders were hacked to death.", (6, 6, 6)),
    ("One hundred and twenty prisoners were executed.", (120, 120, 120)),
    ("The airstrike killed 1,200 people, officials said.", (1200, 1200, 1200)),
    ("A soldier was killed and two were wounded.", (1, 1, 1)),
    ("Militants beheaded a village chief near the river.", (1, 1, 1)),
    ("Unknown assailants shot dead a trader on his way home.", (1, 1, 1)),
    ("An elderly farmer was stabbed to death by raiders.", (1, 1, 1)),
    ("The attack left 14 dead and dozens injured.", (14, 14, 14)),
    ("Clashes between the two clans claimed the lives of nine people.", (9, 9, 9)),
    # one victim named by rank, office, trade or kin, and a killing told by its own verb
    ("A police sergeant was shot dead at a checkpoint on Friday.", (1, 1, 1)),
    ("Gunmen killed a tax collector outside the district office.", (1, 1, 1)),
    ("Masked men assassinated a local chairman in his shop.", (1, 1, 1)),
    ("Raiders killed his sister and set the house alight.", (1, 1, 1)),
    ("A crowd beat and killed a man accused of stealing a goat.", (1, 1, 1)),
    ("Gunmen opened fire on a prosecutor near the court, killing him.", (1, 1, 1)),
    ("Gunmen tried to assassinate the governor but his guards drove them off.", (None, None, None)),
    # a participle before the noun describes the people; a figure with its own verb is no part of a list
    ("A displaced man died when a landmine exploded near the camp.", (1, 1, 1)),
    ("Two injured soldiers later died in hospital.", (2, 2, 2)),
    ("Three suspects managed to flee and one was shot dead by police.", (1, 1, 1)),
    ("Three militiamen and a councilman were killed in the raid.", (4, 4, 4)),
    ("Two home guards (local volunteers) and a councilman were killed in the ambush.", (3, 3, 3)),
    ("12 IS militants and 3 soldiers were killed in the fighting.", (15, 15, 15)),
    # victims listed one by one add up
    ("Bandits killed a herder and his son on the road to the market.", (2, 2, 2)),
    ("Gunmen shot dead a farmer and the village chief on Sunday.", (2, 2, 2)),
    ("One soldier and one civilian were killed when the convoy was ambushed.", (2, 2, 2)),
    # ranges and bounds
    ("Between 10 and 15 people were killed in the shelling.", (10, 10, 15)),
    ("Witnesses said 20 to 30 villagers died.", (20, 20, 30)),
    ("At least 100 people were killed in the bombing.", (100, 100, None)),
    ("At least seven soldiers died in the ambush.", (7, 7, None)),
    ("More than 40 insurgents were killed in the offensive.", (40, 40, None)),
    ("No fewer than 6 miners were killed.", (6, 6, None)),
    ("Up to 15 people may have been killed, a doctor said.", (15, None, 15)),
    ("Nearly 50 people died in the stampede that followed the blast.", (50, None, 50)),
    ("About 100 people were killed in the fighting.", (100, 100, 100)),
    ("Some 30 civilians were killed in the air raid.", (30, 30, 30)),
    ("Around 12 fighters died in the clash.", (12, 12, 12)),
    # vague words (ACLED's conventions)
    ("Dozens of people were killed in the air raid.", (12, 12, None)),
    ("Hundreds of civilians were killed in the bombardment.", (100, 100, None)),
    ("Tens of people were killed in the explosion.", (10, 10, None)),
    ("Several people were killed in the airstrike on the market.", (10, 10, None)),
    ("Several people were killed when a gunman shot at a bar.", (3, 3, None)),
    ("Many civilians were killed in the massacre.", (10, 10, None)),
    ("A few protesters were shot dead by police.", (3, 3, None)),
    ("Scores of civilians were killed in the bombing.", (20, 20, None)),
    ("An unknown number of militants were killed in the shelling.", (10, 10, None)),
    ("Thousands of civilians were killed during the siege of the city.", (1000, 1000, None)),
    ("Dozens and dozens of civilians were killed in the air raid.", (12, 12, None)),
    ("Numerous civilians were killed in the shelling of the town.", (10, 10, None)),
    ("Multiple people were killed when a gunman shot at a wedding party.", (3, 3, None)),
    ("An unspecified number of soldiers were killed in the ambush.", (3, 3, None)),
    ("Unspecified number of civilians were killed in the bombing.", (10, 10, None)),
    ("An undetermined number of people were killed in the blast.", (10, 10, None)),
    ("A number of protesters were shot dead by police.", (3, 3, None)),
    ("A handful of guards were killed in the attack on the prison.", (3, 3, None)),
    ("A couple of farmers were killed in the clashes over grazing land.", (2, 2, None)),
    # killed vs wounded vs missing vs bodies kept apart
    ("15 were killed and 30 wounded in the blast.", (15, 15, 15)),
    ("Four people were wounded in the attack.", (None, None, None)),
    ("Dozens were injured when police fired tear gas.", (None, None, None)),
    ("Seven fishermen are missing after the boat was attacked.", (None, None, None)),
    ("The bomb killed six and wounded 40 others.", (6, 6, 6)),
    ("Police arrested 40 people after the riot.", (None, None, None)),
    ("Gunmen abducted 15 girls from the school.", (None, None, None)),
    ("The bodies of 39 workers were found in a mass grave.", (39, 39, 39)),
    ("At least 100 bodies were exhumed from the site.", (100, 100, None)),
    ("Residents failed to retrieve the body of a boy from the dam.", (None, None, None)),
    # several groups, subsets, the same toll twice
    ("2 soldiers were killed and 3 militants were killed in the clash.", (5, 5, 5)),
    ("Gunmen killed two women and three men in the village.", (5, 5, 5)),
    ("Three tourists and a guide were killed when the bus was hit.", (4, 4, 4)),
    ("Eight people, including four children, were killed in the raid.", (8, 8, 8)),
    ("Nine civilians, among them two babies, were killed.", (9, 9, 9)),
    ("6 villagers (3 men, 2 women and 1 boy) died when their cart struck the mine.", (6, 6, 6)),
    ("Four soldiers and a tourist were killed, though it is not clear whether all five died at the fort.", (5, 5, 5)),
    ("Armed men killed 1 of the 4 herders they had attacked.", (1, 1, 1)),
    # updates: the latest toll
    ("The death toll rose to 30 on Tuesday.", (30, 30, 30)),
    ("Officials said the toll had risen to 41, up from 35 the day before.", (41, 41, 41)),
    ("Two more bodies were found, bringing the death toll to 17.", (17, 17, 17)),
    # attackers who die are counted
    ("A suicide bomber blew himself up at the gate, killing 5 guards.", (6, 6, 6)),
    ("A bomber killed at least three guards and himself outside the ministry.", (4, 4, None)),
    ("An attacker blew himself up outside the embassy.", (1, 1, 1)),
    ("Two suicide bombers blew themselves up at the market, killing 10 people, including the bombers.", (10, 10, 10)),
    ("A gunman shot dead two guards at the bank before he was killed by police.", (3, 3, 3)),
    ("The attacker, a 40-year-old local man, was shot dead by officers after stabbing a pedestrian to death.",
     (2, 2, 2)),
    ("The assailant later died of his wounds; no one else was hurt.", (1, 1, 1)),
    ("Police shot dead the gunman after he killed 4 worshippers.", (5, 5, 5)),
    ("The gunman opened fire at the mosque, where 5 worshippers were killed.", (5, 5, 5)),
    ("Officers said the gunman was shot dead.", (1, 1, 1)),
    ("The gunman shot a guard and he was killed instantly.", (1, 1, 1)),  # "he": the guard, not the gunman
    # one person named by a possessive, as the object of a death verb
    ("A policeman fatally shot Norway's ambassador at a gallery opening.", (1, 1, 1)),
    ("A man killed his wife with a machete.", (1, 1, 1)),
    ("Kenya's ambassador condemned the attack on the convoy.", (None, None, None)),
    ("The governor's spokesman said three soldiers were killed.", (3, 3, 3)),
    # coders' notes
    ("On 3 May 2021, herders clashed with farmers. 2 farmers were killed. Total fatalities coded as 5.", (5, 5, 5)),
    ("Unknown number of fatalities coded as 3.", (3, 3, 3)),
    ("Deaths not confirmed (coded at a low estimate of 3).", (3, 3, 3)),
    ("40 fatalities were reported over several villages. Fatalities split across 6 events.", (7, 7, 7)),
    ("Unknown fatalities coded as 10 and split across 5 locations.", (2, 2, 2)),
    ("Two soldiers were killed (fatalities coded to the Kandi event).", (0, 0, 0)),
    ("There were no fatalities.", (0, 0, 0)),
    ("No fatalities or injuries were reported.", (0, 0, 0)),
    ("IS sustained 2 fatalities.", (2, 2, 2)),
    ("Around 3 May 2021 (as reported), 15 traders demonstrated outside the market. [size=15]", (None, None, None)),
    ("Scores of youths blocked the road with burning tyres. [size=dozens]", (None, None, None)),
    # not deaths in this event
    ("Youths tried to kill a suspected thief but police rescued him.", (None, None, None)),
    ("4 insurgents were killed, injured or captured in the sweep.", (None, None, None)),
    ("Hundreds marched to protest the killing of a student by police.", (None, None, None)),
    ("Some 20,000 people have died in the conflict so far, officials estimate.", (None, None, None)),
    ("Protesters held a vigil to honour two students killed in the attack.", (None, None, None)),
    ("The march came ahead of funerals on Friday for the three slain guards.", (None, None, None)),
    ("Police opened fire on the procession, killing two marchers.", (2, 2, 2)),
    ("The blast killed five decorated officers on 3 Dec. 2019.", (5, 5, 5)),
    ("The 18-year-old was wounded in the leg.", (None, None, None)),
    ("A 25-year-old man was killed when the mob set upon him.", (1, 1, 1)),
    ("Two 20-year-old students were shot dead at the gate.", (2, 2, 2)),
    ("The army said 6 gunmen were \"neutralised\" near the border post.", (6, 6, 6)),
    ("The imam, 74, was killed in a machete attack at his house.", (1, 1, 1)),
    ("On 19 March 2020, police shot dead 2 robbers.", (2, 2, 2)),
    ("The man later died in hospital.", (1, 1, 1)),
    ("Eight soldiers were killed, some of whom died after their tank was hit.", (8, 8, 8)),
    ("At least 23 people were killed in separate attacks across the country.", (None, None, None)),
    ("Fighting has intensified in recent weeks, and 40 people have been killed.", (None, None, None)),
]


@pytest.mark.issue(4)
@pytest.mark.parametrize("sentence,expected", ROWS, ids=[r[0][:50] for r in ROWS])
def test_casualty_phrase(sentence, expected):
    got = parse_casualties(sentence)
    assert (got.value, got.min, got.max) == expected, got.reason
    if got.value is not None and got.value > 0 and got.span is not None:
        a, b = got.span
        assert 0 <= a < b <= len(sentence)


def test_every_vague_word_the_coder_knows_has_a_row():
    # A word added to data/vague_counts.toml without a sentence here is a convention nobody checked.
    import tomllib
    from importlib import resources

    words = tomllib.loads(resources.files("eventwire").joinpath("data/vague_counts.toml").read_text("utf-8"))["words"]
    told = " ".join(sentence for sentence, _ in ROWS).lower()
    assert [w for w in words if not re.search(rf"\b{re.escape(w)}\b", told)] == []


def test_vague_word_is_recorded():
    assert parse_casualties("Dozens of people were killed in the air raid.").vague == "dozens"


@pytest.mark.parametrize("phrase,value", [("twenty-five", 25), ("one hundred and twenty", 120), ("two dozen", 24),
                                          ("half a dozen", 6), ("1,200", 1200), ("three thousand", 3000)])
def test_number_words(phrase, value):
    assert words_to_int(phrase) == value


def test_same_toll_told_twice_counts_once():
    text = ("Gunmen killed 7 villagers near the river on Sunday. "
            "The seven victims were buried on Monday. Police said 7 people died.")
    assert fatalities(text, sentence_spans(text)).value == 7


def test_groups_in_separate_sentences_add_up():
    text = "Two soldiers were killed in the ambush. Three militants were killed as troops returned fire."
    assert fatalities(text, sentence_spans(text)).value == 5


def test_claims_only_when_nothing_else():
    text = "Six soldiers were killed in the ambush. The militants claimed they killed 20 soldiers."
    assert fatalities(text, sentence_spans(text)).value == 6
    text = "Six soldiers were killed in the ambush. The group claimed responsibility and said it killed 9 soldiers."
    assert fatalities(text, sentence_spans(text)).value == 6
    text = "The blast claimed 12 lives. Police said 3 officers were among the dead."
    assert fatalities(text, sentence_spans(text)).value == 12
    text = "The militants claimed they killed 20 soldiers in the ambush."
    assert fatalities(text, sentence_spans(text)).value == 20


def test_trigger_passage_before_distant_mentions():
    text = ("A car bomb killed 4 people at a checkpoint. Security was tightened. "
            "Elsewhere, a separate bombing killed 30 people.")
    s = sentence_spans(text)
    assert fatalities(text, [s[0], s[2]]).value == 4


def test_named_person_from_entities():
    from eventwire.records import Entity
    text = "Amina Bello was stabbed to death by robbers at her shop."
    ents = [Entity(start=0, end=11, label="PERSON", text="Amina Bello")]
    assert fatalities(text, sentence_spans(text), entities=ents).value == 1
    assert fatalities(text, sentence_spans(text)).value is None


def test_parser_split_mid_sentence_is_mended():
    text = "Troops shelled the camp. 78 fighters were killed."
    assert fatalities(text, [(0, 24), (25, 27), (28, len(text))]).value == 78


def test_empty_scope():
    assert fatalities("Nothing here.", []).value is None


def test_distant_mention_gives_the_figure_only_for_unquantified_deaths():
    text = ("Two soldiers died in the north on Monday. Markets were closed. "
            "The soldiers were killed when a mine exploded. Separately, gunmen kidnapped 15 girls.")
    s = sentence_spans(text)
    assert fatalities(text, [s[2], s[0]]).value == 2
    assert fatalities(text, [s[3], s[0]]).value is None


def test_later_sentence_about_another_event_is_not_added():
    text = ("Five soldiers died when their armoured car hit a mine near the river. "
            "Two more troops died in separate fighting further north in the province.")
    assert fatalities(text, sentence_spans(text)).value == 5


@pytest.mark.issue(4)
def test_attacker_killed_later_in_the_story_is_counted_once():
    text = ("A man stabbed three shoppers at a market, killing one. Shops closed early. "
            "Police arrived within minutes. The attacker, a 30-year-old local man, died in hospital. "
            "The gunman's family was questioned.")
    s = sentence_spans(text)
    assert fatalities(text, [s[0], s[1], s[3]]).value == 2
    text = "Police shot dead the gunman at the gate. The gunman had killed 4 worshippers. The attacker was killed."
    assert fatalities(text, sentence_spans(text)).value == 5


@pytest.mark.issue(4)
def test_toll_referring_back_to_a_running_total_is_that_total():
    text = ("The insurgents have stepped up their raids in recent weeks. "
            "Hundreds of people have died in the violence. Schools were closed. "
            "At least 45 soldiers were killed and dozens were wounded.")
    s = sentence_spans(text)
    assert fatalities(text, [s[0], s[1], s[3]]).value is None  # the passage tells no death of this event
    text = ("The insurgents have stepped up their raids in recent weeks. "
            "On Monday, 12 people were killed in the fighting near the dam.")
    assert fatalities(text, sentence_spans(text)).value == 12  # dated: an event of its own


@pytest.mark.issue(4)
def test_headline_figure_restated_as_running_total():
    text = ("Shelling kills more than 300 in the enclave. "
            "Air strikes killed more than 300 civilians in the past week, monitors said. "
            "On Monday, a rocket killed two children.")
    assert fatalities(text, sentence_spans(text)).value == 2


@pytest.mark.issue(4)
def test_definite_victims_take_the_figure_given_just_before():
    text = ("An armed group claimed a bombing that killed two Belgian engineers on Wednesday. "
            "The engineers were killed when a mine hit their vehicle.")
    s = sentence_spans(text)
    assert fatalities(text, [s[1]]).value == 2
    text = ("The bodies of 27 farm workers abducted last year were found in a grave, the minister said. "
            "She told parliament the workers had been executed by the group.")
    s = sentence_spans(text)
    assert fatalities(text, [s[1]]).value == 27
    text = ("Gunmen abducted twelve traders on the highway. "
            "The traders were released on Friday.")  # not a death
    s = sentence_spans(text)
    assert fatalities(text, [s[1]]).value is None
    text = ("Two policemen were killed in the north. "
            "The soldiers were killed when a mine hit their vehicle.")  # other victims: no figure
    s = sentence_spans(text)
    assert fatalities(text, [s[1]]).value is None


@pytest.mark.issue(4)
def test_after_a_commemoration_trigger_the_same_act_is_its_cause():
    text = ("About 2,000 people marched through the town yesterday to honour the victims of a shooting last week. "
            "They placed candles at the site of the attack, where a gunman shot dead four shoppers.")
    assert fatalities(text, sentence_spans(text)).value is None
    text = ("About 2,000 people marched through the town yesterday to honour the victims of a shooting last week. "
            "Police fired on the crowd near the bridge, killing two marchers.")  # another act: this event's deaths
    assert fatalities(text, sentence_spans(text)).value == 2


@pytest.mark.issue(4)
@pytest.mark.parametrize("place,expected", [("Kharkiv", 4), ("Poltava", 2), ("Odesa", 6), (None, 6)])
def test_share_of_a_toll_broken_down_by_place(place, expected):
    text = ("Missiles struck three cities overnight. "
            "At least six people were killed, four in Kharkiv and two in Poltava.")
    assert fatalities(text, sentence_spans(text), place=place).value == expected


def test_share_is_not_a_subset():
    text = "Gunmen killed 12 villagers, including four in the town of Bama."
    assert fatalities(text, sentence_spans(text), place="Bama").value == 12


def test_small_figure_in_a_running_total_is_not_a_restatement():
    text = "Two soldiers were killed in the ambush. Two soldiers have been killed in the district so far this year."
    assert fatalities(text, sentence_spans(text)).value == 2


def test_toll_told_later_with_the_events_place_is_its_toll():
    text = ("Rockets struck towns on both sides of the front line on Wednesday. Both sides reported civilian "
            "casualties. The regional governor said the attack was the worst this month. Officials said nine "
            "people were killed when rockets hit the town of Tartus. Another town reported one dead.")
    s = sentence_spans(text)
    assert fatalities(text, [s[0], s[1], s[3], s[4]], place="Tartus").value == 9
    # Without the place, a distant sentence is more often about another event.
    assert fatalities(text, [s[0], s[1], s[3], s[4]]).value is None
