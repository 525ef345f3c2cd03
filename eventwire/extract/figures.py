"""Casualty figures in a stretch of text: each number (digits, number words, vague words), its bounds, what
it counts (killed, wounded, missing, bodies found, other) and whose (the victims' group).

Phrase-level reading only; counts.py combines an event's figures into its toll and lists the conventions.
The words are data (data/casualty_lexicon.toml, data/vague_counts.toml).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

AFTER_WORDS = 12  # a death word this many words after a figure still closes its phrase
AFTER_WORDS_VAGUE = 5  # ... and after a vague word ("some", "many"), which is a figure only right before one
GOVERN_GAP = re.compile(r"^\s*(?:of\s+|(?:range|ranged|ranging)\s+from\s+)?"
                        r"(?:another\s+|the\s+|a\s+total\s+of\s+|some\s+)?$", re.I)
JOINED = re.compile(r"^(?=.*(?:,|\band\b|\bor\b|\bplus\b|as\s+well\s+as))[\s,]*(?:[\w'-]+(?:\s*,\s*|\s+)){0,6}?"
                    r"(?:(?:and|or|plus|as\s+well\s+as)\s*)?$", re.I)
# What may follow the noun of "a soldier": the noun must end its phrase ("a youth mob" is not one person).
SINGLE_END = (r"(?=\s*(?:[,.;:()]|$)|\s+[a-z]+ing\b|\s+(?:was|were|who|whom|whose|that|and|or|from|in|at|on|"
              r"of|with|near|to|by|after|as|during|while|when|coming|going|identified|named|aged|belonging|"
              r"working|living|sitting|standing|walking|driving|riding|inside|outside|into|for|had|has|is|died|dies|later|"
              r"accused|suspected|believed|allegedly|reportedly|onboard|aboard)\b|\s+[a-z]+ed\b)")
# "Eight soldiers were killed, some of whom ...": a part of a toll already counted.
PARTITIVE = re.compile(r"\s+of\s+(?:whom|them|those|these|the\s+(?:dead|victims|killed|injured|wounded|casualties))\b",
                       re.I)
# "killed his brother", "shot Russia's ambassador": a possessive names one person as "the" does.
POSSESSIVE = r"his|her|their|(?-i:[A-Z][\w-]*)['’]s"
# "killed a trader and his son": a second victim listed after the first, governed by the same verb.
LISTED_AFTER = re.compile(rf"^\s*(?:an?|the|{POSSESSIVE})\s+(?:[\w'\u2019-]+\s+){{1,3}}?and\s+$", re.I)
AND = re.compile(r"\b(?:and|plus|as\s+well\s+as)\b", re.I)
# "Three suspects fled and one was killed": a figure with a verb of its own is no part of the next one's list.
OWN_CLAUSE = re.compile(r"\b(?:managed|fled|escaped|ran|got|went|survived|surrendered|were|was|are|is|had|has|have)\b")
PAREN_LIST = re.compile(r"^[\s\w'-]{0,30}\(\s*$")
PARENS = re.compile(r"\([^()]{0,120}\)")
AGE = re.compile(r"\b[\w-]+[- ]years?[- ]old\b", re.I)
# "a displaced person died", "two injured soldiers later died": a participle before the noun describes the
# people; the death word after the noun says what befell them.
DESCRIBED = re.compile(r"\b(?:displaced|injured|wounded|abducted|kidnapped|detained|arrested|missing)\s+"
                       r"(?=(?:[\w-]+\s+){0,2}?(?:persons?|people|m[ae]n|wom[ae]n|child(?:ren)?|civilians?|soldiers?|"
                       r"villagers?|residents?|youths?|boys?|girls?|individuals?|fighters?|officers?|policem[ae]n|"
                       r"protesters?|migrants?|refugees?|brothers?|sisters?|sons?|daughters?|relatives?|workers?|"
                       r"students?|farmers?|traders?|drivers?|journalists?|teachers?|passengers?|herders?|"
                       r"fishermen|miners?|pilgrims?|tourists?|nationals?|citizens?|guards?|employees?)\b)", re.I)
STOP = re.compile(r"[;:\[\]]|\.\s")


def _alt(words, *, escape=False) -> str:
    words = [w for w in words if w]
    if not words:
        raise ValueError("empty word group in casualty_lexicon.toml / vague_counts.toml")
    items = [re.escape(w).replace(r"\ ", r"\s+") if escape else w for w in words]
    return "|".join(sorted(items, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Lex:
    units: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, dict]
    number: re.Pattern
    definite: re.Pattern
    them_killed: re.Pattern  # "killed them", "burned them to death": several people counted before the pronoun
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
def load_lexicon() -> Lex:
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
        rf"|(?P<single>an?|the|{POSSESSIVE})\s+(?=(?:[\w'\u2019-]+\s+){{0,3}}?(?:{singular}){SINGLE_END})"
        rf"|(?P<num>{figure}))"
        # a dash before a capitalised number word starts a sentence ("SRINAGAR, Sept 12 - Two militants ..."),
        # it joins no range
        rf"(?:(?:\s*(?:–|to|and|or)\s*|\s*-\s*(?-i:(?![A-Z])))(?P<num2>{figure}))?", re.I)
    definite = re.compile(
        rf"\b(?:{_alt(raw['singular']['definite'], escape=True)}|the\s+(?:[\w-]+\s+)?(?:{singular}))"
        rf",?\s+(?:[\w'-]+,?\s+){{0,4}}?"
        rf"(?:later\s+|also\s+|subsequently\s+|then\s+)?(?:died|was\s+killed|was\s+shot\s+dead|death)\b"
        rf"|\b(?:{_alt(raw['singular']['pronoun_object'])})\b", re.I)
    categories = tuple((name, re.compile(rf"\b(?:{_alt(pats)})(?!\w)", re.I))
                       for name, pats in raw["categories"].items())
    groups = tuple((name, re.compile(rf"\b(?:{_alt(pats)})\b", re.I)) for name, pats in raw["groups"].items())
    scale = vraw["scale"]
    return Lex(
        units=units, scales=scales, vague=vague, number=number, definite=definite, categories=categories,
        them_killed=re.compile(rf"\b(?:{_alt(raw['singular']['plural_pronoun_object'])})\b", re.I),
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
    lex = load_lexicon()
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
class Figure:
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
    listed: bool = False  # joined to the figure before it in one list ("one soldier and one civilian")


_STAMP = re.compile(r"\b\d{4}-\d\d?-\d\d?\b|\b\d\d?/\d\d?/\d{2,4}\b")


def _is_date_or_unit(text: str, m: re.Match) -> bool:
    """Years, days of a month, clock times: figures that count nobody."""
    raw = m.group("num") or ""
    if re.search(r"\bno\s+$", text[max(0, m.start() - 4):m.start()], re.I):
        return True  # "no one was killed": nobody, not one
    lo = max(0, m.start() - 11)
    if any(d.start() < m.end() and m.start() < d.end() for d in _STAMP.finditer(text, lo, m.end() + 11)):
        return True  # part of "2018-07-20" or "10/24/2020"
    if raw and re.match(r"\s*-?\s*(?:years?|yrs?)[- ]old", text[m.end():m.end() + 12], re.I):
        return True  # an age
    if raw and not m.group("num2") and re.match(r"-[a-z]", text[m.end():m.end() + 2], re.I):
        return True  # "a 15-minute shootout", "a five-member team": an adjective
    if (raw and re.search(r"[A-Za-z][\w'-]*,\s*$", text[max(0, m.start() - 30):m.start()])
            and re.match(r"\s*,", text[m.end():])):
        return True  # "Musa Bello, 74, was killed": an age in apposition
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


def _value(m: re.Match, context: str, lex: Lex) -> tuple[int, int | None, int | None, str | None] | None:
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


def _category(after: str, lex: Lex, *, followed: bool = False, limit: int = AFTER_WORDS) -> str | None:
    """The category word that closes a figure's phrase, within AFTER_WORDS words and before a clause break."""
    after = PARENS.sub(lambda m: " " * len(m.group(0)), after)  # an aside does not end the phrase
    after = AGE.sub(lambda m: " " * len(m.group(0)), after)  # "a 25-year-old man was killed": an adjective
    after = DESCRIBED.sub(lambda m: " " * len(m.group(0)), after)
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
    return category_of(m, after, lex)  # the whole rest: "killed or wounded" may run past the window


