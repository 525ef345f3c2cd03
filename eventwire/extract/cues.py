"""Finding cues in text: lexicon words (data/cues.toml) plus who the victims are, read from the parse."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import figures_in
from .lexicon import Lexicon

# Verbs whose object (or passive subject) is the victim; for "die" the subject is.
HARM_VERBS = frozenset({
    "kill", "injure", "wound", "shoot", "attack", "abduct", "kidnap", "murder", "execute", "behead", "beat",
    "stab", "target", "hit", "torture", "rape", "ambush", "assault", "hack", "lynch", "slay", "massacre",
    "hurt", "harm", "maim", "strike",
})
INTRANSITIVE_HARM = frozenset({"die", "perish"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})
# "an attack against government forces", "opened fire on a patrol", "fired at a checkpoint": the target is the
# object of a preposition after a harm word. "At" names a target only after shooting ("killed a man at a
# checkpoint" says where).
HARM_NOUNS = frozenset({"attack", "assault", "raid", "ambush", "fire", "shooting", "offensive", "incursion"})
MAX_LOOSE_SUBJECT = 8  # words: a victim's noun phrase, not a clause
TARGET_PREPS = frozenset({"on", "upon", "against", "towards", "toward"})
SHOOTING = frozenset({"fire", "shoot", "shooting", "open"})
# A victim named by kinship (a lemma) is a civilian, whoever the "of" phrase names.
KIN = re.compile(r"child|children|son|daughter|wife|husband|family|relative|brother|sister|father|mother|parent|baby|kid")
# ACLED codes off-duty and retired security personnel as civilians.
OFF_DUTY = re.compile(r"\b(?:off[- ]duty|retired|former)\b", re.I)
ASIDE_OFF_DUTY = re.compile(r"\s*\((?:\w+\s+){0,2}?(?:off[- ]duty|retired)\b", re.I)
CIVILIAN_WORD = re.compile(r"\bcivilians?\b", re.I)
# "gunmen armed with heavy weapons and grenades opened fire": the attackers' gear, not how they attacked.
GEAR = re.compile(r"\b(?:armed|equipped)\s+with\s+(?:[\w-]+,?\s+){0,4}$", re.I)
GEAR_CUES = frozenset({"shelling", "grenade"})
# Where the words a casualty figure counts end: a clause break or the casualty word ("4 IS militants | were").
FIGURE_PHRASE_END = re.compile(r"[,.;]|\b(?:was|were|killed|died|dead|injured|wounded)\b")
# "after six weeks of fighting", "ending months of protests": a campaign told by its length is the story's
# background, not an act of one day (ACLED codes days; "two days of clashes" still tells of them).
CAMPAIGN = re.compile(r"\b(?:weeks|months|years|decades|a\s+(?:month|year|decade))\s+of\s+(?:[a-z]+\s+){0,2}$", re.I)
# "Hours after the shelling, dozens staged a protest": a definite act named after "after"/"following" is one told
# before; the sentence reports what came next.
AFTERMATH = re.compile(r"\b(?:after|following)\s+(?:the|this|that|these|those)\s+$", re.I)
FORMER_GROUP = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:group|movement|organi[sz]ation|front|party|rebellion|"
                          r"insurgency)\b", re.I)


@dataclass(slots=True)
class CueSet:
    """Cues found in some sentences, each with the char spans where it was seen (for evidence)."""

    hits: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    victims: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, start, end), kind armed|civilian

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.hits)

    def add(self, name: str, start: int, end: int) -> None:
        self.hits.setdefault(name, []).append((start, end))

    def update(self, other: "CueSet") -> None:
        for name, spans in other.hits.items():
            self.hits.setdefault(name, []).extend(spans)
        self.victims.extend(other.victims)

    def first(self, name: str) -> tuple[int, int] | None:
        spans = self.hits.get(name)
        return min(spans) if spans else None


def find(text: str, start: int, end: int, lexicon: Lexicon) -> CueSet:
    """Lexicon cues in text[start:end], offsets relative to the whole text: for each cue in lexicon order,
    what its pattern's finditer finds in the slice (the slice's ends are its ends), but for weapon words
    that name the attackers' gear, a campaign told by its length, and an act told before ("after the
    shelling") when the sentence reports another."""
    found, before = CueSet(), CueSet()
    chunk = text[start:end]
    for name, matches in _scanner(lexicon).finditer(chunk):
        for m in matches:
            if name in GEAR_CUES and GEAR.search(chunk[max(0, m.start() - 50):m.start()]):
                continue
            if CAMPAIGN.search(chunk[max(0, m.start() - 40):m.start()]):
                continue
            into = before if AFTERMATH.search(chunk[max(0, m.start() - 30):m.start()]) else found
            into.add(name, start + m.start(), start + m.end())
    if not found.names & lexicon.roles.event:
        found.update(before)  # "youths blocked roads in anger following the killing": the act told is the news
    return found


