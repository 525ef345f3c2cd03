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
   trigger gives for the same noun ("an attack that killed two French soldiers").
8d. A toll broken down by place ("eight killed, four in Kyiv and four in Sumy") gives the event's place its share.
9. "No fatalities" gives 0; no death count at all gives None (injuries only -> None).
"""
from __future__ import annotations

import logging
import math
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..dates import grammar
from ..dates import lexicon as dates_lexicon
from ..records import Entity, Fatalities

log = logging.getLogger(__name__)

AFTER_WORDS = 12  # a death word this many words after a figure still closes its phrase
RESTATED_MIN = 10  # a running total's figure this large, told again elsewhere, is the same total
AFTER_WORDS_VAGUE = 5  # ... and after a vague word ("some", "many"), which is a figure only right before one
GOVERN_GAP = re.compile(r"^\s*(?:of\s+|(?:range|ranged|ranging)\s+from\s+)?"
                        r"(?:another\s+|the\s+|a\s+total\s+of\s+|some\s+)?$", re.I)
JOINED = re.compile(r"^(?=.*(?:,|\band\b|\bor\b|\bplus\b|as\s+well\s+as))[\s,]*(?:[\w'-]+(?:\s*,\s*|\s+)){0,6}?"
                    r"(?:(?:and|or|plus|as\s+well\s+as)\s*)?$", re.I)
# What may follow the noun of "a soldier": the noun must end its phrase ("a youth mob" is not one person).
SINGLE_END = (r"(?=\s*(?:[,.;:()]|$)|\s+[a-z]+ing\b|\s+(?:was|were|who|whom|whose|that|and|or|from|in|at|on|"
              r"of|with|near|to|by|after|as|during|while|when|coming|going|identified|named|aged|belonging|"
              r"working|living|sitting|standing|walking|driving|riding|inside|outside|into|for|had|has|is|died|dies|later)\b)")
# "Eight soldiers were killed, some of whom ...": a part of a toll already counted.
PARTITIVE = re.compile(r"\s+of\s+(?:whom|them|those|these|the\s+(?:dead|victims|killed|injured|wounded|casualties))\b",
                       re.I)
# "killed his brother", "shot Russia's ambassador": a possessive names one person as "the" does.
POSSESSIVE = r"his|her|their|(?-i:[A-Z][\w-]*)['’]s"
PAREN_LIST = re.compile(r"^[\s\w'-]{0,30}\(\s*$")
PARENS = re.compile(r"\([^()]{0,120}\)")
AGE = re.compile(r"\b[\w-]+[- ]years?[- ]old\b", re.I)
STOP = re.compile(r"[;:\[\]]|\.\s")
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")


def _alt(words, *, escape=False) -> str:
    words = [w for w in words if w]
    if not words:
        raise ValueError("empty word group in casualty_lexicon.toml / vague_counts.toml")
    items = [re.escape(w).replace(r"\ ", r"\s+") if escape else w for w in words]
    return "|".join(sorted(items, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Lex:
    units: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, dict]
    number: re.Pattern
    definite: re.Pattern
    categories: tuple[tuple[str, re.Pattern], ...]
    category_any: re.Pattern
    killed_word: re.Pattern
    bounds: dict[str, str]  # bound phrase (normalised) -> min | max | approx
    update_before: re.Pattern
    subset_before: re.Pattern
    groups: tuple[tuple[str, re.Pattern], ...]
    bombers: re.Pattern
    bombers_counted: re.Pattern
    attacker_killed: re.Pattern
    none: re.Pattern
    other_event: re.Pattern
    uncertain: re.Pattern
    statistics: re.Pattern
    refers_back: re.Pattern
    bodies_found: re.Pattern
    not_death_before: re.Pattern
    not_death_after: re.Pattern
    cause: re.Pattern
    claims: re.Pattern
    coded_elsewhere: re.Pattern
    coded_total: tuple[re.Pattern, ...]
    coded_split: tuple[re.Pattern, ...]
    small: re.Pattern
    large: re.Pattern


@cache
def _lex() -> _Lex:
    data = resources.files("eventwire.data")
    raw = tomllib.loads(data.joinpath("casualty_lexicon.toml").read_text("utf-8"))
    vraw = tomllib.loads(data.joinpath("vague_counts.toml").read_text("utf-8"))
    units = {k.lower(): int(v) for k, v in raw["numbers"]["units"].items()}
    scales = {k.lower(): int(v) for k, v in raw["numbers"]["scales"].items()}
    vague = {re.sub(r"\s+", " ", k.lower()): v for k, v in vraw["words"].items()}
    for word, rule in vague.items():
        if "value" not in rule and not {"small", "large"} <= set(rule):
            raise ValueError(f"vague_counts.toml: {word!r} needs value, or small and large")
    numword = _alt(list(units) + list(scales), escape=True)
    bounds = {}
    for kind in ("min", "max", "approx"):
        for b in raw["bounds"][kind]:
            bounds.setdefault(re.sub(r"\s+", " ", b.lower()), kind)
    singular = _alt(raw["singular"]["nouns"], escape=True)
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?![\d,.]\d)"
    words = (rf"(?:half\s+a|an?)\s+(?:dozen|hundred|thousand|score)\b"
             rf"|(?:{numword})(?:(?:\s+and\s+|[\s-]+)(?:{numword}))*\b")
    figure = rf"(?:{digits}|{words})"
    number = re.compile(
        rf"\b(?:(?P<between>between)\s+)?(?:(?P<bound>{_alt(bounds, escape=True)})\s+)?"
        rf"(?:(?P<vague>{_alt(vague, escape=True)})\b"
        rf"|(?P<single>an?|the|{POSSESSIVE})\s+(?=(?:[\w-]+\s+){{0,3}}?(?:{singular}){SINGLE_END})"
        rf"|(?P<num>{figure}))"
        rf"(?:\s*(?:-|–|to|and|or)\s*(?P<num2>{figure}))?", re.I)
    definite = re.compile(
        rf"\b(?:{_alt(raw['singular']['definite'], escape=True)}|the\s+(?:[\w-]+\s+)?(?:{singular}))"
        rf",?\s+(?:[\w'-]+,?\s+){{0,4}}?"
        rf"(?:later\s+|also\s+|subsequently\s+|then\s+)?(?:died|was\s+killed|was\s+shot\s+dead|death)\b", re.I)
    categories = tuple((name, re.compile(rf"\b(?:{_alt(pats)})(?!\w)", re.I))
                       for name, pats in raw["categories"].items())
    groups = tuple((name, re.compile(rf"\b(?:{_alt(pats)})\b", re.I)) for name, pats in raw["groups"].items())
    scale = vraw["scale"]
    return _Lex(
        units=units, scales=scales, vague=vague, number=number, definite=definite, categories=categories,
        category_any=re.compile("|".join(f"(?P<{n}>{p.pattern})" for n, p in categories), re.I),
        killed_word=dict(categories)["killed"],
        bounds=bounds,
        update_before=re.compile(rf"\b(?:{_alt(raw['update']['patterns'])})\s*$", re.I),
        subset_before=re.compile(rf"\b(?:{_alt(raw['subset']['patterns'])})\s+(?:[\w-]+\s+){{0,1}}$", re.I),
        groups=groups,
        bombers=re.compile(rf"\b(?:{_alt(raw['attackers_die']['patterns'])})\b", re.I),
        bombers_counted=re.compile(rf"\b(?:{_alt(raw['attackers_die']['counted'])})\b", re.I),
        attacker_killed=re.compile("|".join(f"(?:{p})" for p in raw["attackers_die"]["killed"]), re.I),
        none=re.compile(rf"\b(?:{_alt(raw['none']['patterns'])})\b", re.I),
        other_event=re.compile(rf"\b(?:{_alt(raw['other_event']['patterns'])})\b", re.I),
        uncertain=re.compile(rf"\b(?:{_alt(raw['uncertain']['patterns'])})\b", re.I),
        statistics=re.compile(rf"\b(?:{_alt(raw['statistics']['patterns'])})\b", re.I),
        refers_back=re.compile(rf"\b(?:{_alt(raw['statistics']['refers_back'])})", re.I),
        bodies_found=re.compile(rf"\b(?:{_alt(raw['bodies_found']['patterns'])})\b", re.I),
        not_death_before=re.compile(rf"\b(?:{_alt(raw['not_death']['before'], escape=True)})\s+(?:\w+\s+)?$", re.I),
        not_death_after=re.compile(rf"^(?:{_alt(raw['not_death']['after'])})", re.I),
        cause=re.compile(rf"\b(?:{_alt(raw['cause']['patterns'])})\b", re.I),
        claims=re.compile(rf"\b(?:{_alt(raw['claims']['patterns'])})\b", re.I),
        coded_elsewhere=re.compile("|".join(raw["coded"]["elsewhere"]), re.I),
        coded_total=tuple(re.compile(p, re.I) for p in raw["coded"]["total"]),
        coded_split=tuple(re.compile(p, re.I) for p in raw["coded"]["split"]),
        small=re.compile(rf"\b(?:{_alt(scale['small'], escape=True)})\b", re.I),
        large=re.compile(rf"\b(?:{_alt(scale['large'], escape=True)})\b", re.I),
    )


def words_to_int(phrase: str) -> int | None:
    """"twenty-five" -> 25, "one hundred and twenty" -> 120, "two dozen" -> 24, "1,200" -> 1200."""
    lex = _lex()
    phrase = phrase.strip().lower()
    if re.fullmatch(r"[\d,]+", phrase):
        return int(phrase.replace(",", ""))
    total = current = 0
    seen = False
    for tok in re.split(r"[\s-]+", phrase):
        if tok in ("and", ""):
            continue
        if tok in ("a", "an"):
            current, seen = (current if current == -1 else max(current, 1)), True
        elif tok == "half":
            current, seen = -1, True  # "half a dozen"
        elif tok in lex.units:
            current, seen = current + lex.units[tok], True
        elif tok in lex.scales:
            mult = lex.scales[tok]
            base = 0.5 if current == -1 else (current or 1)
            if mult >= 1000:
                total, current = total + int(base * mult), 0
            else:
                current = int(base * mult)
            seen = True
        else:
            return None
    return total + current if seen else None


@dataclass(slots=True)
class _Count:
    start: int
    end: int
    value: int
    min: int | None
    max: int | None
    vague: str | None = None
    category: str | None = None
    governed: bool = False  # took its category from a verb before it
    subset: bool = False
    update: bool = False
    group: str = "generic"
    definite: bool = False


def _is_date_or_unit(text: str, m: re.Match) -> bool:
    """Years, days of a month, clock times: figures that count nobody."""
    raw = m.group("num") or ""
    if raw and re.match(r"\s*-?\s*(?:years?|yrs?)[- ]old", text[m.end():m.end() + 12], re.I):
        return True  # an age
    if raw and not m.group("num2") and re.match(r"-[a-z]", text[m.end():m.end() + 2], re.I):
        return True  # "a 15-minute shootout", "a five-member team": an adjective
    if (raw and re.search(r"[A-Za-z][\w'-]*,\s*$", text[max(0, m.start() - 30):m.start()])
            and re.match(r"\s*,", text[m.end():])):
        return True  # "Samiul Haq, 81, was killed": an age in apposition
    if re.fullmatch(r"(?:19|20)\d\d", raw) or (raw and re.match(r"(?:st|nd|rd|th)\b", text[m.end():m.end() + 3])):
        return True
    after = text[m.end():m.end() + 12].lower()
    before = text[max(0, m.start() - 10):m.start()].lower()
    # Whole month names only: "two marchers" and "five decorated officers" are not dates.
    month = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
             r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
    if re.match(rf"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?{month}\b", after) or re.search(rf"\b{month}\s*$", before):
        return bool(raw)
    return bool(re.match(r"\s*(?:am|pm|a\.m|p\.m|gmt|hrs|h\b|:\d)", after)) and bool(raw)


def _value(m: re.Match, context: str, lex: _Lex) -> tuple[int, int | None, int | None, str | None] | None:
    bound = re.sub(r"\s+", " ", (m.group("bound") or "").lower())
    if m.group("vague"):
        word = re.sub(r"\s+", " ", m.group("vague").lower())
        rule = lex.vague[word]
        if "value" in rule:
            v = int(rule["value"])
        else:
            small = bool(lex.small.search(context)) and not lex.large.search(context)
            v = int(rule["small"] if small else rule["large"])
        return v, v, None, word
    if m.group("single"):
        v = 1
    else:
        v = words_to_int(m.group("num"))
        if v is None:
            return None
    lo, hi = v, v
    if m.group("num2"):
        v2 = words_to_int(m.group("num2"))
        if v2 is not None and v2 > v:
            return v, v, v2, None
        if m.group("between"):
            return None
    kind = lex.bounds.get(bound)
    if kind == "min":
        hi = None
    elif kind == "max":
        lo = None
    return v, lo, hi, None


def _category(after: str, lex: _Lex, *, followed: bool = False, limit: int = AFTER_WORDS) -> str | None:
    """The category word that closes a figure's phrase, within AFTER_WORDS words and before a clause break."""
    after = PARENS.sub(lambda m: " " * len(m.group(0)), after)  # an aside does not end the phrase
    after = AGE.sub(lambda m: " " * len(m.group(0)), after)  # "a 25-year-old man was killed": an adjective
    stop = STOP.search(after)
    window = after[:stop.start()] if stop else after
    words = list(re.finditer(r"\S+", window))
    if len(words) > limit:
        window = window[:words[limit].start()]
    m = lex.category_any.search(window)
    if m is None:
        return None
    if followed and m.end() == len(window.rstrip()) and GOVERN_GAP.match(after[m.end():]):
        return None  # "armed men ... killed a businessman": the verb's figure is the next one
    return _name(m, after, lex)  # the whole rest: "killed or wounded" may run past the window


