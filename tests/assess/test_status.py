"""Each event mention's sources and claim status. Mentions are built by hand (the event is the article's
first sentence), so these tests depend on assessment alone, not on how events are extracted; one test goes
through the whole pipeline. Every text is our own."""
from __future__ import annotations

from datetime import date

import pytest

from eventwire import assess, nlp, pipeline
from eventwire.records import Article, Evidence, Mention

pytestmark = pytest.mark.issue(11)

CIVILIANS = ("Unidentified Armed Group (Somalia)", "Civilians (Somalia)")
ARMY = ("Military Forces of Somalia", "Al Shabaab")
POLICE = ("Police Forces of Somalia", "Protesters (Somalia)")


def assessed(text: str, actors=CIVILIANS, event_type="Violence against civilians") -> Mention:
    first = text.split(". ")[0]
    mention = Mention(article_id="t", event_type=event_type, sub_event_type="Attack", country="Somalia",
                      actor1=actors[0], actor2=actors[1], evidence=(Evidence(field="event", start=0, end=len(first)),))
    [got] = assess.attach([mention], assess.analyse(nlp.load()(text), Article(id="t", text=text)))
    return got


STATUS = [
    # reported: the outlet's own voice, or independent sources of two kinds
    ("Gunmen killed six farmers near the village on Monday.", CIVILIANS, "reported", {"outlet"}),
    ("Gunmen killed six farmers near the village on Monday, police said. "
     "Residents said the attackers came on motorbikes.", CIVILIANS, "reported", {"security_forces", "witness"}),
    ("Twelve people died when the market was shelled, according to the health ministry. "
     "A witness said the shells fell minutes apart.", CIVILIANS, "reported", {"government", "witness"}),
    ("Militants stormed a police post overnight, killing four officers. "
     "The militants said they had seized weapons.", ARMY, "reported", {"outlet", "armed_group"}),
    ("Rebels seized the town on Friday. The rebels said they now control the whole district.", ARMY, "reported",
     {"outlet", "armed_group"}),
    ("Police fired tear gas at protesters in the capital on Monday, witnesses said. "
     "Police said officers had been attacked with stones.", POLICE, "reported", {"witness", "security_forces"}),
    # attributed: one source, not a party to the act
    ("Gunmen killed six farmers near the village on Monday, police said.", CIVILIANS, "attributed",
     {"security_forces"}),
    ("A car bomb killed nine people in the city centre on Sunday, according to the health ministry.", CIVILIANS,
     "attributed", {"government"}),
    ("A landmine killed two shepherds near the village on Wednesday, the UN mission said.", CIVILIANS, "attributed",
     {"international_org"}),
    ("Police fired tear gas at protesters in the capital on Monday, witnesses said.", POLICE, "attributed",
     {"witness"}),
    ("A drone strike killed five fighters in the valley, officials said, according to a news agency.", CIVILIANS,
     "attributed", {"unnamed", "media"}),
    ("The attack was first reported by a local radio station, which said six people died.", CIVILIANS,
     "attributed", {"media"}),
    ("Gunmen abducted 30 students from a school on Thursday, the school's principal told reporters.", CIVILIANS,
     "attributed", {"witness"}),
    # claimed: a party claiming its own act or its result
    ("The army said it killed 20 militants in an operation near the border.", ARMY, "claimed", {"security_forces"}),
    ("Islamic State claimed responsibility for the bombing at the checkpoint.", CIVILIANS, "claimed",
     {"armed_group"}),
    ("Police arrested 40 protesters in the capital on Saturday, police said.", POLICE, "claimed",
     {"security_forces"}),
    ("According to the police, 12 suspects were detained in the raid. Police said the suspects were armed.",
     POLICE, "claimed", {"security_forces"}),
    # a party claiming the act itself as its object ("claimed the attack", "claimed control"), not only "responsibility"
    ("On Monday a suicide bomber blew himself up at a road checkpoint, killing nine. "
     "Islamic State later claimed the attack.",
     CIVILIANS, "claimed", {"outlet", "armed_group"}),
    ("Rebels seized the town on Friday. The rebels claimed control of the whole district.", ARMY, "claimed",
     {"outlet", "armed_group"}),
    ("Activists claimed police fired on the crowd on Monday.", POLICE, "attributed", {"witness"}),
    # disputed: a denial, or sides accusing each other
    ("Soldiers shot dead three protesters on Friday, a rights group said. The army denied the account.", POLICE,
     "disputed", {"ngo", "security_forces"}),
    ("Both sides accused each other of shelling the border town on Tuesday.", ARMY, "disputed", {"outlet"}),
    ("Witnesses said jets struck the bridge at dawn. The government denied carrying out any strike.", CIVILIANS,
     "disputed", {"witness", "government"}),
    # unverified: could not be verified, or rests on posts and rumours
    ("Videos circulating on social media show soldiers beating detainees in the square.", POLICE, "unverified",
     set()),
    ("Rebels said they shot down a helicopter near the airport. The claim could not be independently verified.",
     ARMY, "unverified", {"armed_group"}),
    ("Rumours spread that the governor had been killed in the ambush.", CIVILIANS, "unverified", {"outlet"}),
    ("Unverified footage showed smoke rising over the airport after the strike.", CIVILIANS, "unverified", set()),
    # a force telling what men of its own kind did claims its own act, even when the event names no actors
    ("Troops killed 20 militants in the hills, the army said.", (None, None), "claimed", {"security_forces"}),
    ("Security forces shot dead four gunmen at a roadblock, the military's media wing said.", (None, None),
     "claimed", {"security_forces"}),
    ("Gunmen shot dead four traders at a roadblock, the police said.", (None, None), "attributed",
     {"security_forces"}),
    # a side telling of its own act speaks of the event even in words that name no harm
    ("Rebels seized the town on Friday. A rebel spokesman said they took over the airport as well.", ARMY,
     "reported", {"outlet", "armed_group"}),
]


