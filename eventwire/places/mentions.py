"""Stage 1 of place resolution: the place mentions in an article, and the chains that qualify them.

NER entities (GPE/LOC/FAC; ORG/PERSON only after a place cue, since the small model mislabels villages), plus
capitalised runs after place cues ("in", "near", "village of") that NER missed. Each mention keeps its cue
("near" -> precision 2), an admin word ("Imam Sahib district") and its chain: the places that qualify it right
after it, linked only through place words ("X area of Y district, Z", "X (Y, Z)"; not "X featured in Y").
Names that are not the scene are marked (road end points, actors, people's origin); names that are gain a cue
("a London rally", "Rwemiyaga police post", "X, a village in Y", "coded to X"). Pure text work: the
gazetteer is consulted in resolve.py.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from ..records import Entity
from .gazetteer import Place
from .lexicon import Lexicon, load

LOWERCASE_SHARE = 0.01  # a text with fewer capitals than this share of its letters was stored in lower case
CHAIN_GAP_CHARS = 50  # longest run of place words between a place and the place qualifying it

ENTITY_LABELS = {"GPE", "LOC", "FAC"}
CUED_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}

# A capitalised word, Latin script with diacritics (Ḥammām: U+1E00-1EFF), marks and hyphens inside.
# "J&K": two capitals joined by "&" are one abbreviated name.
_CAP_WORD = r"(?:[A-Z]&[A-Z]\b|[\u02bf\u02be'\u2018]?[A-Z\u00C0-\u00DE\u0100-\u017F\u1E00-\u1EFF][\w\u00C0-\u024F\u1E00-\u1EFF'\u2019\u02bf\u02be\-]*)"
_CONNECT = r"(?:al|el|ad|ed|ash|as|at|ar|az|ez|an|en|de|del|do|dos|da|das|di|du|des|la|las|los|le|bin|ibn|bani|abu|um|umm|ul|e|i|y|of|wa)"
# "al-Qamishli", "el-Fasher": a lower-case article may open the name.
_RUN = re.compile(rf"(?:\b(?:al|el|ad|ash|as|ar|at|az|an|ad-)-)?{_CAP_WORD}"
                  rf"(?:(?:[\s\-]+{_CONNECT}){{0,2}}[\s\-]+{_CAP_WORD}|\s+d['\u2019]{_CAP_WORD})*")  # "Patte d'Oie", "Amatlan de los Reyes"
_OUTLET_BRACKET = re.compile(r"\s*\([^()]{1,40}\)\s*[-\u2013\u2014:]")
_DATELINE_TAIL = re.compile(r"^[\s,A-Za-z.]{0,30}?(?:\((?:Reuters|AP|AFP|Xinhua|IANS|PTI|dpa|UPI|ANI)\)|[\u2014\u2013]|\s-\s|:)")


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    full: str | None = None  # the words before trimming admin/town words off ("Ho Chi Minh City")
    capital_of: str | None = None  # "the Indonesian capital": ISO2 of the country whose capital is meant
    country_word: str | None = None  # "Myanmar's biggest city": the country named, resolved at lookup
    largest: bool = False  # ... its largest town is meant, not its capital
    cue: str | None = None  # the place cue right before it ("in", "near", "village of")
    level: int | None = None  # admin word attached: 1 province, 2 district, 0 either
    qualifies: bool = False  # it qualifies an earlier place in a chain ("..., Kunduz")
    children: list["Mention"] = field(default_factory=list)  # the places it qualifies
    part: bool = False  # "X area", "X neighbourhood": a part of X
    from_entity: bool = False
    weak: bool = False  # an ORG/PERSON entity with no place cue: only a chain link, never the event's place
    road: bool = False  # an end point naming a road ("Kabul-Jalalabad highway"): what follows qualifies the road
    scene: bool = False  # it modifies an event noun ("a London rally"): the event's place, like "in London"
    dateline: bool = False
    parents: list["Mention"] = field(default_factory=list)  # the chain that qualifies it
    listed: set[int] = field(default_factory=set)  # ids of parents linked by a bare comma (a list or a hierarchy)
    candidates: tuple[Place, ...] = ()
    own_votes: dict = field(default_factory=dict)  # what this mention added to the country vote
    chain_bad: bool = False  # its best candidate lies outside the division its chain names
    best: Place | None = None
    score: float = 0.0

    @property
    def near(self) -> bool:
        return self.cue is not None and self.cue in load().near


# ---------------------------------------------------------------------------------------------- stage 1

_ADMIN_OF = re.compile(r"\b(?:the|a)\s+([A-Za-z\-]+)\s+of\s+$")  # "the department of X", not "Y district of X"
_TOWN_OF = ("city of", "town of", "village of")


_CAPITAL_BEFORE = re.compile(r"(?:\b[\w\-]+['\u2019]s\s+)?\b(?:(?:provincial|regional|state|district|county)\s+)?"
                             r"capital(?:\s+city)?\s*,?$")


_ARTICLE_AT_END = re.compile(r"\b(?:the|a|an)\s*$")
# "in southeastern Niger", "in the restive north-west of ...", "in downtown Portland": compass words sit between
# cue and name.
_COMPASS_AT_END = re.compile(r"\b(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
                             r"north-?western|south-?eastern|south-?western|central|neighbouring|neighboring|restive|"
                             r"rural|downtown|uptown|suburban)\s*)+$")


@cache
def _cues_by_length(place_before: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """The place cues grouped by length, longest first: at most one cue of a length ends a text."""
    return tuple((n, frozenset(c for c in place_before if len(c) == n))
                 for n in sorted({len(c) for c in place_before}, reverse=True))


def _cue_before(text: str, start: int, lex: Lexicon) -> str | None:
    before = text[max(0, start - 40):start].lower()
    before = _ARTICLE_AT_END.sub("", before.rstrip()).rstrip()
    before = _COMPASS_AT_END.sub("", before).rstrip()
    # "in Nangarhar's provincial capital Jalalabad", "in the capital, Kabul": the cue is before the capital.
    if "capital" in before:
        before = _CAPITAL_BEFORE.sub("", before).rstrip()
    before = _ARTICLE_AT_END.sub("", before).rstrip()
    # The longest cue that ends `before` as a word of its own (after a space or a bracket, or all of it).
    n_before = len(before)
    cue = next((c for n, cues in _cues_by_length(lex.place_before) if n <= n_before
                and (c := before[n_before - n:]) in cues and (n == n_before or before[n_before - n - 1] in " (")), None)
    if cue is not None and cue in _TOWN_OF:
        # "on the edge of the Pakistani city of Multan": the town word's own cue says "near".
        rest = text[max(0, start - 80):start].lower()
        rest = rest[:rest.rfind(cue)]
        near = next((w for w in lex.near
                     if re.search(rf"\b{re.escape(w)}\s+(?:the\s+)?(?:[\w\-]+\s+){{0,2}}$", rest)), None)
        return near or cue
    if cue is not None:
        return cue
    for w in lex.near:  # "10 km from"
        if before.endswith(w):
            return w
    return None


def _trim(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, int | None, bool] | None:
    """Strip 'the', admin and part words off a span; return (start, end, admin level, part) or None."""
    s = text[start:end]
    level, part = None, False
    m = re.match(r"(?i)the\s+", s)
    if m:
        start += m.end()
    low = text[start:end].lower()
    # Leading "Province of X" / "District of X".
    for w, lv in lex.admin_words.items():
        if low.startswith(w + " of "):
            start += len(w) + 4
            level = lv
            break
    low = text[start:end].lower()
    changed = True
    while changed:
        changed = False
        for w, lv in lex.admin_words.items():
            if low.endswith(" " + w):
                end -= len(w) + 1
                level, changed = lv, True
        for w in lex.part_words | lex.town_words:
            if low.endswith(" " + w):
                end -= len(w) + 1
                part = part or w in lex.part_words
                changed = True
        low = text[start:end].lower()
    while end > start and text[end - 1] in " ,.;:'\u2019-)":
        end -= 1
    if text[end - 2:end] in ("'s", "\u2019s"):
        end -= 2
    if end - start < 2:
        return None
    return start, end, level, part


def _after_words(text: str, end: int, lex: Lexicon) -> tuple[int | None, bool, int]:
    """Admin/part word right after a span ("Kunduz province", "Gulbagh area"): (level, part, new end)."""
    m = re.match(r"\s+([A-Za-z\-]+(?:\s[a-z\-]+){0,2})", text[end:end + 40])
    if not m:
        return None, False, end
    words = m.group(1).lower()
    for n in (3, 2, 1):
        w = " ".join(words.split()[:n])
        if w in lex.admin_words:
            return lex.admin_words[w], False, end + m.start(1) + len(w)
        if w in lex.part_words:
            return None, True, end + m.start(1) + len(w)
        if w in lex.town_words:
            return None, False, end + m.start(1) + len(w)
    return None, False, end


def find_mentions(text: str, entities: Sequence[Entity], lex: Lexicon) -> list[Mention]:
    spans: dict[tuple[int, int], Mention] = {}
    # "the road linking Aden to Taizz": both towns name the road.
    pat = _road_and_facility_patterns()
    road_ends = {g.start(i) for g in pat["road_linking"].finditer(text) for i in (1, 2)}

    def add(start: int, end: int, *, from_entity: bool, weak: bool = False) -> None:
        # NER sometimes swallows a whole "Rafah (Rafah, North Sinai" into one entity: split it.
        # ... or "Smith in Aleppo", "the Cabinet of Ministers in Kyiv".
        piece = re.search(r"[(),;]| in | - |['\u2019]s\b", text[start:end])
        if piece:
            cut = start + piece.start()
            add(start, cut, from_entity=from_entity, weak=weak)
            nxt = re.match(r"(?:['\u2019]s)?[\s(),;\-]*(?:in\s+)?", text[cut:end])
            add(cut + nxt.end(), end, from_entity=from_entity, weak=weak)
            return
        t = _trim(text, start, end, lex)
        if not t:
            return
        s, e, level, part = t
        surface = text[s:e]
        link = re.search(r" (?:of|at) ", surface)
        if surface.split()[0].lower() in lex.skip and link:
            # "Residents of Kisumu", "University of Nairobi", "a camp of Boko Haram at Zorbari": the place is after
            # "of" or "at" (also Arabic articles, so the run went on through them).
            add(s + link.end(), e, from_entity=from_entity, weak=weak)
            return
        words = re.split(r"[\s\-]+", surface.lower())
        # "The", "At" alone are skipped; "At Turbah", "As Samawah" are names with an Arabic article ("Al Shabaab" is
        # then judged by its second word).
        first = words[1] if words[0] in lex.articles and len(words) > 1 else words[0]
        acronym = len(surface.split()[0]) == 2 and surface.split()[0].isupper()  # "DR Congo", not "Dr Smith"
        if (first in lex.skip and not acronym) or surface.lower() in lex.skip_alone:
            return
        if " of " in surface:
            left = surface[:surface.index(" of ")]
            if left.split()[-1].lower() in lex.admin_words or left.split()[-1].lower() in lex.part_words:
                # "Zorbaka Division of Lamu East": a place and the one it lies in, not one name.
                add(s, s + len(left), from_entity=from_entity, weak=weak)
                add(s + len(left) + 4, e, from_entity=from_entity, weak=weak)
                return
        people = surface.lower()
        if (people in lex.demonyms or people[-1:] == "s" and people[:-1] in lex.demonyms) and level is None \
                and _after_words(text, e, lex)[0] is None:
            return  # "Somali", "Palestinians" are a nationality and its people; "Somali region" is a place
        follow = text[e:e + 24].lower()
        if (follow.split() or [""])[0].strip(".,;:") in lex.currency:
            return  # "the US dollar": says nothing of where anything happened
        if follow[:2] in ("'s", "\u2019s"):  # "the Beijing government's": possessive, then the actor word
            if _SAINT.match(surface):
                return  # "the St Anthony's blast", "St Mary's": a saint's church or shrine, not a town named for him
            follow = follow[2:]
        scene = _scene(text, e, lex)
        if pat["facility_after"].match(text[e:e + 30]):
            weak, scene = False, True  # "outside Rwemiyaga police post", "blocked the Jounieh roundabout"
        elif any(follow.startswith(w) or follow.startswith(" " + w) for w in lex.actor_after):
            weak = True  # "Saudi-led", "Kenyan police": an adjective or an actor, at most a chain link
        if s in road_ends or pat["road_after"].match(text[e:e + 60]):
            weak = road = True  # "the Kabul-Jalalabad highway in Sarobi": a road's end points name the road, not the scene
        else:
            road = False
        if _APPOSITIVE.match(text[e:e + 80]) and not road:
            weak = False  # "Novoraisk, a village in the region of Kherson": the text says it is a place
        lv2, part2, _ = _after_words(text, e, lex)
        cue = _cue_before(text, s, lex)
        admin_of = _ADMIN_OF.search(text[max(0, s - 30):s])
        if admin_of and admin_of.group(1).lower() in lex.admin_words and level is None and lv2 is None:
            level = lex.admin_words[admin_of.group(1).lower()]  # "the department of Arauca": a division
        if cue and _ORIGIN.search(text[max(0, s - 60):s]):
            cue = "from"  # "the victims were from poor families in Punjab": where people come from, not the scene
        if (s, e) in spans and not weak:
            spans[(s, e)].weak = False
        elif (s, e) not in spans:
            level = level if level is not None else lv2
            # "Suqutra governorate" (NER: NORP), "Tarim district": an admin word says it is a place ("the Sahel
            # region" may be no division at all).
            spans[(s, e)] = Mention(s, e, surface, full=text[start:end].strip(" ,.;:"), cue=cue,
                                    level=level, part=part or part2, from_entity=from_entity,
                                    weak=road or (weak and not scene and level not in (1, 2)
                                                  and not (cue and cue in lex.event_cues)),
                                    road=road, scene=scene,
                                    dateline=bool(cue and _SPEECH.search(text[max(0, s - 70):s])))

    # Capitalised runs after a place cue first: they see "As Samawah" where NER saw a PERSON "Samawah".
    for m in _RUN.finditer(text):
        # A run is a place after a cue ("in X"), before a bracketed hierarchy ("Zorbari (Kajuru LGA, Kaduna)"),
        # before a town word ("Zorbakhel town") or before a facility ("blocked the Jounieh roundabout").
        after = text[m.end():m.end() + 30]
        if _cue_before(text, m.start(), lex) or _PLACE_AFTER.match(after) or pat["facility_after"].match(after):
            add(m.start(), m.end(), from_entity=False)
        elif re.search(r" (?:of|at) ", m.group()) and m.group().split()[0].lower() in lex.skip:
            add(m.start(), m.end(), from_entity=False)  # "Residents of Kisumu protested": add() keeps "Kisumu"
    # A road's end points are no scene (add() marks them), but they tell the country of an event on the road
    # that names no other place ("blocked the Sidon-Beirut highway").
    for m in [*pat["road_named"].finditer(text), *pat["road_linking"].finditer(text)]:
        for i in (1, 2):
            if (m.start(i), m.end(i)) not in spans:
                add(m.start(i), m.end(i), from_entity=False)
    if lowercase_text(text):
        # Some sources store whole articles in lower case ("in the limbayat area of surat"): after a cue, try
        # the next one or two words as a name; the resolver keeps only names the gazetteer knows well.
        for m in _LOWER_CUED.finditer(text):
            s0, e0 = m.start(1), m.end(1)
            if text[s0:e0].split()[0] not in lex.skip:
                add(s0, e0, from_entity=False, weak=True)
        lower_dateline = re.match(r"\s*([a-z][a-z\-]{2,}(?: [a-z][a-z\-]{2,})?)\s*[:\u2014]", text)
        if lower_dateline:  # "surat: police fired at a mob ...": the dateline, the last resort of a story
            add(lower_dateline.start(1), lower_dateline.end(1), from_entity=False, weak=True)
    # "in the Indonesian capital": the capital of the country the nationality word names.
    for m in _DEMONYM_CAPITAL.finditer(text):
        cc = lex.demonyms.get(m.group(1).lower())
        if cc and _cue_before(text, m.start(), lex):
            spans[(m.start(1), m.end())] = Mention(m.start(1), m.end(), m.group(), capital_of=cc,
                                                   cue=_cue_before(text, m.start(), lex))
    # "in Myanmar's biggest city", "in Kenya's capital": the country's largest town or its capital.
    for m in _COUNTRY_CITY.finditer(text):
        cue = _cue_before(text, m.start(), lex)
        if cue:
            spans[(m.start(1), m.end())] = Mention(m.start(1), m.end(), m.group(), country_word=m.group(1), cue=cue,
                                                   largest=m.group(2) is not None)
    runs = list(spans)
    for ent in entities:
        if ent.label not in ENTITY_LABELS and ent.label not in CUED_LABELS:
            continue
        # "Haute-Kotto", "X wa Y": NER may stop at a hyphen or a joining word inside a name.
        tail = _HYPHEN_TAIL.match(text, ent.end) or _JOINED_TAIL.match(text, ent.end)
        end = tail.end() if tail else ent.end
        overlap = [k for k in (runs if end == ent.end else spans) if k[0] < end and ent.start < k[1]]
        if overlap:
            # A GPE/LOC entity longer than the run ("Deir ez-Zor" vs "Deir") replaces it; else the run stands.
            # But not a road's two end points ("the Kisumu-Kakamega highway" as one entity): each is a town.
            if ent.label in ENTITY_LABELS and all(end - ent.start > k[1] - k[0] for k in overlap) \
                    and not (len(overlap) > 1 and all(spans[k].road for k in overlap if k in spans)):
                for k in overlap:
                    spans.pop(k, None)
            else:
                continue
        if ent.label in ENTITY_LABELS:
            add(ent.start, end, from_entity=True)
        else:
            # Villages tagged ORG/PERSON: a place when a cue precedes, else only a possible chain link.
            add(ent.start, end, from_entity=False, weak=ent.label == "NORP" or not _cue_before(text, ent.start, lex))
    out = sorted(spans.values(), key=lambda x: x.start)
    _chain(text, out, lex)
    _mark_dateline(text, out)
    return out


# Where people come from or live ("nationals living in Antalya staged a protest in Manavgat"), not the scene.
_ORIGIN = re.compile(r"\b(?:were|was|are|is|hail(?:ed|s)?|came|come|comes)\s+(?:[a-z]+\s+){0,2}?from\s+[^.,;:()]*$"
                     r"|\b(?:living|residing|based|who (?:live|lives|lived|reside|resides))\s+in\s+(?:the\s+)?$")
# "Speaking to reporters in the capital Mogadishu", "told a news conference in Geneva": where a statement was
# made, like a dateline, not where the event it tells of happened.
_SPEECH = re.compile(r"\b(?:(?:speaking|talking|addressing)\b[^.;:()]{0,40}?|(?:told|telling)\s+(?:a\s+|the\s+)?"
                     r"(?:\w+\s+){0,2}?(?:reporters|journalists|media|press|(?:news|press)\s+conference|briefing))"
                     r"\s(?:in|at)\s+(?:the\s+)?(?:capital\s+(?:city\s+)?|city\s+of\s+)?$", re.I)
_JOINED_TAIL = re.compile(rf"(?:[\s\-]+(?:wa|al|el|ad|ash|as|ar|at|de|del|da|do|du|la|bin|ibn|abu|um|umm)"
                          rf"[\s\-]+{_CAP_WORD})+(?:\s+{_CAP_WORD})*")
_HYPHEN_TAIL = re.compile(r"(?:-[A-Z][\w\u00C0-\u024F']*)+")

_LOWER_CUED = re.compile(r"\b(?:in|at|near|outside|city of|town of|village of|district of)\s+(?:the\s+)?"
                         r"([a-z][a-z\-]{3,}(?:\s(?!area|district|town|city|village|on|in|at|and|the)[a-z][a-z\-]{3,})?)")


def lowercase_text(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text[:2000])
    return letters > 200 and sum(ch.isupper() for ch in text[:2000]) < letters * LOWERCASE_SHARE


@cache
def _road_and_facility_patterns() -> dict[str, re.Pattern]:
    """Patterns built once from the lexicon's road and facility words."""
    lex = load()
    road = "|".join(sorted(map(re.escape, lex.road_words), key=len, reverse=True))
    facility = "|".join(sorted(map(re.escape, lex.facilities), key=len, reverse=True))
    name = r"[A-Z][\w'\u2019\-]*(?:\s[A-Z][\w'\u2019\-]*)?"
    end = r"[A-Z][\w'\u2019]+(?:\s[A-Z][\w'\u2019]+)?"  # a road's end point: a name without the hyphen
    return {
        # "the Jalandhar bypass", "Kakamega - Kisumu road": a name right before a road word names the road.
        "road_after": re.compile(rf"^(?:\s*[-\u2013\u2014]\s*{name})?\s+(?:{road})\b", re.I),
        # "the road linking Aden to Taizz": both towns name the road.
        "road_linking": re.compile(rf"\b(?:{road})s?\s+(?:linking|connecting|joining|between|from)\s+(?:the\s+)?"
                                   rf"({_RUN.pattern})\s+(?:to|and|with)\s+(?:the\s+)?({_RUN.pattern})"),
        # "the Sidon-Beirut highway": the two towns it runs between.
        "road_named": re.compile(rf"\b({end})\s*[-\u2013]\s*({end})\s+(?:{road})\b"),
        # "Rwemiyaga police post", "the Jounieh roundabout": a facility in the named town.
        "facility_after": re.compile(rf"^\s+(?:{facility})\b", re.I),
    }