def _name(m: re.Match, text: str, lex: _Lex) -> str:
    """The category of a matched word; a death that did not happen or may not have is 'other'."""
    name = next(n for n, _ in lex.categories if m.group(n) is not None)
    if name == "killed" and (lex.not_death_before.search(text[max(0, m.start() - 40):m.start()])
                             or lex.not_death_after.match(text[m.end():m.end() + 60])):
        return "other"
    return name


def _group(phrase: str, lex: _Lex) -> str:
    """The victims' group named first after a figure ("four members of the security forces" -> security)."""
    best = None
    for name, pat in lex.groups:
        m = pat.search(phrase)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1])):
            best = (m.start(), m.end(), name)
    return best[2] if best else "generic"


def _joined(gap: str, lex: _Lex) -> bool:
    """Two figures in one list ("two women and three men"), with no category word between them."""
    return bool(JOINED.match(gap)) and not lex.category_any.search(gap)


def _ungoverned_the(text: str, start: int, m: re.Match, lex: _Lex) -> bool:
    """"the soldier" or "Russia's ambassador" counts one only as the object of a death verb ("killed the
    commander"): as a subject it is more often someone already counted, or no victim at all."""
    if (m.group("single") or "a").lower() in ("a", "an"):
        return False
    before = text[max(start, m.start() - 40):m.start()]
    kw = None
    for km in lex.killed_word.finditer(before):
        kw = km
    return kw is None or not GOVERN_GAP.match(before[kw.end():]) or _name_is_other(kw, before, lex)


