"""Who says so: the sources `assess` reads from the parse, and their kinds. Every sentence is our own,
written for these tests (invented people, generic places)."""
from __future__ import annotations

import pytest

from eventwire import assess, nlp
from eventwire.records import Article

pytestmark = pytest.mark.issue(11)


def sources(text: str) -> list[tuple[str, str]]:
    """(holder kind, the words cited) for each source found, in text order."""
    report = assess.analyse(nlp.load()(text), Article(id="t", text=text)).report
    return [(a.holder_kind, text[a.start:a.end]) for a in report.attributions]


def kinds(text: str) -> set[str]:
    return {k for k, _ in sources(text)}


KINDS = [
    # security forces: police, armies, their spokesmen, "security sources"
    ("Gunmen killed four traders near the market on Monday, a police spokesman told reporters.", {"security_forces"}),
    ("The army said its troops repelled an attack on a base outside the town.", {"security_forces"}),
    ("According to a military statement, two soldiers died in the ambush.", {"security_forces"}),
    ("Security sources said the convoy was hit by a roadside bomb.", {"security_forces"}),
    ("Police Commissioner Ahmed Bello confirmed that eleven bodies had been recovered.", {"security_forces"}),
    ("A senior army officer, speaking on condition of anonymity, said the village had been shelled for hours.",
     {"security_forces"}),
    ("The navy said it had intercepted two boats carrying weapons.", {"security_forces"}),
    ("Kenyan police said the attackers fled towards the border.", {"security_forces"}),
    ("The defence ministry said its jets struck a rebel depot.", {"security_forces"}),
    ("A rebel commander was killed in the raid, the gendarmerie said.", {"security_forces"}),
    # government: ministries, governors, officials of the state, a country speaking
    ("The health ministry said 23 people had been killed in the strikes.", {"government"}),
    ("Governor Musa Idris told journalists that the curfew would remain in place.", {"government"}),
    ("Local authorities said the fire destroyed more than 40 homes.", {"government"}),
    ("Afghan officials said the district fell after two days of fighting.", {"government"}),
    ("According to the mayor, at least nine residents were wounded.", {"government"}),
    ("The foreign ministry denied that its forces had crossed the border.", {"government"}),
    ("A spokesman for the provincial government said the road was closed.", {"government"}),
    ("Chad said its forces had killed dozens of attackers.", {"government"}),
    ("The president's office said the curfew had been lifted.", {"government"}),
    ("Hospital officials said six of the wounded were in critical condition.", {"government"}),
    # armed groups: rebels, militias, jihadist groups and their media wings
    ("The Taliban said their fighters had captured the checkpoint.", {"armed_group"}),
    ("Islamic State claimed responsibility for the bombing.", {"armed_group"}),
    ("Al-Shabaab said in a statement that it had overrun the base.", {"armed_group"}),
    ("The militants said they would continue their attacks.", {"armed_group"}),
    ("A spokesman for the separatist movement denied any involvement.", {"armed_group"}),
    ("The rebels said they had shot down a helicopter.", {"armed_group"}),
    ("A rebel commander told the radio station that his men had withdrawn.", {"armed_group"}),
    ("The group's Amaq agency said three of its fighters carried out the attack.", {"armed_group"}),
    # international organisations
    ("The United Nations said at least 300 families had fled the fighting.", {"international_org"}),
    ("According to the UN refugee agency, the camp now shelters 12,000 people.", {"international_org"}),
    ("The International Committee of the Red Cross said its team had reached the town.", {"international_org"}),
    ("A UN spokesperson told reporters that aid convoys had been blocked.", {"international_org"}),
    ("Peacekeepers said they had come under fire near the airport.", {"international_org"}),
    ("The African Union said the ceasefire was holding.", {"international_org"}),
    # NGOs and monitors
    ("Human Rights Watch said the killings amounted to war crimes.", {"ngo"}),
    ("Amnesty International said it had documented at least 15 unlawful killings.", {"ngo"}),
    ("The Syrian Observatory for Human Rights said 14 fighters were killed.", {"ngo"}),
    ("Doctors Without Borders said its clinic had treated 40 wounded patients.", {"ngo"}),
    ("A local rights group said police had detained more than 200 protesters.", {"ngo"}),
    ("According to the monitoring group, the toll had risen to 31.", {"ngo"}),
    # other media cited by name
    ("State television reported that the rebels had been pushed back.", {"media"}),
    ("The shooting was first reported by a local newspaper.", {"media"}),
    ("Reuters reported that the airport had been closed.", {"media"}),
    ("According to the news agency, the blast was heard across the city.", {"media"}),
    ("A correspondent for the broadcaster said the streets were empty.", {"media"}),
    ("Local media said the convoy had been ambushed.", {"media"}),
    # witnesses: residents, survivors, relatives, protesters
    ("Residents said the gunmen arrived on motorbikes shortly after dawn.", {"witness"}),
    ("A witness told reporters that soldiers fired into the crowd.", {"witness"}),
    ("Survivors said the boat capsized after the attack.", {"witness"}),
    ("Relatives of the victims said they had not been allowed to see the bodies.", {"witness"}),
    ("One protester said police used live ammunition.", {"witness"}),
    ("Villagers told the agency that their homes were burned.", {"witness"}),
    ("An eyewitness, Grace Okafor, said she saw three men with rifles.", {"witness"}),
    # unnamed: no institution, or a hedge with no source at all
    ("Officials said at least 14 people died.", {"unnamed"}),
    ("A source close to the investigation said the bomb was remotely detonated.", {"unnamed"}),
    ("Local sources reported heavy gunfire in the eastern districts.", {"unnamed"}),
    ("An official who declined to be named said the talks had failed.", {"unnamed"}),
    ("Two children were reportedly among the dead.", {"unnamed"}),
    ("At least five people are said to have been killed.", {"unnamed"}),
    # several sources in one sentence
    ("Officials and residents said the market was hit twice.", {"unnamed", "witness"}),
    ("Police and hospital officials said six people were killed.", {"security_forces", "government"}),
    ("State media reported the attack, citing police.", {"media", "security_forces"}),
    # no source: the outlet's own voice, or verbs that only look like reporting
    ("The war has claimed more than 10,000 lives since 2015.", set()),
    ("The attack claimed the lives of six soldiers.", set()),
    ("Gunmen killed seven villagers in a night raid.", set()),
    ("Protesters called for the release of the detained students.", set()),
    # an institution's media wing, and a document it issued, speak for the institution
    ("Troops killed nine insurgents in the hills, the army's media wing said.", {"security_forces"}),
    ("A statement issued by the navy said two boats were seized.", {"security_forces"}),
    ("A report from the health ministry said 30 people were treated for burns.", {"government"}),
    ("Local media said the bridge was destroyed in the blast.", {"media"}),
    # a present-tense reporting verb closing the sentence, which a parser may take for a plural noun
    ("A bomb went off near a bus stop in the east of the country, the local radio reports.", {"media"}),
    ("Gunmen attacked a convoy on the coastal highway, state television reports.", {"media"}),
    ("Police reports of the incident were published on Monday.", set()),
    # a headline's "Source: what it says"; a place or a credit line before a colon cites nobody
    ("Army: twenty fighters captured in forest raid\nTroops searched the forest on Monday.", {"security_forces"}),
    ("UN: hundreds flee shelling in the north\nRoads out of the valley were crowded.", {"international_org"}),
    ("Testland: thousands march against fuel prices\nThe march passed off peacefully.", set()),
    ("Editor: Jon Doe\nThe march passed off peacefully.", set()),
    ("Update: the road to the border has reopened.", set()),
    ("The group of youths stormed the police station.", set()),
    ("No armed faction has yet claimed the bombing.", set()),
    ("The militia has not claimed the killings.", set()),
    ("“We will not leave,” one of the banners read.", set()),
    # civic groups named by what they do are no armed group, though "group" alone would make them one
    ("Six people died in the fire, a volunteer rescue group said.", {"ngo"}),
    ("A humanitarian organisation said its clinic in the town was looted.", {"ngo"}),
    ("According to a local civil society group, 14 men were detained.", {"ngo"}),
    # "was quoted as saying": the one quoted speaks (and an agent relays)
    ("A police officer was quoted as saying that six people had been killed.", {"security_forces"}),
    ("The governor was quoted by the state news agency as saying that six people died.", {"government", "media"}),
    # "local" as an adjective names no witness; an unnamed report stays unnamed
    ("Six people were killed in the clashes, local reports said.", {"unnamed"}),
    # putting a toll at a figure gives it, whoever does so ("put" otherwise reports only through a document)
    ("The health ministry put the death toll at 31.", {"government"}),
    ("Police put the number of dead at six on Tuesday.", {"security_forces"}),
]