def _scene(text: str, end: int, lex: Lexicon) -> bool:
    """Whether the name ending at `end` modifies an event noun ("a London rally", "the Kabul suicide bombing")."""
    words = re.findall(r"[a-z\-]+", text[end:end + 40].lower())[:2]
    after = text[end:end + 2]
    if not words or not after.startswith(" ") or after[1:2].isupper():
        return False
    return words[0] in lex.scene_nouns or (words[0] in lex.scene_modifiers and len(words) > 1
                                           and words[1] in lex.scene_nouns)


# "St Anthony's", "Saint Mary's": with a possessive, a saint's church or shrine.
_SAINT = re.compile(r"(?:St\.?|Saint)\s", re.I)
# "Novoraisk, a small village in the region of Kherson": a place the text calls one.
_APPOSITIVE = re.compile(r"^,\s+(?:a|an|the)\s+(?:[a-z\-]+\s+){0,3}?(?:village|town|city|hamlet|settlement|"
                         r"suburb|locality|township|district|neighbou?rhood|border town|port|port city)\b")
_APPOSITIVE_GAP = re.compile(_APPOSITIVE.pattern + r"\s+(?:in|of|near)\s+(?:the\s+)?(?:[a-z\-]+\s+){0,2}?"
                             r"(?:(?:region|province|district|state|county|governorate|oblast)\s+of\s+)?$")