def _name_is_other(m: re.Match, text: str, lex: _Lex) -> bool:
    return bool(lex.not_death_before.search(text[max(0, m.start() - 40):m.start()]))


def _counts(text: str, start: int, end: int, context: str) -> list[_Count]:
    """Every death / injury / ... figure in text[start:end], categorised."""
    lex = _lex()
    found = [m for m in lex.number.finditer(text, start, end)
             if not _is_date_or_unit(text, m) and not _ungoverned_the(text, start, m, lex)]
    out: list[_Count] = []
    for i, m in enumerate(found):
        got = _value(m, context, lex)
        if got is None:
            continue
        v, lo, hi, vague = got
        c = _Count(m.start(), m.end(), v, lo, hi, vague)
        prev_end = out[-1].end if out else start
        gap_before = text[prev_end:m.start()]
        partitive = bool(PARTITIVE.match(text, m.end())) and any(o.category == "killed" for o in out)
        c.subset = partitive or bool(lex.subset_before.search(gap_before[-40:])) or (
            bool(out) and out[-1].subset and _joined(gap_before, lex)) or (
            bool(out) and bool(PAREN_LIST.match(gap_before)))  # "5 civilians (2 men, 2 women ...)"
        nxt = found[i + 1].start() if i + 1 < len(found) else end
        after = text[m.end():nxt]
        c.category = _category(after, lex, followed=i + 1 < len(found),
                               limit=AFTER_WORDS_VAGUE if vague else AFTER_WORDS)
        c.group = _group(after[:40], lex)
        before = gap_before[-60:]
        kw = None
        for km in lex.category_any.finditer(before):
            kw = km
        if kw is not None and GOVERN_GAP.match(before[kw.end():]) is not None:
            c.category = _name(kw, before, lex)
            c.governed = True
        if lex.update_before.search(before) and lex.killed_word.search(text, max(start, m.start() - 80), m.start()):
            c.category, c.update = "killed", True
        out.append(c)
    # Coordination: "killed two women and three men" (forward), "three tourists and a guide were killed" (back).
    for a, b in zip(out, out[1:]):
        if b.category is None and a.governed and _joined(text[a.end:b.start], lex):
            b.category, b.governed = a.category, True
    for a, b in reversed(list(zip(out, out[1:]))):
        if a.category is None and b.category and _joined(text[a.end:b.start], lex) and not b.governed:
            a.category = b.category
    # Subsets skipped above still lend their closing death word to the figure they belong to.
    for i, c in enumerate(out):
        if c.category is None and not c.subset:
            j = i + 1
            while j < len(out) and out[j].subset:
                j += 1
            lent = next((o.category for o in out[i + 1:j] if o.category), None)
            if lent:
                c.category = lent
    if lex.uncertain.search(text, start, end):
        return out
    for m in lex.definite.finditer(text, start, end):
        out.append(_Count(m.start(), m.end(), 1, 1, 1, category="killed", definite=True))
    return out