@pytest.mark.parametrize("text, expected", KINDS, ids=[t[:40] for t, _ in KINDS])
def test_holder_kind(text, expected):
    assert kinds(text) == expected


RESOLVED = [
    # a pronoun, a surname or "the official" stands for the source named before it
    ("Captain Ibrahim Sule, a police spokesman, confirmed the raid. Sule said four suspects were arrested.",
     ["security_forces", "security_forces"]),
    ("A resident, Fatima Bello, described the attack. She said the gunmen left after an hour.",
     ["witness", "witness"]),
    ("The defence ministry held a briefing on Sunday. It said two drones had been shot down.",
     ["security_forces"]),
    ("A security official said the blast hit a checkpoint. The official added that nine soldiers died.",
     ["security_forces", "security_forces"]),
    ("Governor Ali Hassan visited the camp on Friday. He said 2,000 people had arrived since the raids.",
     ["government"]),
]


@pytest.mark.parametrize("text, expected", RESOLVED, ids=[t[:40] for t, _ in RESOLVED])
def test_pronouns_and_names_take_the_kind_of_their_source(text, expected):
    assert [k for k, _ in sources(text)] == expected


def test_the_span_covers_the_source_and_its_verb():
    text = "Gunmen stormed the school, officials and parents said on Saturday."
    assert [w for _, w in sources(text)] == ["officials and parents said", "parents said"]
    text = "According to the health ministry, 12 people died."
    assert [w for _, w in sources(text)] == ["According to the health ministry"]