@pytest.mark.parametrize("text, actors, status, holder_kinds", STATUS, ids=[t[:40] for t, *_ in STATUS])
def test_claim_status_and_holders(text, actors, status, holder_kinds):
    event_type = "Battles" if actors is ARMY else "Violence against civilians"
    got = assessed(text, actors, event_type)
    assert got.claim_status == status
    if holder_kinds:
        assert {a.holder_kind for a in got.attribution} == holder_kinds


def test_each_source_has_an_evidence_span_and_the_fields_it_vouches_for():
    text = "Gunmen killed six farmers near the village on Monday, police said."
    got = assessed(text)
    spans = [text[e.start:e.end] for e in got.evidence if e.field == "attribution"]
    assert spans == ["police said"]
    [police] = got.attribution
    assert (police.holder, police.fields) == ("Police Forces of Somalia", ("event",))


def test_the_lede_vouches_for_the_events_of_its_day_not_for_older_ones():
    text = ("Gunmen killed six farmers near the village on Monday, police said. "
            "On Sunday, a bomb killed two traders in the town market.")
    mondays = Mention(article_id="t", event_type="Violence against civilians", sub_event_type="Attack",
                      event_date="2024-03-04", evidence=(Evidence(field="event", start=0, end=65),))
    start = text.index("On Sunday")
    sundays = Mention(article_id="t", event_type="Explosions/Remote violence",
                      sub_event_type="Remote explosive/landmine/IED", event_date="2024-03-03",
                      evidence=(Evidence(field="event", start=start, end=len(text)),))
    first, second = assess.attach([mondays, sundays], assess.analyse(nlp.load()(text), Article(id="t", text=text)))
    assert (first.claim_status, [a.holder_kind for a in first.attribution]) == ("attributed", ["security_forces"])
    assert (second.claim_status, [a.holder_kind for a in second.attribution]) == ("reported", ["outlet"])