_CODED_NOTE = re.compile(r"\s*\(coded[^()]*\)|\s*\[[^\[\]]*\]")  # "(coded to district level)", "[Zorbagou]"

_DEMONYM_CAPITAL = re.compile(r"\b([A-Z][a-z]+)\s+capital\b")
_COUNTRY_CITY = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)['\u2019]s\s+(?:(biggest|largest|most populous|main|"
                           r"commercial)\s+(?:city|town)|capital(?:\s+city)?)\b")

_PLACE_AFTER = re.compile(r"^(?:\s+(?:town|village|city|township|locality|area|district|county|LGA|province|state))?"
                          r"\s*\(\s*(?:[A-Z]|coded\b)|^\s+(?:town|village|city|township|locality)\b")

# Between a place and the place that qualifies it: up to four words, then a comma, a bracket, "of" or "in"
# ("Gulbagh area of Imam Sahib", "Zorbo groupement (Uvira", "Kiambu, Kenya", "village in Zawiya",
# "district of western Herat"). The words must be place words (_chain_gap), not a clause.
_CHAIN_GAP = re.compile(r"^[\s),]*((?:[A-Za-z\-'\u2019]+[\s,]*){0,6}?)(?:,|\(|\bof\b|\bin\b|\bunder\b)"
                        r"[\s,(]*((?:[a-z\-]+\s+){0,2})$")