def test_quoted_reporting_verbs_are_the_speakers_not_sources():
    text = "“The police said nothing to us,” one mother said."
    assert sources(text) == [("witness", "one mother said")]


def test_security_forces_are_named_for_their_country_when_the_source_says_it():
    text = "The Nigerian army said its troops killed 12 fighters."
    report = assess.analyse(nlp.load()(text), Article(id="t", text=text)).report
    assert [a.holder for a in report.attributions] == ["Military Forces of Nigeria"]


UNSPOKEN = [
    # a reporting verb under a modal of obligation, possibility or the future: no words reported yet
    ("The ministry will announce the final toll on Monday.", set()),
    ("The army must explain why its soldiers fired on the crowd.", set()),
    ("The governor needs to tell the families what happened to their sons.", set()),
    ("The police may confirm the names of the victims later this week.", set()),
    # ...but "can confirm" is how a police force speaks, and a plain past tense reports
    ("Police can confirm that two men were arrested near the market.", {"security_forces"}),
    ("The ministry announced the final toll on Monday.", {"government"}),
]


@pytest.mark.parametrize("text, expected", UNSPOKEN, ids=[t[:40] for t, _ in UNSPOKEN])
def test_a_modal_reporting_verb_cites_nobody(text, expected):
    assert kinds(text) == expected



# A verb of checking in the progressive ("were still verifying") is a check under way: nobody vouches yet.
CHECKING = [
    ("The district governor said officials were still verifying the number of dead after the raid.", {"government"}),
    ("Gunmen attacked a bus near the border on Sunday, and the authorities are verifying reports of casualties.",
     set()),
    ("Police are still confirming the identities of the victims of the bombing.", set()),
    # guards: a check done, or a source that has confirmed, vouches
    ("The authorities verified that nine people had died in the attack.", {"government"}),
    ("Police confirmed that nine people had died in the attack.", {"security_forces"}),
]