def category_of(m: re.Match, text: str, lex: Lex) -> str:
    """The category of a matched word; a death that did not happen or may not have is 'other'."""
    name = next(n for n, _ in lex.categories if m.group(n) is not None)
    if name == "killed" and (lex.not_death_before.search(text[max(0, m.start() - 40):m.start()])
                             or lex.not_death_after.match(text[m.end():m.end() + 60])):
        return "other"
    return name


def _group(phrase: str, lex: Lex) -> str:
    """The victims' group named first after a figure ("four members of the security forces" -> security)."""
    best = None
    for name, pat in lex.groups:
        m = pat.search(phrase)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1])):
            best = (m.start(), m.end(), name)
    return best[2] if best else "generic"


def _joined(gap: str, lex: Lex) -> bool:
    """Two figures in one list ("two women and three men"), with no category word between them."""
    return bool(JOINED.match(gap)) and not lex.category_any.search(gap)


def _ungoverned_the(text: str, start: int, m: re.Match, lex: Lex) -> bool:
    """"the soldier" or "Russia's ambassador" counts one only as the object of a death verb ("killed the
    commander"): as a subject it is more often someone already counted, or no victim at all."""
    if (m.group("single") or "a").lower() in ("a", "an"):
        return False
    before = text[max(start, m.start() - 40):m.start()]
    kw = None
    for km in lex.killed_word.finditer(before):
        kw = km
    gap = before[kw.end():] if kw is not None else ""
    return kw is None or not (GOVERN_GAP.match(gap) or LISTED_AFTER.match(gap)) or _name_is_other(kw, before, lex)