class Scanner:
    """The lexicon's cues, each matched as its own pattern matches, at less cost: a sentence holds a few of
    the dozens of cues, and a case-insensitive scan for each costs about as much whether it finds one or not.

    One scan of the sentence finds which cues can match there (triage.Literals: every match of a cue holds
    one of a few literal strings, "kill" or " dead"); only those are scanned, with their patterns matched on
    the lower-cased text without re.IGNORECASE (as triage.Cues does: the cue patterns hold no upper case).
    Text whose lower case does not tell (a dotted capital I, a dotless i) is scanned with the patterns
    themselves; so is every cue whose pattern is not a lower-case pattern of lexicon._alt."""

    def __init__(self, lexicon: Lexicon) -> None:
        from ..scale.triage import Literals, by_first_char, cue_ends, lower_body

        head, tail = cue_ends()
        self.cues = lexicon.cues
        bodies = {name: lower_body(pattern) for name, pattern in lexicon.cues.items()}
        self.lower = {name: None if body is None else re.compile(by_first_char(head, [body], tail))
                      for name, body in bodies.items()}
        self.literals = Literals(bodies.values())

    def finditer(self, text: str):
        """(cue name, its matches in `text`) for each cue that can match there, in lexicon order."""
        possible = self.literals.possible(text)
        if possible is None:
            return [(name, pattern.finditer(text)) for name, pattern in self.cues.items()]
        folded = text.lower()
        return [(name, self.cues[name].finditer(text) if lower is None else lower.finditer(folded))
                for (name, lower), ok in zip(self.lower.items(), possible) if ok]


_scanners: dict[int, tuple[Lexicon, Scanner]] = {}


def _scanner(lexicon: Lexicon) -> Scanner:
    """The Scanner of `lexicon`, built once (the lexicon is kept with it, so its id stays its own)."""
    got = _scanners.get(id(lexicon))
    if got is None or got[0] is not lexicon:
        got = _scanners[id(lexicon)] = (lexicon, Scanner(lexicon))
    return got[1]