@pytest.mark.parametrize("text, expected", CHECKING, ids=[t[:40] for t, _ in CHECKING])
def test_a_check_under_way_cites_nobody(text, expected):
    assert kinds(text) == expected


# A holder that only mentions a person ("the operations room set up by Ali Hassan") is not that person speaking:
# no witness. A person by name, or a witness word with a name, still is one.
PERSON_IN_PHRASE = [
    ("The operations room set up by Ali Hassan announced that the attackers had fled.", set()),
    ("The crisis cell of Peter Okoye announced that the gunmen had been driven back.", set()),
    ("The team for John Mensah announced that the gunmen had been driven back.", set()),
    ("Ali Hassan, 42, said the attackers fled on motorbikes.", {"witness"}),
    ("The family of Ali Hassan said he was shot at the checkpoint.", {"witness"}),
    ("Peter Okoye told reporters that the gunmen came at night.", {"witness"}),
]


@pytest.mark.parametrize("text, expected", PERSON_IN_PHRASE, ids=[t[:40] for t, _ in PERSON_IN_PHRASE])
def test_a_thing_that_mentions_a_person_is_no_witness(text, expected):
    assert kinds(text) == expected


# "According to X, <act>, adding that ...": the participle carries on X's words, not the doer's.
ADDING = [
    ("According to local sources, an armed group attacked the brigade headquarters, adding that the clashes were "
     "intense.", {"unnamed"}),
    ("According to witnesses, soldiers opened fire on the crowd, adding that many were hit.", {"witness"}),
    # guards: "adding" on a reporting verb speaks for its subject; a sentence with no "according to" is unchanged
    ("The army said it repelled the attack, adding that two soldiers died.", {"security_forces"}),
    ("According to police, gunmen stormed the village. The army said it repelled them, adding that two soldiers "
     "died.", {"security_forces"}),
]


@pytest.mark.parametrize("text, expected", ADDING, ids=[t[:40] for t, _ in ADDING])
def test_adding_after_an_act_speaks_for_the_according_to_source(text, expected):
    assert kinds(text) == expected


def _parsed(rows: list[tuple[str, int, str, str, str, str]]):
    """A parse written out by hand, (word, head, dependency, part of speech, tag, lemma) a token: to pin down what
    the rules do with a parser's mistake, whatever the model of the day makes of a sentence."""
    from spacy.tokens import Doc

    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][0] not in ",." for i in range(len(rows))]
    return Doc(nlp.load().vocab, words=words, spaces=spaces, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], tags=[r[4] for r in rows], lemmas=[r[5] for r in rows])


# A misparse may give a reporting verb two subjects ("Clashes resumed in the town, a hospital spokesman confirmed",
# with "Clashes" hung on "confirmed"): the one right before the verb is its speaker.
TWO_SUBJECTS = [
    ("Clashes", 9, "nsubj", "NOUN", "NNS", "clash"), ("resumed", 9, "advcl", "VERB", "VBD", "resume"),
    ("in", 1, "prep", "ADP", "IN", "in"), ("the", 4, "det", "DET", "DT", "the"), ("town", 2, "pobj", "NOUN", "NN", "town"),
    (",", 9, "punct", "PUNCT", ",", ","), ("a", 8, "det", "DET", "DT", "a"),
    ("hospital", 8, "compound", "NOUN", "NN", "hospital"), ("spokesman", 9, "nsubj", "NOUN", "NN", "spokesman"),
    ("confirmed", 9, "ROOT", "VERB", "VBD", "confirm"), (".", 9, "punct", "PUNCT", ".", "."),
]


def test_of_two_subjects_the_one_before_the_reporting_verb_speaks():
    from eventwire.assess import holders, lexicon, voice

    doc = _parsed(TWO_SUBJECTS)
    index = voice.Index(voice.units(doc), voice.quote_spans(doc.text))
    assert [(f.kind, doc.text[f.start:f.end]) for f in holders.find(doc, index, lexicon.load())] == [
        ("government", "a hospital spokesman confirmed")]


