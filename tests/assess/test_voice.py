"""The outlet's own voice: opinion sentences and loaded terms, only where no source speaks and nothing is quoted.
Every sentence is our own, written for these tests."""
from __future__ import annotations

import pytest

from eventwire import assess, nlp
from eventwire.records import Article

pytestmark = pytest.mark.issue(11)


def report(text: str):
    return assess.analyse(nlp.load()(text), Article(id="t", text=text)).report


OPINION = [
    # exhorting, moralising
    ("Make no mistake: the people who ordered this raid will try again.", True),
    ("The world must act before more villages are burned.", True),
    ("It is time the government stopped pretending the militia does not exist.", True),
    ("Those responsible must be brought to justice.", True),
    ("We cannot accept a world in which hospitals are targets.", True),
    # predicting
    ("More mass graves will surely be found as the waters recede.", True),
    ("It is only a matter of time before the fighting reaches the capital.", True),
    # evaluating
    ("Sadly, the authorities have once again looked the other way.", True),
    ("It is clear that the ceasefire was never meant to last.", True),
    ("How many more children have to die before anyone listens?", True),
    # reporting, however grim, is not opinion
    ("Gunmen killed seven villagers in a night raid on Tuesday.", False),
    ("The talks will resume in Geneva on Monday.", False),
    ("At least 40 people were killed and 120 wounded in the blasts.", False),
    ("Rescue workers searched the rubble for survivors through the night.", False),
    # a source's opinion is the source's, quoted or not
    ("“The world must act,” the minister said.", False),
    ("The minister said the government should investigate the shooting.", False),
    ("The curfew should be lifted on Sunday, officials said.", False),
    ("The UN called on both sides to respect the truce.", False),
    ("Residents asked: “Where was the army?”", False),
    ("Police said the suspects would appear in court on Friday.", False),
    # the wider vocabulary of editorial voice: demands, forecasts of worse, verdicts
    ("The international community can no longer look away from the killings in the north.", True),
    ("The region needs to do more to protect its displaced families.", True),
    ("Such attacks on clinics cannot go unpunished.", True),
    ("It is imperative that the inquiry begins at once.", True),
    ("The governor should resign over the handling of the riots.", True),
    ("The renewed shelling will likely deepen the hunger in the valley.", True),
    ("The unrest threatens to engulf the neighbouring provinces.", True),
    ("The latest raid is a grim reminder of how little has changed.", True),
    ("The violence in the valley is deeply troubling.", True),
    ("Attacks on clinics have become all too familiar in the province.", True),
    ("The authorities have once again failed to protect the villagers.", True),
    ("There is no excuse for firing on a funeral procession.", True),
    ("Unfortunately, the relief convoy turned back at the bridge.", True),
    ("The killing of the cleric could spark a new round of reprisals.", True),
    ("Little wonder that families are leaving the district by the hundreds.", True),
    ("The truth is that nobody in the capital controls the border towns.", True),
    ("The sham trial of the protest leaders is a mockery of justice.", True),
    ("With the raid on the clinic the militia has shown its true face.", True),
    # stance adverbs opening a sentence, bleak verdicts, flagrant violations, the writer's forecasts and appeals
    ("Worryingly, the militia has begun recruiting boys from the camps.", True),
    ("Thankfully, the convoy reached the clinic before nightfall.", True),
    ("The burning of the granary marks a bleak new chapter for the valley.", True),
    ("The raid was a flagrant violation of the truce signed in the spring.", True),
    ("The villagers were buried amid deafening international silence.", True),
    ("Peace in the hills seems increasingly elusive after the latest raid.", True),
    ("Whether the truce will hold through the harvest remains to be seen.", True),
    ("Another week of shelling could lead to a humanitarian catastrophe in the valley.", True),
    ("We call on every party to spare the hospitals of the north.", True),
    ("Enough of these empty promises from the capital!", True),
    ("The height of the floodwater reached two metres in the square.", False),
    ("Clearing of the roads began on Monday.", False),
    ("The road will lead to the border crossing once it is finished.", False),
    # a question is not opinion by its mark alone; nor is a caption's credit line or an official forecast
    ("Who controls the northern districts after the fighting?", False),
    ("What happens to the displaced families when the rains come?", False),
    ("Photo credit should read Ama Kofi for the agency.", False),
    ("The death toll is expected to rise as rescuers reach the site.", False),
    ("Officials said the convoy needs to reach the camp by Friday.", False),
    # a speaker the lexicon cannot place still speaks: a reported clause or "according to" is not the outlet's
    ("Analysts said the council should lift the curfew before the holiday.", False),
    ("The accord says both parties must withdraw their fighters by June.", False),
    ("Farm prices should fall in the spring, the economists wrote in their note.", False),
    ("According to the guidelines, every convoy must carry a medic.", False),
    # ...but a verb that only looks like reporting speaks for nobody
    ("The clashes have claimed many lives, and the government must answer for them.", True),
    # a noun of verdict as the predicate, "we" owning a feeling, worry in the writer's voice, a superlative verdict
    ("This is a travesty of justice for the families of the valley.", True),
    ("The pardon of the commanders was a betrayal of every victim.", True),
    ("We are deeply troubled by the killings in the north.", True),
    ("We are alarmed at the rising number of abductions on the highway.", True),
    ("It is worrying that no one has been arrested for the attack.", True),
    ("It was the most shameful episode of the war in the valley.", True),
    ("The shooting was the deadliest attack on the town this year.", False),
    ("The killing is the latest tragedy to hit the town.", False),
    ("The UN is deeply concerned about the violence in the north.", False),
    ("We are sorry for any inconvenience caused by the outage.", False),
    ("Protesters said the verdict was a travesty.", False),
]


