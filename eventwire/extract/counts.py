"""Fatality counts: how many died in one event, coded the way ACLED does (issue 4).

    fatalities(text, scope, *, entities=()) -> Fatalities   deaths for the event whose sentences are `scope`
    parse_casualties(sentence) -> Fatalities                 one sentence on its own (pure)

The words are data (data/casualty_lexicon.toml, data/vague_counts.toml); the conventions, written once here
and summarised in docs/coding-notes.md:
1. A figure counts when its phrase ends in a death word ("2 soldiers were killed") or a death verb governs
   it ("killing five soldiers and three civilians"). Wounded, missing, arrested, bodies found are kept apart;
   bodies found are the figure only when no death is reported (a mass grave).
2. Bounds: "at least / more than N" -> value N, min N, max null; "up to / nearly N" -> value N, max N;
   "about N" and a bare N -> N/N; a range "10 to 15" -> value 10, min 10, max 15.
3. Vague words by ACLED's convention (vague_counts.toml): dozens 12, hundreds 100, tens 10, several / many
   3 or 10 by the scale of the event; max null.
4. A figure after "including", "of whom" ... counts part of a group already counted and is skipped.
5. Victims fall into groups (security forces, attackers, civilians, people in general). Different groups
   add up ("2 soldiers ... 3 militants" -> 5); the same group told twice, or a count of people in general,
   is one toll: the largest such figure.
6. An updated toll ("rose to 30") replaces the earlier figures: the latest one is coded.
7. Suicide attackers die in their attack and are added unless the report already counts them; so is a lone
   attacker the event's sentences say was killed ("... before he was shot dead by police").
8. A coder's "Total fatalities coded as N" is the figure; "split across M events" divides it (rounded up).
8a. The deaths an event is about are not its deaths: a sentence that says so ("to honour the victims"), and,
   after a trigger that says so, the sentences telling of the same kind of act (data/dates_lexicon.toml [acts]).
8b. A running total is not this event's toll: a sentence with a period ("so far", "in recent weeks"), an
   undated sentence right after one that refers back to it ("... killed in the fighting"), and the same
   figure restated elsewhere in the event's sentences (a headline).
8c. Victims told dead without a figure ("the soldiers were killed") take the figure the sentence before the
   trigger gives for the same noun ("a bombing that killed two Belgian engineers").
8d. A toll broken down by place ("nine died, five in Kharkiv and four in Poltava") gives the event's place its share;
    a toll told for several towns at once with no breakdown ("three dead in A, B and C") is split among them.
9. "No fatalities" gives 0; no death count at all gives None (injuries only -> None).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dates import grammar
from ..dates import lexicon as dates_lexicon
from ..records import Entity, Fatalities
from .figures import Figure, Lex, category_of, figures_in, load_lexicon, words_to_int

RESTATED_MIN = 10  # a running total's figure this large, told again elsewhere, is the same total
CONSEQUENCE = re.compile(r",?\s+(?:leading\s+to|resulting\s+in)\b|,\s*(?:killing|leaving)\b", re.I)
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")


@dataclass(slots=True)
class _Toll:
    groups: dict[str, int] = field(default_factory=dict)  # group -> largest figure told for it
    parts: list[Figure] = field(default_factory=list)
    update: Figure | None = None
    bodies: Figure | None = None
    none_span: tuple[int, int] | None = None
    claimed: list[list[Figure]] = field(default_factory=list)  # sentences of one side's claims

    def add_sentence(self, counts: list[Figure], *, claim: bool = False, cause: bool = False,
                     found: bool = True) -> None:
        if cause:
            return  # the deaths a protest is about are not deaths in the protest
        if claim:
            self.claimed.append(counts)
            return
        killed = [c for c in counts if c.category == "killed" and not c.subset]
        if killed and all(c.definite for c in killed):
            killed = killed[:1]
        else:
            killed = [c for c in killed if not c.definite]
        # One sentence listing several figures reports them all: they add up. It is one group's toll when
        # every figure names that group, else a toll of people in general.
        sentence_total = 0
        groups = set()
        for c in killed:
            if c.update:
                self.update = c
                continue
            if sentence_total and c.value == sentence_total and not c.definite and not c.listed:
                continue  # "4 soldiers and a tourist ... all five": the same toll restated (not "one ... and one")
            sentence_total += c.value
            groups.add(c.group)
            self.parts.append(c)
        if sentence_total:
            g = groups.pop() if len(groups) == 1 else "generic"
            self.groups[g] = max(self.groups.get(g, 0), sentence_total)
        for c in counts:
            if (c.category == "bodies" and not c.subset and found
                    and (self.bodies is None or c.value > self.bodies.value)):
                self.bodies = c

    @property
    def total(self) -> int:
        specific = sum(v for g, v in self.groups.items() if g != "generic")
        return max(self.groups.get("generic", 0), specific)


def _coded(scope_text: str, lex: Lex) -> tuple[int | None, int | None, re.Match | None]:
    total = split = None
    where = None
    for pat in lex.coded_total:
        m = pat.search(scope_text)
        if m:
            total, where = words_to_int(m.group("n")), m
            break
    for pat in lex.coded_split:
        m = pat.search(scope_text)
        if m:
            split = words_to_int(m.group("n"))
            where = where or m
            break
    return total, split, where


NAMED_DIED = re.compile(r"(?:,[^,]{0,80},[\"”]?)?\s+(?:(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?"
                        r"(?:killed|shot\s+dead|assassinated|murdered|executed|beheaded|stabbed\s+to\s+death|"
                        r"lynched)|died)\b", re.I)


def _tally(text: str, spans: Sequence[tuple[int, int]], *, named: Sequence[tuple[int, int]] = (),
           also: Sequence[tuple[int, int]] = ()) -> Fatalities:
    """The toll of `spans`; `also` are the event's other sentences, read only for the attacker's own death."""
    lex = load_lexicon()
    # "Three other soldiers were killed elsewhere": a later sentence about another event keeps its toll.
    spans = [(a, b) for i, (a, b) in enumerate(spans) if i == 0 or not lex.other_event.search(text, a, b)]
    also = [(a, b) for a, b in also if not lex.other_event.search(text, a, b)]
    context = " ".join(text[a:b] for a, b in spans)
    toll = _Toll()
    totals = [(a, b) for a, b in spans if _running_total(text, a, b, lex)]
    causes = _cause_sentences(text, spans, lex)
    # "Shelling kills more than 300" in a headline, "more than 300 civilians have died over the past ten
    # days" below: the same figure is the running total wherever it appears. Small figures recur by chance.
    restated = {c.value for a, b in totals for c in figures_in(text, a, b, context)
                if c.category == "killed" and c.value >= RESTATED_MIN}
    for a, b in spans:
        sentence = text[a:b]
        counts = [c for c in figures_in(text, a, b, context) if not (c.category == "killed" and c.value in restated)]
        for s, e in named:
            m = NAMED_DIED.match(text, e, b) if a <= s < b else None
            if m:
                counts.append(Figure(s, m.end(), 1, 1, 1, category="killed", definite=True))
        cause = (a, b) in causes
        said = causes.get((a, b))
        then = CONSEQUENCE.search(text, said.end(), b) if said else None
        if then is not None:
            # "rioted over the killing of a militant, leading to the death of one protester": the deaths the
            # sentence tells as its own outcome are this event's.
            counts, cause = [c for c in counts if c.start >= then.start()], False
        toll.add_sentence(counts, claim=bool(lex.claims.search(sentence)),
                          cause=cause or (a, b) in totals,
                          found=bool(lex.bodies_found.search(sentence)))
        if toll.none_span is None:
            m = lex.none.search(text, a, b)
            if m:
                toll.none_span = (m.start(), m.end())
    coded_total, split, coded_at = None, None, None
    for a, b in spans:
        t, s, where = _coded(text[a:b], lex)
        if t is not None and coded_total is None:
            coded_total, coded_at = t, (a + where.start(), a + where.end())
        if s:
            split = split or s
            coded_at = coded_at or (a + where.start(), a + where.end())
    if coded_total is not None:
        v = math.ceil(coded_total / split) if split else coded_total
        return Fatalities(value=v, min=v, max=v, span=coded_at,
                          reason="coder's total" + (f" split across {split} events" if split else ""))
    elsewhere = next((m for a, b in spans for m in [lex.coded_elsewhere.search(text, a, b)] if m), None)
    if elsewhere is not None:
        return Fatalities(value=0, min=0, max=0, span=(elsewhere.start(), elsewhere.end()),
                          reason="the coder counted these deaths in another event")
    if not toll.groups and toll.update is None:
        for counts in toll.claimed:  # one side's claim, only when nothing else is reported
            toll.add_sentence(counts)
    # A suicide attacker already counted: as an attacker, or as the one person the report names.
    named = any(p.definite for p in toll.parts)
    bombers = 0 if "attackers" in toll.groups or named else _bombers(context, lex)
    attacker = 0 if bombers or "attackers" in toll.groups else _attacker_killed(text, [*spans, *also], toll.parts, lex)
    if toll.update is not None:
        c = toll.update
        return Fatalities(value=c.value, min=c.min, max=c.max, span=(c.start, c.end), vague=c.vague,
                          reason="latest updated toll")
    total = toll.total
    if total == 0 and bombers:
        return Fatalities(value=bombers, min=bombers, max=bombers, reason="suicide attacker(s) died")
    if total == 0 and attacker:
        return Fatalities(value=1, min=1, max=1, span=attacker, reason="the attacker was killed")
    if total == 0:
        if toll.bodies is not None:
            c = toll.bodies
            return Fatalities(value=c.value, min=c.min, max=c.max, span=(c.start, c.end), vague=c.vague,
                              reason="bodies found (no death count reported)")
        if toll.none_span is not None:
            return Fatalities(value=0, min=0, max=0, span=toll.none_span, reason="no fatalities reported")
        return Fatalities(reason="no death count reported")
    total += bombers + (1 if attacker else 0)
    if split:
        total = math.ceil(total / split)
    parts = toll.parts
    single = parts[0] if len(parts) == 1 and not bombers and not attacker and not split else None
    if single is not None:
        return Fatalities(value=single.value, min=single.min, max=single.max, span=(single.start, single.end),
                          vague=single.vague, reason="reported toll")
    exact = all(p.min == p.value and p.max == p.value for p in parts)
    span = (min(p.start for p in parts), max(p.end for p in parts)) if parts else None
    vague = next((p.vague for p in parts if p.vague), None)
    reason = ("sum of the groups reported" + (f" and {bombers} suicide attacker(s)" if bombers else "")
              + (" and the attacker killed" if attacker else ""))
    if attacker:
        span = (min(span[0], attacker[0]), max(span[1], attacker[1])) if span else attacker
    return Fatalities(value=total, min=total, max=total if exact else None, span=span, vague=vague, reason=reason)


def _cause_sentences(text: str, spans: Sequence[tuple[int, int]], lex: Lex) -> dict[tuple[int, int], re.Match | None]:
    """Sentences whose deaths are the cause of the event, not part of it, with the words that say so: those
    that say so ("to honour the victims of a shooting"), and, after a trigger that says so, those telling of
    the same kind of act ("... placed candles at the site of the attack, in which a gunman shot dead three
    people"), which have no such words of their own (None)."""
    out = {(a, b): m for a, b in spans for m in [lex.cause.search(text, a, b)] if m}
    first = spans[0] if spans else None
    m = out.get(first)
    if m is None:
        return out
    kinds = [p for p in dates_lexicon.load().acts if p.search(text, m.start(), first[1])]
    for a, b in spans[1:]:
        if (a, b) not in out and any(p.search(text, a, b) for p in kinds):
            out[a, b] = None
    return out


def _running_total(text: str, a: int, b: int, lex: Lex) -> bool:
    """A running total or statistic ("so far", "in recent weeks"), or an undated sentence right after one
    that refers back to it ("... Hundreds have been killed in the fighting.")."""
    if _statistic(text, a, b, lex):
        return True
    if not lex.refers_back.search(text, a, b) or any(not f.excluded for f in grammar.find(text, a, b, anchor=None)):
        return False
    lo, hi = _previous_sentence(text, a)
    return hi > lo and _statistic(text, lo, hi, lex)


# "the deadliest attack since 2019", "the first such raid since March": a comparison with the past, said of
# the day's act, not a total since then.
_COMPARED = re.compile(r"\b(?:\w+est|worst|first|second|third|fourth|fifth|\w+th)\s+(?:[\w-]+\s+){0,5}$", re.I)


def _statistic(text: str, a: int, b: int, lex: Lex) -> bool:
    return any(not (m.group().lower().startswith("since") and _COMPARED.search(text, max(a, m.start() - 60), m.start()))
               for m in lex.statistics.finditer(text, a, b))


def _attacker_killed(text: str, spans: Sequence[tuple[int, int]], parts: Sequence[Figure], lex: Lex
                     ) -> tuple[int, int] | None:
    """Where the event's sentences tell that the (one) attacker was killed, unless a counted one-person death
    ("he was killed", "the gunman died") is that death."""
    for a, b in spans:
        for m in lex.attacker_killed.finditer(text, a, b):
            if not any(p.value == 1 and (p.definite or p.group == "attackers")
                       and p.start < m.end() and m.start() < p.end for p in parts):
                return (m.start(), m.end())
    return None


def _bombers(context: str, lex: Lex) -> int:
    m = lex.bombers.search(context)
    if m is None or lex.bombers_counted.search(context):
        return 0
    phrase = m.group(0).lower()
    if "themselves" in phrase or phrase.endswith("s"):
        before = context[max(0, m.start() - 20):m.start()]
        n = re.search(r"(\w+)\s+$", before)
        count = words_to_int(n.group(1)) if n else None
        return count if count and count < 10 else 2
    return 1


def fatalities(text: str, scope: Sequence[tuple[int, int]], *, entities: Sequence[Entity] = (),
               place: str | None = None, towns: int = 1) -> Fatalities:
    """Deaths reported for the event whose sentences are `scope` (first = the trigger sentence).

    PERSON entities let a named victim count as one ("Musa Bello was killed in a machete attack"). `place`,
    the event's place name, picks its share of a toll broken down by place ("nine died, five in Kharkiv and
    four in Poltava"). `towns`: how many towns the trigger sentence names as scenes, one event each; a toll
    it gives for them all, with no share for this one, is divided among them.
    """
    if not scope:
        return Fatalities(reason="no sentences for this event")
    spans = _mend(text, scope)
    named = [(e.start, e.end) for e in entities if e.label == "PERSON" and any(a <= e.start < b for a, b in spans)]
    near, far = _paragraph(text, spans)
    got = _tally(text, near, named=named, also=far)
    lex = load_lexicon()
    back = [(a, b) for a, b in far if _ALSO_IN_IT.search(text, a, b)]
    if got.value is not None and back:
        # "Eight militants were also killed during Monday's attack": the other side's dead, told later, are
        # this battle's too (ACLED counts every death of the event).
        more = _tally(text, near + back, named=named)
        got = more if more.value is not None and more.value > got.value else got
    if got.value is None and far and any((lex.killed_word.search(text, a, b) or lex.bodies_found.search(text, a, b))
                                         and not lex.cause.search(text, a, b) and not _running_total(text, a, b, lex)
                                         for a, b in near):
        # The trigger's passage tells of deaths without a figure ("the soldiers were killed"): another
        # mention of the event may give it. Otherwise distant sentences are more often about other events.
        got = _tally(text, near + far, named=named)
    if got.value is None and far and place:
        # The lede names the act but gives no toll; a later sentence that names the event's own place gives
        # it ("... 21 people were killed when shells hit Barda"): a toll told with the place is this event's.
        here = [(a, b) for a, b in far if _names_place(text[a:b], place)]
        if here:
            got = _tally(text, near + here, named=named)
    if got.value is None:
        got = _antecedent(text, near, lex) or _them(text, spans[0], lex) or got
    elif place:
        got = _share(text, near, place, got) or _split(got, towns, spans[0])
    return got


def _split(toll: Fatalities, towns: int, trigger: tuple[int, int]) -> Fatalities:
    """A toll the trigger sentence gives for several towns at once ("three dead in A, B and C"), divided among
    their events and rounded up, as ACLED splits a total it cannot break down."""
    if towns < 2 or toll.span is None or not trigger[0] <= toll.span[0] < trigger[1]:
        return toll
    value = math.ceil(toll.value / towns)
    return Fatalities(value=value, min=value, max=None if toll.max is None else math.ceil(toll.max / towns),
                      span=toll.span, vague=toll.vague, reason=f"{toll.reason}, split across {towns} towns")


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def _names_place(sentence: str, place: str) -> bool:
    name = _fold(place).split(",")[0].strip()
    return bool(name) and re.search(rf"\b{re.escape(name)}\b", _fold(sentence)) is not None


def _share(text: str, spans: Sequence[tuple[int, int]], place: str, toll: Fatalities) -> Fatalities | None:
    """The event's place's part of a toll broken down by place: "Nine people died, five in Kharkiv and four
    in Poltava" -> 5 for Kharkiv. ACLED codes one event per place."""
    name = _fold(place).split(",")[0].strip()
    if not name or toll.value is None:
        return None
    for a, b in spans:
        counts = figures_in(text, a, b, text[a:b])
        # "seven were killed in A; four in B; eight in C": a breakdown with no total first, whose first
        # figure is its first place's share and whose later figures need not be smaller than it.
        first = counts[0] if counts and counts[0].category == "killed" else None
        breakdown = (first is not None and _SHARE_PLACE.match(text, first.end) is not None
                     and any(_SHARE_NEXT.match(text, c.end) for c in counts[1:]))
        for i, c in enumerate(counts):
            if i == 0 and not breakdown:
                continue
            head = _fold(text[c.end:c.end + 80])
            m = (_SHARE_FIRST if i == 0 else _SHARE_IN).match(head)
            if (m and head[m.end():].startswith(name) and not head[m.end() + len(name):][:1].isalnum()
                    and not c.subset and (breakdown or c.value < toll.value)
                    and (i == 0 or any(o.category == "killed" for o in counts[:i]))):
                return Fatalities(value=c.value, min=c.min, max=c.max, span=(c.start, c.end), vague=c.vague,
                                  reason=f"the share of the toll given for {place}")
    return None


_SHARE_IN = re.compile(r"\s+(?:[a-z]+\s+){0,2}?in\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|region\s+of\s+)?")
# The first figure of a breakdown, told with its death words: "seven people were killed in A".
_SHARE_FIRST = re.compile(r"\s+(?:[a-z]+\s+){1,4}?in\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|village\s+of\s+)?")
_SHARE_PLACE = re.compile(_SHARE_FIRST.pattern + r"(?=[A-Z])")
_SHARE_NEXT = re.compile(_SHARE_IN.pattern + r"(?=[A-Z])")


# "The soldiers were killed", "the workers had been murdered": victims told dead without a figure.
DEFINITE_PLURAL = re.compile(r"\bthe\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]{3,}s)\s+(?:were|had\s+been|have\s+been)\s+"
                             r"(?:all\s+|later\s+|reportedly\s+)?(?=\w)", re.I)


def _antecedent(text: str, spans: Sequence[tuple[int, int]], lex: Lex) -> Fatalities | None:
    """The figure the sentence before the trigger gives for the victims the trigger's passage tells dead
    without one ("... a bombing that killed two Belgian engineers. The engineers were killed when ...")."""
    for a, b in spans:
        for m in DEFINITE_PLURAL.finditer(text, a, b):
            k = lex.category_any.match(text, m.end())
            if k is None or category_of(k, text, lex) != "killed":
                continue
            lo, hi = _previous_sentence(text, spans[0][0])
            for c in figures_in(text, lo, hi, text[lo:hi]):
                if c.category in ("killed", "bodies") and not c.subset and re.search(
                        rf"\b{re.escape(m.group('noun'))}\b", text[c.end:c.end + 40], re.I):
                    return Fatalities(value=c.value, min=c.min, max=c.max, span=(c.start, c.end), vague=c.vague,
                                      reason="the figure given just before for the same victims")
    return None


_ALSO_IN_IT = re.compile(
    r"\balso\s+(?:\w+\s+){0,2}?(?:killed|died|dead)\b[^.;]{0,60}?\b(?:during|in)\s+(?:the|this|that|[A-Z][a-z]+day['\u2019]s)"
    r"\s+(?:attack|assault|raid|ambush|clash(?:es)?|fighting|battle|offensive|gunfight|exchange)\b")


def _them(text: str, trigger: tuple[int, int], lex: Lex) -> Fatalities | None:
    """The count a plural pronoun after a killing verb ("burned them to death") refers to: the last number
    before it in the sentence."""
    m = lex.them_killed.search(text, *trigger)
    if m is None:
        return None
    counted = [f for f in figures_in(text, trigger[0], m.start(), text[trigger[0]:m.start()])
               if f.vague is None and f.value and f.value > 1]
    if not counted:
        return None
    f = counted[-1]
    return Fatalities(value=f.value, min=f.min, max=f.max, span=(f.start, f.end),
                      reason="the people numbered before the pronoun the killing verb takes")


def _previous_sentence(text: str, a: int) -> tuple[int, int]:
    """The sentence that ends right before offset `a` (at most 400 characters of it)."""
    lo = max(0, a - 400)
    head = text[lo:a].rstrip()
    cut = max((m.end() for m in SENTENCE_END.finditer(head, 0, max(0, len(head) - 1))), default=0)
    return lo + cut, lo + len(head)


def _paragraph(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The trigger sentence and the scope sentences that follow it without a gap; and the rest."""
    first = spans[0]
    rest = sorted(s for s in spans[1:] if s != first)
    near = [first]
    for a, b in rest:
        if a >= near[-1][1] and text[near[-1][1]:a].strip() == "":
            near.append((a, b))
    far = [s for s in rest if s not in near]
    return near, far


def _mend(text: str, scope: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin sentences the parser split mid-sentence ("78" | "fighters were killed."); the trigger stays first."""
    first = scope[0]
    out: list[tuple[int, int]] = []
    for a, b in sorted(scope, key=lambda s: (s != first, s)):
        ended = re.search(r"[.!?][\"”’)]*\s*$", text[out[-1][0]:out[-1][1]]) if out else None
        if out and text[out[-1][1]:a].strip() == "" and not ended:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def parse_casualties(sentence: str) -> Fatalities:
    """The death toll one sentence reports (pure; spans are into `sentence`)."""
    return _tally(sentence, [(0, len(sentence))])