# "Witness" also tells what a place or a time went through: a town, a region, a weekend or a bare "it" that
# "witnessed" a rally speaks for nobody. Guards: people and institutions that witnessed something still report it.
EXPERIENCED = [
    ("Lagos witnessed a rally of several thousand traders on Monday.", set()),
    ("The northern region has witnessed repeated clashes between herders and farmers.", set()),
    ("The province is tense. It has witnessed three bombings this year.", set()),
    ("The weekend witnessed the largest march the capital has seen in a decade.", set()),
    ("A reporter witnessed police beating several students outside the court.", {"media"}),
    ("Amnesty International witnessed soldiers burning huts in the village.", {"ngo"}),
]


@pytest.mark.parametrize("text, expected", EXPERIENCED, ids=[t[:40] for t, _ in EXPERIENCED])
def test_a_place_or_a_time_that_witnessed_an_event_cites_nobody(text, expected):
    assert kinds(text) == expected


# "X, or Y,": a second name glossed after "or" is the same holder, not a second source of another kind.
GLOSSES = [
    ("The Sunrise Movement, or the Army of the East, claimed responsibility for the ambush on Tuesday.",
     [("armed_group", "The Sunrise Movement, or the Army of the East, claimed")]),
    ("The valley rebels, or the Northern Army as locals call them, said they took the pass.",
     [("armed_group", "The valley rebels, or the Northern Army as locals call them, said")]),
    # guard: "and" joins two sources
    ("Police and villagers said the raiders came at dawn.",
     [("security_forces", "Police and villagers said"), ("witness", "villagers said")]),
]


@pytest.mark.parametrize("text, expected", GLOSSES, ids=[t[:40] for t, _ in GLOSSES])
def test_a_name_glossed_after_or_is_the_same_holder(text, expected):
    assert sources(text) == expected


# A reporting participle the parser hangs on the act inside someone's reported words ("police said the protesters
# blocked the road, stating that ...") goes on with the speaker's words: the doer of the act says nothing.
REPORTED_ON = [
    ("A police spokesman said that the protesters blocked the highway, stating that nine officers were hurt.",
     {"security_forces"}),
    ("The governor said the protesters torched the market, noting that the damage ran into millions.", {"government"}),
    # guard: the doer of an act in the outlet's own sentence speaks for itself
    ("Police said the road was blocked. The protesters dispersed at dusk, saying they would return on Friday.",
     {"security_forces", "witness"}),
]


@pytest.mark.parametrize("text, expected", REPORTED_ON, ids=[t[:40] for t, _ in REPORTED_ON])
def test_a_participle_inside_reported_words_is_the_speakers(text, expected):
    assert kinds(text) == expected


# News may give a title alone first and the name of its holder right after ("the country's interior minister has
# said ... Adam Bello said"): that name is the titled official, not a witness. Guards: an indefinite title ("a police
# spokesman") names one of many, and a name far from the title is someone else.
NAMED_AFTER = [
    ("The country's interior minister has said six police officers died in an ambush near the border.\n\n"
     "Adam Bello said the gunmen fled into the forest after the attack.", {"government"}),
    ("The army's spokesman said two soldiers were wounded in the raid. He said the attackers came from the hills.\n\n"
     "Adam Bello said the troops chased them for hours.", {"security_forces"}),
    ("A police spokesman said six officers died in the ambush.\n\nAdam Bello, 34, said the gunmen fled.",
     {"security_forces", "witness"}),
    ("The country's interior minister has said six police officers died in an ambush. The road was closed. "
     "Traders stayed at home. Schools shut early.\n\nAdam Bello said the gunmen fled.", {"government", "witness"}),
]


@pytest.mark.parametrize("text, expected", NAMED_AFTER, ids=[t[:40] for t, _ in NAMED_AFTER])
def test_a_name_right_after_a_title_alone_is_its_holder(text, expected):
    assert kinds(text) == expected