def test_extracted_mentions_carry_attribution_and_claim_status():
    art = Article(id="p1", published=date(2024, 5, 8),
                  text="Gunmen killed 12 villagers in Konduga on Tuesday, police said. The attackers fled on foot.")
    [(_, mentions, report)] = list(pipeline.assessed([art]))
    assert mentions and all(m.claim_status == "attributed" for m in mentions)
    assert {a.holder_kind for m in mentions for a in m.attribution} >= {"security_forces"}
    row = mentions[0].to_contract()
    assert row["claim_status"] == "attributed"
    assert {"holder", "holder_kind", "fields"} == set(row["attribution"][0])
    assert any(e["field"] == "attribution" and art.text[e["start"]:e["end"]] == "police said" for e in row["evidence"])
    assert report.article_id == "p1" and report.attributions[0].holder_kind == "security_forces"


# Both sides of a battle each telling its own result set two versions against each other: disputed.
SIDES = [
    ("Militants attacked an army base near the river on Sunday. The army said it killed 13 militants. "
     "The group said it had killed more than 20 soldiers.", "Battles", "disputed"),
    ("Rebels and troops fought for the town on Friday. The rebels said they killed nine soldiers and took the "
     "airport. Military spokesman Ali Hassan said his troops had killed 30 rebels.", "Battles", "disputed"),
    # guards: one side only tells its result (the outlet told the fight); a bombing is not a fight of two versions
    ("Militants attacked an army base near the river on Sunday. The army said it killed 13 militants.",
     "Battles", "reported"),
    ("A car bomb exploded at the gate of an army base on Sunday. The army said its troops shot the driver. "
     "Al Shabaab claimed responsibility for the bombing.", "Explosions/Remote violence", "claimed"),
]


@pytest.mark.parametrize("text, event_type, status", SIDES, ids=[t[:40] for t, *_ in SIDES])
def test_both_sides_of_a_battle_telling_their_own_results_dispute_it(text, event_type, status):
    assert assessed(text, ARMY, event_type).claim_status == status


# "reject", "dismiss", "dispute" deny an account only when what they turn down is one (claims, reports, a toll, a
# clause); turning down an offer, a call or a plan contradicts nobody's report of the event.
DENIALS = [
    ("Gunmen killed six farmers near the village on Monday. The army rejected the claims and said no one died.",
     "disputed"),
    ("Gunmen killed six farmers near the village on Monday. The governor dismissed reports that the attackers were "
     "soldiers.", "disputed"),
    ("Gunmen killed six farmers near the village on Monday. The ministry disputed the toll given by residents.",
     "disputed"),
    ("Gunmen killed six farmers near the village on Monday. The rebels rejected the ceasefire offer on Tuesday.",
     "reported"),
    ("Gunmen killed six farmers near the village on Monday. The minister dismissed calls for an inquiry into "
     "the attack.", "reported"),
    ("Gunmen killed six farmers near the village on Monday. Elders rejected the plan to move the families "
     "after the attack.", "reported"),
]


@pytest.mark.parametrize("text, status", DENIALS, ids=[t[55:95] for t, _ in DENIALS])
def test_turning_down_an_offer_is_no_denial_of_the_event(text, status):
    assert assessed(text).claim_status == status


def _two_events(text: str, second_lead: str):
    """A killing told by a resident, then a second event whose lead is `second_lead`."""
    first_end = text.index(second_lead) - 1
    raid = Mention(article_id="t", event_type="Violence against civilians", sub_event_type="Attack",
                   actor1=CIVILIANS[0], actor2=CIVILIANS[1], country="Somalia",
                   evidence=(Evidence(field="event", start=0, end=first_end),))
    start = text.index(second_lead)
    chase = Mention(article_id="t", event_type="Battles", sub_event_type="Armed clash", country="Somalia",
                    actor1="Police Forces of Somalia", actor2=CIVILIANS[0],
                    evidence=(Evidence(field="event", start=start, end=start + len(second_lead)),))
    return assess.attach([raid, chase], assess.analyse(nlp.load()(text), Article(id="t", text=text)))


