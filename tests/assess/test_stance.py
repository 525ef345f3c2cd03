"""Opinion by its grammar (assess/stance.py): orders, "we"/"you" with a modal, verdicts after a linking verb,
lessons drawn from the event itself, hedged forecasts. Every sentence is our own, written for these tests;
each follows a plain report so that the article has a fact before its comment."""
from __future__ import annotations

import pytest

from eventwire import assess, nlp
from eventwire.records import Article

pytestmark = pytest.mark.issue(11)

LEAD = "Gunmen attacked a farming village in the north on Monday.\n\n"


def opinion_of(sentence: str) -> bool:
    text = LEAD + sentence
    report = assess.analyse(nlp.load()(text), Article(id="t", text=text)).report
    return any(sentence in text[a:b] for a, b in report.opinion)


GRAMMAR = [
    # an order in the writer's voice: a bare verb first, no subject, a full stop or an exclamation mark
    ("Stop pretending that the militia is a partner for peace.", True),
    ("Do not expect the raids on the farms to stop any time soon.", True),
    ("Remember the names of the farmers who died on that road!", True),
    # "we" and "you" with a modal: the writer's stance, or a call on the reader
    ("You cannot bomb your way to a lasting peace in the hills.", True),
    ("We can no longer pretend that the valley is safe for its farmers.", True),
    ("We may never learn who gave the order to open fire.", True),
    # a judging adjective after a linking verb
    ("These deaths were entirely preventable.", True),
    ("The government's silence is deafening.", True),
    ("Justice for the families of the victims is long overdue.", True),
    ("The army's claims of restraint ring hollow.", True),
    ("The response of the capital has been utterly inexcusable.", True),
    # the event itself, or "this", showing what the writer concludes
    ("The latest killings suggest that the truce was never more than a pause.", True),
    ("This shows how little the capital cares about its border villages.", True),
    ("The attack underlines how fragile the peace in the valley has become.", True),
    # a modal with a stance adverb: a forecast of the writer's own
    ("The fighting could well spread to the neighbouring districts before the harvest.", True),
    ("The militia may yet regroup in the forests to the south.", True),
    # a modal before a verb of speaking or condemning: the writer says what someone ought to say, nobody spoke
    ("The United Nations must condemn the massacre in the strongest terms.", True),
    ("The army must explain why its soldiers fired on the crowd.", True),
    ("The government should call for calm and punish the killers.", True),
    # plain reporting in the same grammar is not opinion
    ("The United Nations condemned the massacre in the strongest terms.", False),
    ("Police can confirm that two men were arrested near the market.", False),
    ("Residents fled to the district town, where the army set up a camp.", False),
    ("Read more about the conflict in the north.", False),
    ("Sign up for our daily newsletter", False),
    ("Click here to subscribe to breaking news alerts.", False),
    ("You may also like these stories from the region.", False),
    ("Increase in attacks on farmers across the north", False),
    ("We will bring you more details as the story develops.", False),
    ("Will you vote in the regional election next month?", False),
    ("The night was cold and the roads were empty.", False),
    ("The attack marks the deadliest raid in the region this year.", False),
    ("The video shows a crowd gathering outside the clinic.", False),
    ("The report shows that forty people died in the raids.", False),
    ("The army could deploy more troops to the district, officials said.", False),
    ("The curfew could be lifted on Friday.", False),
    ("The vote was unanimous.", False),
    # someone else's verdict or order is theirs
    ("“Stop the killing now,” the bishop told mourners.", False),
    ("The governor said the deaths were preventable.", False),
    ("Analysts said the killings suggest that the truce is over.", False),
]


@pytest.mark.parametrize("sentence, expected", GRAMMAR, ids=[s[:40] for s, _ in GRAMMAR])
def test_opinion_by_grammar(sentence, expected):
    assert opinion_of(sentence) is expected