@pytest.mark.parametrize("text, expected", OPINION, ids=[t[:40] for t, _ in OPINION])
def test_opinion_sentence(text, expected):
    assert bool(report(text).opinion) is expected


LOADED = [
    ("The terrorists opened fire on worshippers at dawn.", [("terrorists", "name_calling")]),
    ("The brutal attack left the village in ruins.", [("brutal", "moralising")]),
    ("Thugs loyal to the governor beat the journalists.", [("Thugs", "name_calling")]),
    ("The death cult has again shown its true face.", [("death cult", "dehumanising")]),
    ("A bloodbath unfolded in the market square.", [("bloodbath", "exaggeration")]),
    ("The town now lives under a reign of terror.", [("reign of terror", "fear")]),
    ("The occupation army raided the camp overnight.", [("occupation army", "name_calling")]),
    ("These savages burned the church to the ground.", [("savages", "dehumanising")]),
    ("Soldiers shot dead innocent civilians queuing for bread.", [("innocent civilians", "moralising")]),
    ("The warlord's men seized the port.", [("warlord", "name_calling")]),
    ("The horrific scenes were broadcast live.", [("horrific", "other")]),
    ("The evil men who did this have not been caught.", [("evil", "moralising")]),
    # not the outlet's words: quoted, attributed, someone else's label; or neutral terms
    ("Police said the “terrorists” had fled into the forest.", []),
    ("The government branded the protesters as terrorists.", []),
    ("The group, which the government calls terrorists, denied the claim.", []),
    ("He was convicted on terrorist charges in 2019.", []),
    ("“They are animals,” a resident shouted.", []),
    ("Officials described the attack as barbaric.", []),
    ("Militants attacked an army post near the border.", []),
    ("The suicide bomber killed 12 people at a checkpoint.", []),
    ("Insurgents shelled the town for a third day.", []),
    ("The siege ended after three days of negotiations.", []),
    # a label someone else gives: treated, viewed, regarded, investigated "as" one
    ("Detectives are treating the stabbing as a terrorist attack.", []),
    ("The neighbouring state has long viewed the movement as a terrorist group.", []),
    ("The shooting is being investigated as a terror attack.", []),
    ("Doctors treated the wounded after terrorists struck the bus station.", [("terrorists", "name_calling")]),
    # a capitalised word inside a sentence in lower case is (part of) a name; a title-case headline is not
    ("Mourners gathered in Martyrs Square after the funeral.", []),
    ("Gunmen fired on tourists at a Crusader castle in the hills.", []),
    ("Village Mourns As Terrorists Kill Nine Farmers", [("Terrorists", "name_calling")]),
    ("The martyrs of the uprising were buried on Friday.", [("martyrs", "moralising")]),
    # someone the lexicon cannot place speaks: their words, however loaded
    ("Commentators said the brutal crackdown had silenced the town.", []),
    ("According to the pamphlet, the savages will return at night.", []),
    # animal words are loaded when said of people, not of the livestock a raid drives off
    ("The guards treated the prisoners like animals.", [("animals", "dehumanising")]),
    ("Raiders drove off cows and other animals from the farms.", []),
    ("Rabid dogs roamed the abandoned camp.", []),
    ("The militia slaughtered villagers in their homes.", [("slaughtered", "moralising")]),
    ("Herders slaughtered goats for the feast after the truce.", []),
    # a term of law is not an emotive word
    ("The new press law has had a chilling effect on reporting.", []),
    # units named for fighting terrorism are technical terms, not the outlet's label
    ("Police: two terrorists shot dead at roadblock\nThe road was closed for hours.", []),
    ("Counter-terrorist units cleared the hills overnight.", []),
    ("The anti-terrorist squad arrested two men at the bus station.", []),
    ("The counter terrorist unit raided a house in the suburb.", []),
    # a compound that names a movement calls nobody names; the historical genocide by its name is no exaggeration
    ("Anti-fascist protesters clashed with police near the square on Saturday.", []),
    ("A neo-Nazi group held a rally in the city centre.", []),
    ("Holocaust survivors laid wreaths at the memorial on Sunday.", []),
    ("Fascists attacked the migrants' camp on Sunday.", [("Fascists", "name_calling")]),
    ("The shelling of the city was a holocaust.", [("holocaust", "exaggeration")]),
]