# "confirmed the incident" (or "this attack") points back to the event just told, even in a sentence that goes
# on to tell the next event: the police vouch for the raid too, so two kinds of source agree on it.
CONFIRMS_BACK = [
    ("Gunmen killed nine villagers in the hills on Monday, a resident told reporters. Police confirmed the incident "
     "and said officers later shot dead two of the gunmen.", "reported", {"witness", "security_forces"}),
    ("Gunmen killed nine villagers in the hills on Monday, a resident told reporters. The police chief confirmed "
     "this attack and said his officers killed two of the gunmen.", "reported", {"witness", "security_forces"}),
    # "the attack on the convoy" names the next event itself, not the raid told before
    ("Gunmen killed nine villagers in the hills on Monday, a resident told reporters. Police confirmed the attack "
     "on a police convoy near the border, saying officers killed two of the gunmen.", "attributed", {"witness"}),
]


@pytest.mark.parametrize("text, status, holder_kinds", CONFIRMS_BACK, ids=[t[80:120] for t, *_ in CONFIRMS_BACK])
def test_a_source_confirming_the_incident_vouches_for_the_event_before(text, status, holder_kinds):
    second = text[text.index(". ") + 2:]
    first, _ = _two_events(text, second)
    assert first.claim_status == status
    assert {a.holder_kind for a in first.attribution} - {"outlet"} == holder_kinds


# A failed check may carry an adverb on either side of "be", or say it was not possible or not able to verify.
UNVERIFIABLE = [
    "Gunmen killed six farmers near the village on Monday, police said. The agency could not immediately confirm "
    "the toll.",
    "Gunmen killed six farmers near the village on Monday, police said. The toll could not immediately be verified.",
    "Gunmen killed six farmers near the village on Monday, police said. It was not possible to verify the account.",
    "Gunmen killed six farmers near the village on Monday, police said. Reporters were not able to independently "
    "confirm it.",
]


@pytest.mark.parametrize("text", UNVERIFIABLE, ids=[t[66:110] for t in UNVERIFIABLE])
def test_a_check_that_failed_leaves_the_event_unverified(text):
    assert assessed(text).claim_status == "unverified"


# A reporting participle hung on a noun, with its agent, cites the agent: "an attack claimed by the group", "a
# claim rejected by the rebels". An accusation or a threat hung on a noun describes it and cites nobody.
PARTICIPLES = [
    ("A suicide bomber killed nine people at a checkpoint on Monday, in a bombing later claimed by a local "
     "branch of Islamic State.", "claimed", {"armed_group"}),
    ("Gunmen killed six farmers near the village on Monday, police said, a claim rejected by the rebels.",
     "disputed", {"security_forces", "armed_group"}),
    ("Gunmen from a militia accused by rights groups of past abuses killed six farmers on Monday.", "reported",
     {"outlet"}),
]


@pytest.mark.parametrize("text, status, holder_kinds", PARTICIPLES, ids=[t[:50] for t, *_ in PARTICIPLES])
def test_a_reporting_participle_on_a_noun_cites_its_agent(text, status, holder_kinds):
    got = assessed(text)
    assert (got.claim_status, {a.holder_kind for a in got.attribution}) == (status, holder_kinds)