def victims(sent, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """(armed|civilian, start, end) for each harmed party the parse of one sentence names."""
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in HARM_VERBS:
            heads = [c for c in tok.children if c.dep_ in PATIENT_DEPS]
        elif lemma in INTRANSITIVE_HARM:
            heads = [c for c in tok.children if c.dep_ == "nsubj"]
        else:
            heads = []
        found = _parties(heads, sent, lexicon)
        if lemma in HARM_VERBS and not heads:
            found = _unattached_subject(tok, sent, lexicon)
        opens_fire = lemma == "open" and any(c.lower_ == "fire" for c in tok.children)
        # The target follows the act ("fired on a patrol"); "On 6 May, gunmen attacked ..." is a date. With
        # a victim named outright, a place after it is where it happened: "shot three farmers at a checkpoint".
        if (lemma in HARM_NOUNS or lemma in HARM_VERBS or opens_fire) and not found:
            preps = TARGET_PREPS | {"at"} if lemma in SHOOTING else TARGET_PREPS
            found = _parties([g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i
                              for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")],
                             sent, lexicon)
        out += found
    return out or _counted(sent, lexicon)


def _unattached_subject(verb, sent, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """The victim of a passive harm verb the parser left without a subject: after a long fronted phrase
    ("On 2 May, on the road to X, Y, a police officer was attacked") it hangs the noun on the phrase before.
    The words between the last comma and the auxiliary name the victim."""
    aux = next((c for c in verb.children if c.dep_ == "auxpass" and c.i < verb.i), None)
    if aux is None:
        return []
    comma = next((t.i for t in reversed(sent.doc[sent.start:aux.i]) if t.text in (",", ";", ":")), None)
    if comma is None or not 1 <= aux.i - comma - 1 <= MAX_LOOSE_SUBJECT:
        return []
    words = sent.doc[comma + 1:aux.i]
    kind = _victim_kind(words.text, lexicon)
    return [(kind, words.start_char, words.end_char)] if kind is not None else []


def _counted(sent, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """The people a casualty figure counts ("4 IS militants were killed"), for a sentence whose parse names no
    victim (there "IS" was read as a verb): who died or was hurt is the same evidence."""
    out = []
    text = sent.text
    for f in figures_in(text, 0, len(text), text):
        if f.category not in ("killed", "wounded") or f.definite:
            continue
        phrase = text[f.start:f.end + 40]
        cut = FIGURE_PHRASE_END.search(phrase, f.end - f.start)
        phrase = phrase[:cut.start()] if cut else phrase
        kind = _victim_kind(phrase, lexicon)
        if kind is not None:
            out.append((kind, sent.start_char + f.start, sent.start_char + f.start + len(phrase.rstrip())))
    return out


def _victim_kind(phrase: str, lexicon: Lexicon, *, civilian: bool = False, named: bool = False) -> str | None:
    """armed or civilian, as the words naming a victim say (None: they do not). `civilian`: other signs say
    so already; `named`: a proper noun names the victim, a civilian unless the words say armed."""
    if civilian or _off_duty(phrase) or CIVILIAN_WORD.search(phrase):
        return "civilian"
    if lexicon.cues["armed"].search(phrase) or lexicon.cues["armed_target"].search(phrase):
        return "armed"
    if named or lexicon.cues["civilian"].search(phrase):
        return "civilian"
    return None


def _off_duty(phrase: str) -> bool:
    """"a retired colonel", "the house of an off duty officer": civilians (ACLED); but "members of a former
    guerrilla group" are fighters: "former" there qualifies the group."""
    m = OFF_DUTY.search(phrase)
    return m is not None and not FORMER_GROUP.match(phrase, m.end())


def _parties(heads: list, sent, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """(armed|civilian, start, end) of the harmed parties `heads` (and their conjuncts) name."""
    out = []
    heads = heads + [cc for h in heads for cc in h.conjuncts]
    for h in heads:
        # The noun with its modifiers, and an "of" phrase ("members of the security forces"), but not
        # appositions or relative clauses, which describe rather than name the victim.
        last = next((c.right_edge for c in h.children if c.dep_ == "prep" and c.lower_ == "of"), h)
        left, end = h.left_edge.idx, last.idx + len(last.text)
        # The span's own text, not a slice of doc.text: spaCy rebuilds doc.text from every token on
        # each access, which per sentence made extraction quadratic in the article's length.
        phrase = sent.doc[h.left_edge.i:last.i + 1].text
        # "a soldier (off-duty)", "a civilian school guard": the words say he was not on duty as a fighter.
        aside = sent.doc[last.i + 1:min(last.i + 6, sent.end)].text
        # "the children of a militiaman" are children, whoever their father is.
        plainly = bool(ASIDE_OFF_DUTY.match(aside) or KIN.fullmatch(h.lemma_.lower()))
        kind = _victim_kind(phrase, lexicon, civilian=plainly, named=h.pos_ == "PROPN")
        if kind is not None:
            out.append((kind, left, end))
    return out


# Acts a crowd does together: a plural or coordinated subject of one of these ("shopkeepers clashed with
# police", "members of two parties fought", "villagers marched ...") is a crowd, whatever its noun.
CROWD_VERBS = frozenset({
    "clash", "fight", "brawl", "riot", "storm", "loot", "pelt", "stone", "torch", "vandalize", "vandalise", "lynch",
    "protest", "demonstrate", "march", "gather", "rally", "block", "barricade",
})
CROWD_NOUNS = frozenset({"clash", "fight", "brawl", "fighting", "scuffle", "skirmish", "confrontation"})
# Harm that people do to people: a person-like subject (or "by" agent) of one of these, with a person-like
# victim for the verbs that games and markets use too ("beat", "attack"), is someone harming someone.
AGENT_VERBS = frozenset({
    "kill", "murder", "assault", "stab", "shoot", "injure", "wound", "torch", "abduct", "kidnap", "lynch", "torture",
    "rape", "hack", "behead", "execute", "loot", "ambush", "burn", "beat", "attack", "raid", "storm", "detain",
})
NEEDS_VICTIM = frozenset({"beat", "attack", "raid", "storm", "burn", "shoot"})


def agents(sent, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """(crowd_agent|human_agent, start, end) for each group doing a crowd's act, and each person-like doer of
    harm to people, that the parse of one sentence names."""
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in CROWD_NOUNS:  # "a clash between police and traders"
            out += [("crowd_agent", *_phrase(g)) for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                    for g in c.children if g.dep_ == "pobj" and _group(g, lexicon)]
        if tok.pos_ != "VERB":
            continue
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        subjects += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        first = tok
        while not subjects and first.dep_ == "conj" and first.head is not first:
            # "villagers beat and killed a woman", "... captured a thief, beat him and burned him to death":
            # the first verb's subject
            first = first.head
            subjects = [c for c in first.children if c.dep_ == "nsubj"]
        if lemma in CROWD_VERBS:
            out += [("crowd_agent", *_phrase(h)) for h in subjects if _group(h, lexicon)]
        if lemma in AGENT_VERBS:
            victims = [c for v in (tok, *tok.conjuncts) for c in v.children if c.dep_ in PATIENT_DEPS]
            to_death = any(c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in tok.children)
            if lemma in NEEDS_VICTIM and not to_death and not any(_person_like(v, lexicon, common=True) for v in victims):
                continue
            doers = [h for h in subjects if _person_like(h, lexicon)]
            out += [("human_agent", *_phrase(h)) for h in doers]
            out += [("civilian_agent", *_phrase(h)) for h in doers if _civilian_crowd(h, lexicon)]
    return out


DEATH_VERBS = frozenset({"kill", "die", "claim", "drown", "crush", "bury"})
DEATH_NOUNS = frozenset({"death", "toll", "dead", "fatality", "casualty"})
CAUSE_PREPS = frozenset({"in", "during", "from", "by", "of", "after"})


def accidental(sent, lexicon: Lexicon) -> bool:
    """The parse of one sentence gives its deaths a natural or accidental cause: a flood, a crash, a collapse
    as the killer ("landslides have killed 150", "killed by lightning"), the setting ("died in a fire", "the
    death toll from the floods"), or the clause around the deaths ("killed when a bridge collapsed", "the train
    derailed, killing 78")."""
    nature = lexicon.cues["natural_cause"]

    def natural(tok) -> bool:
        # the word itself, what it is a part of ("a section of the bridge"), or the word in apposition to it (a
        # dateline parsed as the subject: "CHITTAGONG, June 14 - Landslides have killed")
        return bool(nature.fullmatch(tok.text)) or any(
            c.dep_ == "appos" and nature.fullmatch(c.text)
            or c.dep_ == "prep" and c.lower_ == "of" and any(nature.fullmatch(g.text) for g in c.children)
            for c in tok.children)

    def cause_in(tok) -> bool:
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        objects = [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in CAUSE_PREPS
                   for g in c.children if g.dep_ == "pobj"]
        return any(natural(t) for t in subjects + objects)

    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in DEATH_VERBS and tok.pos_ in ("VERB", "AUX") or lemma in DEATH_NOUNS and tok.pos_ == "NOUN":
            if cause_in(tok):
                return True
            clauses = [c for c in tok.children if c.dep_ in ("advcl", "ccomp")]  # "killed when the roof fell"
            if tok.dep_ in ("advcl", "xcomp", "conj", "dep") and tok.head is not tok:
                clauses.append(tok.head)  # "the train derailed, killing 78"
            if any(cause_in(c) for c in clauses):
                return True
    return False


def _civilian_crowd(tok, lexicon: Lexicon) -> bool:
    """People who are no armed organisation ("villagers", "a mob", "settlers", "four men"): harm they do is
    mob violence, not an armed group's attack."""
    a, b = _phrase(tok)
    phrase = tok.doc.text[a:b]
    # The tagger takes a capitalised people word for a name ("Israeli Settlers" as an ORG): the word decides.
    named = tok.ent_type_ in ("ORG", "PERSON") and not lexicon.cues["civilian"].fullmatch(tok.text)
    if lexicon.cues["armed"].search(phrase) or lexicon.cues["armed_org"].search(phrase) or named:
        return False
    return bool(lexicon.cues["civilian"].search(phrase) or lexicon.cues["crowd"].search(phrase)
                or lexicon.cues["mob"].search(phrase) or tok.lemma_.lower() in ("kin", "relative"))


PERSON_PLURAL = re.compile(r"(?:er|or|ist|ian|ant|ent|ee|man|men|ite|ive)s?$|people$", re.IGNORECASE)


def _group(tok, lexicon: Lexicon) -> bool:
    """A group of people: a plural of a people word ("shopkeepers", "Palestinians", "members"), a nationality,
    or several named parties ("the PCJSS and the ALP"), but not two named individuals (players in a game)."""
    if _person_like(tok, lexicon, common=True):
        return True
    if tok.tag_ in ("NNS", "NNPS"):
        return bool(PERSON_PLURAL.search(tok.text)) and not lexicon.cues["natural_cause"].search(tok.text)
    conj = [c for c in tok.conjuncts]
    return bool(conj) and any(t.ent_type_ in ("ORG", "NORP") for t in (tok, *conj))


def _phrase(tok) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def _person_like(tok, lexicon: Lexicon, *, common: bool = False) -> bool:
    """A noun phrase naming people: a word of the civilian or armed vocabulary, a group, a nationality; with
    `common`, not a name alone (a boxer beats a boxer; villagers beat a thief)."""
    a, b = _phrase(tok)
    phrase = tok.doc.text[a:b]
    if lexicon.cues["natural_cause"].search(phrase):
        return False
    if lexicon.cues["civilian"].search(phrase) or lexicon.cues["armed"].search(phrase) or tok.ent_type_ == "NORP":
        return True
    return not common and (tok.ent_type_ in ("PERSON", "ORG") or tok.tag_ == "NNS")


def derive(cues: CueSet) -> frozenset[str]:
    """Cue names plus those derived from victims: armed_victim, civilian_victim, civilian_only, civilian_lead
    (civilians are the first victims named); and forces_harm,
    police or soldiers beside a death or a civilian victim (a raid that hurts nobody is policing, not violence)."""
    names = set(cues.hits)
    kinds = {k for k, _, _ in cues.victims}
    if "armed" in kinds:
        names.add("armed_victim")
    if "civilian" in kinds:
        names.add("civilian_victim")
        if "armed" not in kinds:
            names.add("civilian_only")
        if min(cues.victims, key=lambda v: v[1])[0] == "civilian":
            # News names the main victims first ("killed 40 people ... a guard was also killed"): an attack
            # on them, whatever armed people died with them.
            names.add("civilian_lead")
    if "forces" in names and names & {"kill", "civilian_victim"}:
        names.add("forces_harm")
    return frozenset(names)