_BEARING = re.compile(r"^[\s,]*(?:(?:about|some|around)\s+)?(?:\d[\d.,]*\s*(?:km|kilomet(?:er|re)s?|miles?)\s+)?"
                      r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s*$", re.I)


def _chain_gap(gap: str, lex: Lexicon) -> bool:
    """Whether `gap` links a place to the one qualifying it ("area of", "district, ") rather than being a clause
    between two unrelated places ("featured in", "militants in")."""
    gap = _CODED_NOTE.sub("", gap)  # "Zorbagou (coded to district level) (Al Hudaydah)", "X [Y] (Z)"
    if _BEARING.search(gap):
        return False  # "Barda, northeast of Nagorno-Karabakh": a bearing from a landmark, which need not hold it
    m = _CHAIN_GAP.match(gap)
    if not m:
        return False
    if "(" in gap[m.end(1):]:
        return True  # "Campo Dos corregimiento (Norte de Santander)": a bracket right after a name is its hierarchy
    # Capitalised words are parts of names ("Gitwe Hill", "Gwer-East"); lower-case ones must be place words.
    before = [w for w in m.group(1).split() if not w.lstrip("-")[:1].isupper()]
    after = m.group(2).split()
    return all(w.lower() in lex.chain_gap for w in before) and all(w in lex.compass or w in ("the", "in", "of")
                                                                   for w in after)


def _chain(text: str, mentions: list[Mention], lex: Lexicon) -> None:
    """Link each mention to the places that qualify it right after it, adding capitalised runs found there."""
    i = 0
    while i < len(mentions):
        m = mentions[i]
        if m.surface.islower() or m.road:  # lower-cased archives: word runs are guesses, too weak to chain
            i += 1
            continue
        if _OUTLET_BRACKET.match(text, m.end):
            i += 1  # "KABUL (Kabul Daily) -": a dateline's bracket names the outlet, not a division
            continue
        pos = m.end
        nxt_idx = i + 1
        while True:
            lv, part, pos2 = _after_words(text, pos, lex)
            pos = max(pos, pos2)
            nxt = mentions[nxt_idx] if nxt_idx < len(mentions) else None
            if nxt is not None and nxt.surface.islower():
                break
            # The next mention may be a fragment of a longer name ("Norte" of "Rio Grande do Norte"): look past it.
            gap_end = min(len(text), pos + 80)
            if nxt is None:
                gap = ""
            elif nxt_idx == i + 1:
                gap = text[m.end:nxt.start]  # right after the head: its own town/admin words are part of the gap
            else:
                gap = text[pos:nxt.start]
            linked = (len(gap) < CHAIN_GAP_CHARS and _chain_gap(gap, lex)) or (len(gap) < 90 and _APPOSITIVE_GAP.match(gap))
            if nxt and linked:
                if not re.search(r"\(|\bin\b|\bof\b", gap):
                    m.listed.add(id(nxt))
                m.parents.append(nxt)
                pos = nxt.end
                nxt_idx += 1
                continue
            # A capitalised run after ", " or "(" that no rule found yet.
            r = re.match(rf"^[\s)]*(?:{_CODED_NOTE.pattern})*\s*(?:[a-z\-]+\s*){{0,3}}?(?:,|\(|\bof\b|\bin\b|\bunder\b)"
                         rf"[\s,(]*(?:(?:the|in|of)\s+)?({_RUN.pattern})",
                         text[pos:gap_end])
            if r and _chain_gap(text[pos:pos + r.start(1)], lex):
                s = pos + r.start(1)
                t = _trim(text, s, pos + r.end(1), lex)
                if t and text[t[0]:t[1]].split()[0].lower() not in lex.skip:
                    new = Mention(t[0], t[1], text[t[0]:t[1]], cue=None, level=t[2], part=t[3])
                    lv3, _p, _e = _after_words(text, t[1], lex)
                    if new.level is None:
                        new.level = lv3
                    # Fragments the new name swallows give way to it.
                    while nxt_idx < len(mentions) and mentions[nxt_idx].start < new.end:
                        mentions.pop(nxt_idx)
                    if nxt_idx < len(mentions) and mentions[nxt_idx].start < new.start:
                        break
                    mentions.insert(nxt_idx, new)
                    m.parents.append(new)
                    pos = new.end
                    nxt_idx += 1
                    continue
            break
        i += 1
    for m in mentions:
        for p in m.parents:
            p.qualifies = True
            p.children.append(m)
    # Parents of parents: "Gulbagh area of Imam Sahib district, Kunduz" links Gulbagh to Kunduz too.
    for m in reversed(mentions):
        for g in [g for p in m.parents for g in p.parents]:
            if all(g is not q for q in m.parents):
                m.parents.append(g)


def _mark_dateline(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        if m.start > 60:
            break
        if _DATELINE_TAIL.match(text[m.end:m.end + 40]) or (m.surface.isupper() and len(m.surface) > 3):
            m.dateline = True