# A side telling of its own act in reply to the event ("its air defences intercepted the rockets") is no party to
# the act coded when that act was done by a side of another kind: the state's forces are not the unknown
# gunmen, nor is a rebel group the army; its word is one source's account. Guards: a party's own act stays a claim.
REPLIES = [
    ("The army said its air defences intercepted three rockets fired at the border town late on Wednesday.",
     CIVILIANS, "Explosions/Remote violence", "attributed"),
    ("Four rockets hit a northern town overnight, and the army said its air defences intercepted two others.",
     CIVILIANS, "Explosions/Remote violence", "attributed"),
    ("The rebels said their fighters shot down a jet that had bombed the market on Tuesday.",
     ("Military Forces of Somalia", "Civilians (Somalia)"), "Explosions/Remote violence", "attributed"),
    # guards: the speaker is the doer of the act coded
    ("The army said it killed 20 militants in an operation near the border.", ARMY, "Battles", "claimed"),
    ("Soldiers shelled the village on Monday, the army said, adding that its gunners hit a rebel depot.",
     ("Military Forces of Somalia", "Civilians (Somalia)"), "Explosions/Remote violence", "claimed"),
]


@pytest.mark.parametrize("text, actors, event_type, status", REPLIES, ids=[t[:40] for t, *_ in REPLIES])
def test_a_side_replying_to_an_act_of_another_kind_does_not_claim_it(text, actors, event_type, status):
    assert assessed(text, actors, event_type).claim_status == status


def _one(text: str, lead: str, event_type: str, actors: tuple[str, str], country: str) -> Mention:
    start = text.index(lead)
    mention = Mention(article_id="t", event_type=event_type, sub_event_type="Armed clash", country=country,
                      actor1=actors[0], actor2=actors[1], evidence=(Evidence(field="event", start=start, end=start + len(lead)),))
    [got] = assess.attach([mention], assess.analyse(nlp.load()(text), Article(id="t", text=text)))
    return got


# State forces as ACLED names them may put "the" before the country and a government's years after it
# ("Military Forces of the Philippines (2016-2022)"): the country's own army reporting the fight is still a side.
# And a lede resting on one source that carries the outlet's later account of the event stands for that account's
# source: when it is a side of the fight, the event is its claim.
PARTIES = [
    ("Five militants were killed in a clash on a southern island on Sunday, the military said.",
     "Five militants were killed", ("Military Forces of the Philippines (2016-2022)", "Abu Sayyaf Group"),
     "Philippines", "claimed"),
    ("Three gunmen died in a clash with troops near the capital on Monday, the army said.", "Three gunmen died",
     ("Military Forces of the Central African Republic (2016-)", "Unidentified Armed Group (Central African Republic)"),
     "Central African Republic", "claimed"),
    ("Al Shabaab fighters overran an army post in the south, the military said. "
     "By Thursday evening the fighters held the post and the nearby market, and their patrols moved along the river.",
     "By Thursday evening the fighters held", ("Al Shabaab", "Military Forces of Somalia (2017-)"), "Somalia", "claimed"),
    # guards: a lede source that is no side of the fight leaves the carried account attributed
    ("Al Shabaab fighters overran an army post in the south, a local elder said. "
     "By Thursday evening the fighters held the post and the nearby market, and their patrols moved along the river.",
     "By Thursday evening the fighters held", ("Al Shabaab", "Military Forces of Somalia (2017-)"), "Somalia", "attributed"),
    ("Five militants were killed in a clash on a southern island on Sunday, the military said.",
     "Five militants were killed", ("Military Forces of Indonesia (2014-)", "Abu Sayyaf Group"), "Philippines",
     "attributed"),
]


@pytest.mark.parametrize("text, lead, actors, country, status", PARTIES, ids=[t[:50] for t, *_ in PARTIES])
def test_a_side_of_the_fight_reporting_it_claims_it(text, lead, actors, country, status):
    assert _one(text, lead, "Battles", actors, country).claim_status == status