@pytest.mark.parametrize("text, expected", LOADED, ids=[t[:40] for t, _ in LOADED])
def test_loaded_terms(text, expected):
    assert [(text[t.start:t.end], t.category) for t in report(text).loaded] == expected


def test_figures_count_words_of_opinion_loaded_terms_and_tolls_without_a_source():
    text = ("Gunmen killed nine people in the market on Friday. Police said two more died in hospital. "
            "These thugs must be stopped.")
    got = report(text)
    assert got.words == 21 and got.opinion_words == 5
    # 5 / 21 words; 1 loaded term per 21 words; the police toll names its source, the first does not.
    assert got.figures == {"opinion_share": 0.238, "loaded_per_1000_words": 47.62, "unattributed_tolls": 1}


def test_the_json_line_has_the_fields_of_the_issue():
    text = "The brutal raid killed four villagers, residents said. It is time the army acted."
    line = report(text).to_json()
    assert set(line) == {"article_id", "opinion", "loaded", "attributions", "figures"}
    assert set(line["figures"]) == {"opinion_share", "loaded_per_1000_words", "unattributed_tolls"}
    [op] = line["opinion"]
    assert text[op["start"]:op["end"]] == "It is time the army acted."
    assert line["loaded"] == []  # "brutal" sits in a sentence a source (residents) speaks for
    [who] = line["attributions"]
    assert (text[who["start"]:who["end"]], who["holder"], who["holder_kind"]) == ("residents said", "residents", "witness")


def test_a_headline_is_judged_on_its_own_line():
    text = "Enough is enough: stop the killing\nGunmen killed three farmers near the river on Sunday, police said."
    got = report(text)
    assert [text[a:b] for a, b in got.opinion] == ["Enough is enough: stop the killing"]


# A quotation running over several paragraphs opens each with a straight mark and closes only the last: the
# paragraphs it leaves open are the speaker's words too. A paragraph that closes its quotation is unchanged.
RUN_ON = [
    ('Gunmen raided the village on Monday, a resident said.\n"The thugs came at night and burned everything.\n'
     '"They were savages," he said.', [], False),
    ('The mayor spoke after the funeral.\n"The world must act before more villages burn.\n'
     '"We are tired of waiting," she said.', [], False),
    # guards: a closed quotation leaves the rest of its paragraph to the outlet; an outlet paragraph is its own
    ('The "brutal" raid ended at dawn, and the brutal siege went on.', [("brutal", "moralising")], False),
    ("The thugs burned the market at dawn.", [("thugs", "name_calling")], False),
]


@pytest.mark.parametrize("text, loaded, opinion", RUN_ON, ids=[t[:40] for t, *_ in RUN_ON])
def test_a_quotation_left_open_at_a_paragraph_end_is_the_speakers(text, loaded, opinion):
    got = report(text)
    assert [(text[t.start:t.end], t.category) for t in got.loaded] == loaded
    assert bool(got.opinion) is opinion


def test_words_inside_an_exhortation_are_the_exhorters_not_the_outlets():
    """What someone urged is theirs even though the sentence stays the outlet's for the facts it states."""
    got = report("The commander urged his fighters to drive the infidels from the valley.")
    assert (got.loaded, got.opinion) == ((), ())
