"""Opinion read from the grammar of a sentence, not from its stock phrases (those are in language.py).

News reports in the third person and the past tense. A sentence in the outlet's own voice that instead
- gives an order ("Stop pretending the militia wants peace."): an imperative, its verb first and bare,
  with no subject;
- speaks as "we" or to "you" with a modal ("We cannot look away", "You cannot bomb your way to peace"):
  the writer's own stance, or an appeal to the reader;
- passes a verdict with a copula ("These deaths were preventable", "The silence is deafening", "This is a
  travesty"): a judging adjective or a noun of verdict as the predicate of "be", "seem", "remain", "look",
  "ring", "prove" or "become";
- owns a feeling as "we" ("We are deeply troubled by the raids"): an NGO's or an editorial's own stance;
- draws a lesson from the event itself ("The killings show that the army has lost control"): an event or
  "this" as the subject of a verb of showing;
- hedges a forecast with a stance adverb after a modal ("The group may yet regroup", "could well spread"),
is exhorting, addressing, judging or predicting: opinion, however plain its words. Page furniture
("Read more", "Click here to subscribe", "You may also like") is an imperative too, and is left out by
its verbs (data/assess_language.toml, [opinion.grammar]).
"""
from __future__ import annotations

from .holders import mute
from .lexicon import Lexicon
from .voice import Index, Unit

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# Modals of obligation and possibility; "will" is left out, since an outlet's "we will bring you the details"
# promises a service, and "need" too, which a page's "you need to log in" uses.
_MODALS = frozenset({"must", "should", "cannot", "can", "ca", "could", "ought", "may", "might"})
_READER = frozenset({"we", "you"})


def opinion(doc, unit: Unit, index: Index, lex: Lexicon) -> str | None:
    """Why the unit is opinion by its grammar (exhort, address, judge, predict), or None."""
    span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
    if span is None:
        return None
    toks = [t for t in span if not index.quoted(t.idx)]
    words = [t for t in toks if not (t.is_punct or t.is_space)]
    if len(words) < lex.grammar_min_words:
        return None  # a caption, a menu item or a kicker
    if _imperative(words, toks[-1].text, lex):
        return "exhort"
    if _addresses(words, lex):
        return "address"
    if _feels(words, lex):
        return "address"
    if _judges(words, lex):
        return "judge"
    if _infers(words, lex):
        return "judge"
    if _hedged_forecast(words, lex):
        return "predict"
    return None


def _imperative(words, last: str, lex: Lexicon) -> bool:
    """The sentence opens with a bare verb (or "Do not" / "Don't" and one) that heads it and has no subject."""
    first = words[0]
    verb = first
    if first.lower_ == "do" and len(words) > 2 and words[1].lower_ in ("not", "n't"):
        verb = words[2]
    if verb.tag_ != "VB" or verb.lemma_.lower() in lex.page_verbs:
        return False
    if verb.dep_ != "ROOT" and not (verb is not first and verb.head is first):
        return False
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return False
    # Running text ends an order with a full stop or an exclamation mark; a headline, a menu item or a
    # link ("Increase in attacks", "Create an account") ends with neither and is seldom an order.
    return last[-1:] in (".", "!")


def _addresses(words, lex: Lexicon) -> bool:
    """"we" or "you" as the subject of a modal verb: the writer's stance, or a call on the reader."""
    if any(t.text.endswith("?") for t in words[-2:]):
        return False  # a question to the reader asks, it does not tell
    for t in words:
        if t.lower_ in _READER and t.dep_ in ("nsubj", "nsubjpass"):
            verb = t.head
            if verb.lemma_.lower() in lex.page_verbs:
                continue
            if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children) or verb.lower_ in _MODALS:
                return True
    return False


def _judges(words, lex: Lexicon) -> bool:
    """A judging adjective as the predicate of a linking verb: "the raids were preventable"."""
    for t in words:
        if t.lower_ not in lex.judging and t.lemma_.lower() not in lex.judging:
            continue
        if t.dep_ in ("acomp", "attr", "oprd") and t.head.lemma_.lower() in lex.linking:
            return True
        # the parser sometimes heads the clause with the adjective itself ("the silence is deafening")
        if t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children):
            return True
    # a noun of verdict: "this is a travesty", "the verdict was a mockery of justice"
    for t in words:
        if t.lemma_.lower() in lex.verdicts and t.dep_ == "attr" and t.head.lemma_.lower() in lex.linking:
            return True
    return False


def _feels(words, lex: Lexicon) -> bool:
    """"we" with a feeling as the predicate of a linking verb: "We are deeply troubled by the raids"."""
    for t in words:
        if t.lower_ == "we" and t.dep_ in ("nsubj", "nsubjpass"):
            verb = t.head
            if verb.lower_ in lex.feelings and verb.tag_ == "VBN":
                return True  # "we are alarmed" parsed as a passive
            if verb.lemma_.lower() in lex.linking and any(
                    c.dep_ in ("acomp", "oprd") and c.lower_ in lex.feelings for c in verb.children):
                return True
    return False


def _infers(words, lex: Lexicon) -> bool:
    """An event or "this" as the subject of a verb of showing: "the killings show that the army cannot protect
    the villages", "this underlines how fragile the truce is". Nobody speaks; the writer draws the lesson."""
    for t in words:
        if t.dep_ == "nsubj" and mute(t, lex):
            verb = t.head
            # the lesson is a clause ("that ...", "how ..."); "the video shows a crowd" shows a thing
            if verb.lemma_.lower() in lex.inference_verbs and verb.dep_ != "relcl" and any(c.dep_ == "ccomp" for c in verb.children):
                return True
    return False


def _hedged_forecast(words, lex: Lexicon) -> bool:
    """A modal and a stance adverb before a verb: "may yet", "could well", "might never"."""
    for a, b in zip(words, words[1:]):
        if a.lower_ in ("may", "might", "could") and b.lower_ in lex.forecast_adverbs and b.dep_ in ("advmod", "neg"):
            return True
    return False