# "X said it was a dark day": a dummy "it" with a verdict (a noun predicate or a clause: "it was clear that") is no
# act of X's own, so X is no party to the event and its word no claim. "The group said it was behind the attack"
# still tells the group's own act.
DUMMY_IT = [
    ("The district governor said it was a dark day for the region after troops shelled a village on Monday, "
     "killing four civilians.", ("Military Forces of Somalia", "Civilians (Somalia)"), "attributed"),
    ("A rights group said it was clear that soldiers had shelled the village on Monday, killing four civilians.",
     ("Military Forces of Somalia", "Civilians (Somalia)"), "attributed"),
    # guards
    ("The militia said it was behind the shelling of the village on Monday, which killed four civilians.",
     CIVILIANS, "claimed"),
    ("The army said it shelled militant positions near the village on Monday.",
     ("Military Forces of Somalia", "Civilians (Somalia)"), "claimed"),
]


@pytest.mark.parametrize("text, actors, status", DUMMY_IT, ids=[t[:45] for t, *_ in DUMMY_IT])
def test_a_dummy_it_with_a_verdict_is_no_act_of_the_speaker(text, actors, status):
    assert assessed(text, actors, "Explosions/Remote violence").claim_status == status


def _day_of_two(text: str, second_lead: str, second_type: str) -> Mention:
    """A riot told first, then an event of `second_type` on the same day whose lead is `second_lead`."""
    riot = Mention(article_id="t", event_type="Riots", sub_event_type="Mob violence", event_date="2024-03-02",
                   actor1="Rioters (Somalia)", country="Somalia",
                   evidence=(Evidence(field="event", start=0, end=text.index(second_lead) - 1),))
    start = text.index(second_lead)
    other = Mention(article_id="t", event_type=second_type, sub_event_type="Attack", event_date="2024-03-02",
                    actor1=CIVILIANS[0], actor2=CIVILIANS[1], country="Somalia",
                    evidence=(Evidence(field="event", start=start, end=start + len(second_lead)),))
    return assess.attach([riot, other], assess.analyse(nlp.load()(text), Article(id="t", text=text)))[1]


# The first event's lead sentence tells that event. It speaks for another event of its day only when that one is of
# its kind (it may be the same event told again), not for an event of another kind told with its own source.
FIRST_LEADS = [
    ("Crowds burned shops in the old town on Saturday, officials said. Police said gunmen shot dead two traders "
     "in a nearby village on Saturday night.", "Police said gunmen shot dead two traders", "Violence against civilians",
     "attributed", {"security_forces"}),
    # guard: an event of the same kind keeps the first lead's source
    ("Crowds burned shops in the old town on Saturday, officials said. Police said a second crowd looted the grain "
     "store in a nearby village on Saturday night.", "Police said a second crowd looted the grain store", "Riots",
     "reported", {"unnamed", "security_forces"}),
]


@pytest.mark.parametrize("text, lead, event_type, status, holder_kinds", FIRST_LEADS, ids=[t[66:110] for t, *_ in FIRST_LEADS])
def test_the_first_lead_speaks_for_events_of_its_kind_only(text, lead, event_type, status, holder_kinds):
    got = _day_of_two(text, lead, event_type)
    assert (got.claim_status, {a.holder_kind for a in got.attribution} - {"outlet"}) == (status, holder_kinds)


# A quotation that speaks of the event and runs on into the next sentence is the words of the speaker named at its
# end, even when that last sentence names no harm itself.
QUOTES_RUN_ON = [
    ('Gunmen stormed the market on Monday and killed six traders. "They came from the hills and fired on everyone '
     'in the square. Nobody could stop them," said Ahmed Nur, a shopkeeper.', {"outlet", "witness"}),
    ('Gunmen stormed the market on Monday and killed six traders. "They came from the hills and fired on everyone '
     'in the square. The town has never seen anything like this," the district commissioner said.', {"outlet", "government"}),
    # guard: a quotation that ends in its own sentence leaves the next speaker, on another matter, out
    ('Gunmen stormed the market on Monday and killed six traders. "They fired on everyone in the square." '
     'The new school will open next year, the mayor said.', {"outlet"}),
]