def _name_is_other(m: re.Match, text: str, lex: Lex) -> bool:
    return bool(lex.not_death_before.search(text[max(0, m.start() - 40):m.start()]))


def figures_in(text: str, start: int, end: int, context: str) -> list[Figure]:
    """Every death / injury / ... figure in text[start:end], categorised."""
    lex = load_lexicon()
    found = [m for m in lex.number.finditer(text, start, end)
             if not _is_date_or_unit(text, m) and not _ungoverned_the(text, start, m, lex)]
    out: list[Figure] = []
    for i, m in enumerate(found):
        got = _value(m, context, lex)
        if got is None:
            continue
        v, lo, hi, vague = got
        c = Figure(m.start(), m.end(), v, lo, hi, vague)
        prev_end = out[-1].end if out else start
        gap_before = text[prev_end:m.start()]
        joined = bool(out) and _joined(gap_before, lex)
        # Joined by "and", not a comma alone: "One soldier, suspected to be a commander," is one person.
        c.listed = joined and bool(AND.search(gap_before))
        partitive = bool(PARTITIVE.match(text, m.end())) and any(o.category == "killed" for o in out)
        c.subset = partitive or bool(lex.subset_before.search(gap_before[-40:])) or (
            joined and out[-1].subset) or (
            bool(out) and bool(PAREN_LIST.match(gap_before)))  # "6 villagers (3 men, 2 women ...)"
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
            c.category = category_of(kw, before, lex)
            c.governed = True
        if lex.update_before.search(before) and lex.killed_word.search(text, max(start, m.start() - 80), m.start()):
            c.category, c.update = "killed", True
        out.append(c)
    # Coordination: "killed two women and three men" (forward), "three tourists and a guide were killed" (back).
    for a, b in zip(out, out[1:]):
        if b.category is None and a.governed and _joined(text[a.end:b.start], lex):
            b.category, b.governed = a.category, True
    for a, b in reversed(list(zip(out, out[1:]))):
        gap = PARENS.sub(" ", text[a.end:b.start])  # "Three volunteer fighters (VDP) and a councilman"
        if a.category is None and b.category and _joined(gap, lex) and not b.governed and not OWN_CLAUSE.search(gap):
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
        out.append(Figure(m.start(), m.end(), 1, 1, 1, category="killed", definite=True))
    return out