@dataclass(slots=True)
class _Toll:
    groups: dict[str, int] = field(default_factory=dict)  # group -> largest figure told for it
    parts: list[_Count] = field(default_factory=list)
    update: _Count | None = None
    bodies: _Count | None = None
    none_span: tuple[int, int] | None = None
    claimed: list[list[_Count]] = field(default_factory=list)  # sentences of one side's claims

    def add_sentence(self, counts: list[_Count], *, claim: bool = False, cause: bool = False,
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
            if sentence_total and c.value == sentence_total and not c.definite:
                continue  # "4 soldiers and a tourist ... all five": the same toll restated
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


def _coded(scope_text: str, lex: _Lex) -> tuple[int | None, int | None, re.Match | None]:
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
    lex = _lex()
    # "Three other soldiers were killed elsewhere": a later sentence about another event keeps its toll.
    spans = [(a, b) for i, (a, b) in enumerate(spans) if i == 0 or not lex.other_event.search(text, a, b)]
    also = [(a, b) for a, b in also if not lex.other_event.search(text, a, b)]
    context = " ".join(text[a:b] for a, b in spans)
    toll = _Toll()
    totals = [(a, b) for a, b in spans if _running_total(text, a, b, lex)]
    causes = _cause_sentences(text, spans, lex)
    # "Bombardment kills more than 550" in a headline, "killed more than 550 civilians in the last eight
    # days" below: the same figure is the running total wherever it appears. Small figures recur by chance.
    restated = {c.value for a, b in totals for c in _counts(text, a, b, context)
                if c.category == "killed" and c.value >= RESTATED_MIN}
    for a, b in spans:
        sentence = text[a:b]
        counts = [c for c in _counts(text, a, b, context) if not (c.category == "killed" and c.value in restated)]
        for s, e in named:
            m = NAMED_DIED.match(text, e, b) if a <= s < b else None
            if m:
                counts.append(_Count(s, m.end(), 1, 1, 1, category="killed", definite=True))
        toll.add_sentence(counts, claim=bool(lex.claims.search(sentence)),
                          cause=(a, b) in causes or (a, b) in totals,
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


def _cause_sentences(text: str, spans: Sequence[tuple[int, int]], lex: _Lex) -> set[tuple[int, int]]:
    """Sentences whose deaths are the cause of the event, not part of it: those that say so ("to honour the
    victims of a shooting"), and, after a trigger that says so, those telling of the same kind of act
    ("... laid roses at the scene of the attack, in which a gunman shot dead three people")."""
    out = {(a, b) for a, b in spans if lex.cause.search(text, a, b)}
    first = spans[0] if spans else None
    m = lex.cause.search(text, *first) if first else None
    if m is None:
        return out
    kinds = [p for p in dates_lexicon.load().acts if p.search(text, m.start(), first[1])]
    return out | {(a, b) for a, b in spans[1:] if any(p.search(text, a, b) for p in kinds)}


def _running_total(text: str, a: int, b: int, lex: _Lex) -> bool:
    """A running total or statistic ("so far", "in recent weeks"), or an undated sentence right after one
    that refers back to it ("... Hundreds have been killed in the fighting.")."""
    if lex.statistics.search(text, a, b):
        return True
    if not lex.refers_back.search(text, a, b) or any(not f.excluded for f in grammar.find(text, a, b, anchor=None)):
        return False
    lo, hi = _previous_sentence(text, a)
    return hi > lo and bool(lex.statistics.search(text, lo, hi))


def _attacker_killed(text: str, spans: Sequence[tuple[int, int]], parts: Sequence[_Count], lex: _Lex
                     ) -> tuple[int, int] | None:
    """Where the event's sentences tell that the (one) attacker was killed, unless a counted one-person death
    ("he was killed", "the gunman died") is that death."""
    for a, b in spans:
        for m in lex.attacker_killed.finditer(text, a, b):
            if not any(p.value == 1 and (p.definite or p.group == "attackers")
                       and p.start < m.end() and m.start() < p.end for p in parts):
                return (m.start(), m.end())
    return None


def _bombers(context: str, lex: _Lex) -> int:
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
               place: str | None = None) -> Fatalities:
    """Deaths reported for the event whose sentences are `scope` (first = the trigger sentence).

    PERSON entities let a named victim count as one ("Samiul Haq was killed in a knife attack"). `place`, the
    event's place name, picks its share of a toll broken down by place ("eight killed, four in Kyiv and four
    in Sumy").
    """
    if not scope:
        return Fatalities(reason="no sentences for this event")
    spans = _mend(text, scope)
    named = [(e.start, e.end) for e in entities if e.label == "PERSON" and any(a <= e.start < b for a, b in spans)]
    near, far = _paragraph(text, spans)
    got = _tally(text, near, named=named, also=far)
    lex = _lex()
    if got.value is None and far and any((lex.killed_word.search(text, a, b) or lex.bodies_found.search(text, a, b))
                                         and not lex.cause.search(text, a, b) and not _running_total(text, a, b, lex)
                                         for a, b in near):
        # The trigger's passage tells of deaths without a figure ("the soldiers were killed"): another
        # mention of the event may give it. Otherwise distant sentences are more often about other events.
        got = _tally(text, near + far, named=named)
    if got.value is None:
        got = _antecedent(text, near, lex) or got
    elif place:
        got = _share(text, near, place, got) or got
    return got


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def _share(text: str, spans: Sequence[tuple[int, int]], place: str, toll: Fatalities) -> Fatalities | None:
    """The event's place's part of a toll broken down by place: "At least eight people were killed, four in
    Kyiv and four in Sumy" -> 4 for Kyiv. ACLED codes one event per place."""
    name = _fold(place).split(",")[0].strip()
    if not name or toll.value is None:
        return None
    for a, b in spans:
        counts = _counts(text, a, b, text[a:b])
        for i, c in enumerate(counts[1:], start=1):
            head = _fold(text[c.end:c.end + 80])
            m = re.match(r"\s+(?:[a-z]+\s+){0,2}?in\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|region\s+of\s+)?", head)
            if (m and head[m.end():].startswith(name) and not head[m.end() + len(name):][:1].isalnum()
                    and not c.subset and c.value < toll.value and any(o.category == "killed" for o in counts[:i])):
                return Fatalities(value=c.value, min=c.min, max=c.max, span=(c.start, c.end), vague=c.vague,
                                  reason=f"the share of the toll given for {place}")
    return None


# "The soldiers were killed", "the workers had been murdered": victims told dead without a figure.
DEFINITE_PLURAL = re.compile(r"\bthe\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]{3,}s)\s+(?:were|had\s+been|have\s+been)\s+"
                             r"(?:all\s+|later\s+|reportedly\s+)?(?=\w)", re.I)


def _antecedent(text: str, spans: Sequence[tuple[int, int]], lex: _Lex) -> Fatalities | None:
    """The figure the sentence before the trigger gives for the victims the trigger's passage tells dead
    without one ("... an attack that killed two French soldiers. The soldiers were killed when ...")."""
    for a, b in spans:
        for m in DEFINITE_PLURAL.finditer(text, a, b):
            k = lex.category_any.match(text, m.end())
            if k is None or _name(k, text, lex) != "killed":
                continue
            lo, hi = _previous_sentence(text, spans[0][0])
            for c in _counts(text, lo, hi, text[lo:hi]):
                if c.category in ("killed", "bodies") and not c.subset and re.search(
                        rf"\b{re.escape(m.group('noun'))}\b", text[c.end:c.end + 40], re.I):
                    return Fatalities(value=c.value, min=c.min, max=c.max, span=(c.start, c.end), vague=c.vague,
                                      reason="the figure given just before for the same victims")
    return None


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