@pytest.mark.parametrize("text, holder_kinds", QUOTES_RUN_ON, ids=[t[60:110] for t, _ in QUOTES_RUN_ON])
def test_a_quotation_running_on_is_its_speakers(text, holder_kinds):
    assert {a.holder_kind for a in assessed(text).attribution} == holder_kinds


def test_the_names_of_the_sides_a_source_speaks_for_are_data(monkeypatch):
    """Which ACLED actors are a UN force comes from data/assess_sources.toml [parties], not from the code: a
    mission the data does not know is no party to its own act until the data names it."""
    import dataclasses

    from eventwire.assess import lexicon, status

    text = "Peacekeepers shot dead two gunmen who attacked their base on Friday, the UN mission said."
    mission = ("Stabilisation Mission in Ruritania", "Unidentified Armed Group (Somalia)")
    assert assessed(text, mission, "Battles").claim_status == "attributed"
    known = dataclasses.replace(lexicon.load(), un_actor=(*lexicon.load().un_actor, "Stabilisation Mission"))
    monkeypatch.setattr(status, "load", lambda: known)
    assert assessed(text, mission, "Battles").claim_status == "claimed"


def _main_and_other(text: str, main_lead: str, main_place: tuple, lead: str, event_type: str, place: tuple) -> Mention:
    """The article's main event (first told) and another event of its day, each with its place (location, admin1)."""
    def mention(sentence, kind, where):
        start = text.index(sentence)
        return Mention(article_id="t", event_type=kind, sub_event_type="Attack", event_date="2024-03-04",
                       location=where[0], admin1=where[1], country="Somalia", actor1=CIVILIANS[0], actor2=CIVILIANS[1],
                       evidence=(Evidence(field="event", start=start, end=start + len(sentence)),))
    main = mention(main_lead, "Violence against civilians", main_place)
    other = mention(lead, event_type, place)
    return assess.attach([main, other], assess.analyse(nlp.load()(text), Article(id="t", text=text)))[1]


# The headline and lede tell the main event (and its retellings): another event of the same day in another place is
# told by its own sentences, not by the lede's source. A lede setting versions against each other still covers it.
ELSEWHERE = [
    ("Gunmen kill five in Alpha, police say\n\nGunmen killed five farmers in Alpha on Monday. In the town of Beta, "
     "hundreds of students marched against fuel prices on Monday.", "Gunmen killed five farmers in Alpha on Monday.",
     ("Alpha", "Northern"), "hundreds of students marched against fuel prices on Monday.", "Protests", ("Beta", "Eastern"),
     "reported", {"outlet"}),
    ("Army and rebels accuse each other over shelling\n\nShells hit the market in Alpha on Monday. In Beta, a mortar "
     "round struck a school on Monday.", "Shells hit the market in Alpha on Monday.", ("Alpha", "Northern"),
     "a mortar round struck a school on Monday.", "Explosions/Remote violence", ("Beta", "Eastern"),
     "disputed", {"outlet"}),
    # a lede relaying another outlet's report makes the article a retelling of it, for every event of its day
    ("Five people died in attacks across the north on Monday, the state news agency reported.\n\nGunmen killed "
     "three farmers in Alpha. In the town of Beta, a bomb killed two traders.", "Gunmen killed three farmers in Alpha.",
     ("Alpha", "Northern"), "a bomb killed two traders.", "Explosions/Remote violence", ("Beta", "Eastern"),
     "reported", {"outlet", "media"}),
    # guards: the same event told again in its own place, or under the name of its province, keeps the lede's source
    ("Gunmen kill five in Alpha, police say\n\nGunmen killed five farmers in Alpha on Monday. The attackers shot "
     "the farmers in their fields before fleeing on Monday.", "Gunmen killed five farmers in Alpha on Monday.",
     ("Alpha", "Northern"), "The attackers shot the farmers in their fields before fleeing on Monday.",
     "Violence against civilians", ("Alpha", "Northern"), "attributed", {"outlet", "security_forces"}),
    ("Gunmen kill five in Alpha, police say\n\nGunmen killed five farmers in Alpha on Monday. The attackers shot "
     "the farmers in their fields before fleeing on Monday.", "Gunmen killed five farmers in Alpha on Monday.",
     ("Alpha", "Northern"), "The attackers shot the farmers in their fields before fleeing on Monday.",
     "Violence against civilians", ("Northern", None), "attributed", {"outlet", "security_forces"}),
]


@pytest.mark.parametrize("text, main_lead, main_place, lead, event_type, place, status, holder_kinds", ELSEWHERE,
                         ids=[f"{t[:30]}-{p[0]}" for t, _, _, _, _, p, *_ in ELSEWHERE])
def test_the_lede_speaks_for_its_main_event_not_for_one_elsewhere(text, main_lead, main_place, lead, event_type, place,
                                                                 status, holder_kinds):
    got = _main_and_other(text, main_lead, main_place, lead, event_type, place)
    assert (got.claim_status, {a.holder_kind for a in got.attribution}) == (status, holder_kinds)


# A sentence telling what someone urged or demanded ("activists called on the governor to resign") is the outlet
# stating that they did: an exhortation cites nobody for the event, and leaves the sentence in the outlet's voice.
ASKING = [
    ("Hundreds of activists called on the governor to resign at a rally in the capital on Monday.", POLICE,
     "reported", {"outlet"}),
    ("Teachers marched through the city centre on Tuesday and urged parliament to raise their pay.", POLICE,
     "reported", {"outlet"}),
]


@pytest.mark.parametrize("text, actors, status, holder_kinds", ASKING, ids=[t[:40] for t, *_ in ASKING])
def test_an_exhortation_leaves_the_event_in_the_outlets_voice(text, actors, status, holder_kinds):
    got = assessed(text, actors, "Protests")
    assert (got.claim_status, {a.holder_kind for a in got.attribution}) == (status, holder_kinds)


# A speaker who only passes a verdict on the event ("the minister said the raids were counter-productive") comments
# on it and vouches for none of its facts. Guard: "said the attack was a suicide bombing" tells what happened.
VERDICTS = [
    ("Drones struck a compound in the valley on Monday, killing six men. The foreign ministry said the strikes were "
     "illegal and unacceptable.", {"outlet"}),
    ("Drones struck a compound in the valley on Monday, killing six men. Police said the strike was a planned "
     "operation against a rebel cell.", {"outlet", "security_forces"}),
]


@pytest.mark.parametrize("text, holder_kinds", VERDICTS, ids=[t[68:110] for t, _ in VERDICTS])
def test_a_verdict_on_the_event_is_no_source_for_it(text, holder_kinds):
    got = assessed(text, CIVILIANS, "Explosions/Remote violence")
    assert {a.holder_kind for a in got.attribution} == holder_kinds


# The outlet tells an event in its own voice in its lead, its lede, or the sentences right after the lead (a news
# paragraph); its own sentences further down recall background ("attacks on farmers are common in the region").
TOLD_ON = [
    ("Gunmen killed six farmers near the village on Monday, police said. Police said two suspects were held. "
     "A police spokesman said patrols were stepped up. The police chief said the roads were open again. "
     "Attacks on farmers have been common in the region for years.", {"security_forces"}),
    # guard: the outlet's own sentence right after the lead tells the event
    ("Gunmen killed six farmers near the village on Monday, police said. The attackers fled on motorbikes.",
     {"outlet", "security_forces"}),
]


@pytest.mark.parametrize("text, holder_kinds", TOLD_ON, ids=[t[68:110] for t, _ in TOLD_ON])
def test_the_outlets_own_sentences_tell_the_event_near_its_lead(text, holder_kinds):
    assert {a.holder_kind for a in assessed(text).attribution} == holder_kinds
