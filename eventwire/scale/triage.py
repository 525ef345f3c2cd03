"""Triage: the cheap check that runs before spaCy, so pages that are not about political violence or
protest skip the language pipeline (most news is about something else).

A page is read when one of its sentences (or its headline) holds a cue that can make a sentence a report
(data/rules.toml [sentence]: event and modifier cues, weak ones too in a brief) and, unless the page is a
brief, says the act is political violence or protest (data/triage.toml: a cue that tells it alone, an
armed actor or target beside it, or a pair such as killed + attack). A coder's label prefix ("Looting:
...") is always read. Everyday news in the same words is not (triage.toml [everyday]): words in an
everyday sense ("wound up third", "fell to $76") are blanked before the scan, a sentence about a game, a
market or a bank robbery (an accident, unless it names protest or an armed actor) does not count, and a page
holding such a sentence, brief or not, needs a sentence that names political violence or protest. Sentences
are cut by punctuation and line breaks with one regex; each is scanned only when the page's report cues are
in it. Cost: about 1 ms for a 5,000-character page.

Unlike the extractor's own filters this is a judgement about the page, so it is measured, not assumed:
eval/run_dev.py --triage scores every dev set with it (README: Speed).
"""
from __future__ import annotations

import bisect
import itertools
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..records import Article

log = logging.getLogger(__name__)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
# Alternatives from which by_first_char groups a pattern: below that, a flat alternation scans as fast.
GROUPED_FROM = 40


class Cues:
    """Some cues of cues.toml as one pattern, matched on lower-cased text without re.IGNORECASE (twice as
    fast; the cue patterns hold no upper case). Text whose lower case is not a letter-for-letter copy
    (a dotted capital I, a long s) is matched with IGNORECASE instead."""

    def __init__(self, lex, names) -> None:
        head, tail = cue_ends()
        bodies = []
        for name in sorted(names):
            body = lower_body(lex.cues[name])
            if body is None:
                raise ValueError(f"cue {name!r} is not a lower-case pattern built by lexicon._alt")
            bodies.append(body)
        self._any_case_pattern = head + "|".join(bodies) + tail
        self._any_case: re.Pattern | None = None
        self.lower = re.compile(by_first_char(head, bodies, tail))

    @property
    def any_case(self) -> re.Pattern:
        """The pattern for text without a letter-for-letter lower case: compiled when such a text first comes
        (rarely: a dotted capital I, a long s), not at start-up, where it cost a process 0.1-0.2 s of CPU."""
        if self._any_case is None:
            self._any_case = re.compile(self._any_case_pattern, re.IGNORECASE)
        return self._any_case

    def finditer(self, text: str, folded: str | None) -> Iterator[re.Match]:
        """Matches in `text`; `folded` is fold(text), when it has one."""
        return self.lower.finditer(folded) if folded is not None else self.any_case.finditer(text)

    def search(self, text: str, folded: str | None) -> bool:
        return bool(self.lower.search(folded) if folded is not None else self.any_case.search(text))


@cache
def cue_ends() -> tuple[str, str]:
    """What lexicon._alt puts before and after the alternatives of a cue."""
    from ..extract.lexicon import _alt

    head, tail = _alt("probe", ["x"]).pattern.split("x")
    return head, tail


def lower_body(pattern: re.Pattern) -> str | None:
    """The alternatives of a cue pattern built by lexicon._alt, when they hold no upper case (so that they
    match lower-cased text without re.IGNORECASE), else None."""
    head, tail = cue_ends()
    p = pattern.pattern
    if not (p.startswith(head) and p.endswith(tail)) or re.search(r"[A-Z]", p[len(head):-len(tail)]):
        return None
    return p[len(head):-len(tail)]


def by_first_char(head: str, bodies: list[str], tail: str) -> str:
    """head + "|".join(bodies) + tail, matching the same text at the same places, with the alternatives of
    the bodies sorted into groups by the characters they can start with, each group behind a
    one-character look-ahead.

    Where a match can start, the regex engine tries every alternative of one flat alternation in turn
    (471 in the report cues: most of the cost of triage and of nlp.read's scan). Grouped, it
    tries a few dozen look-aheads and then only the alternatives that can start with the character there,
    in their own order; the others would fail on that first character anyway, so the first alternative
    that matches, and the match, are the same (three times faster on the dev texts). An alternative whose
    first character is not known (a class like \\w, a dot) is in every group, and in a last one for any
    other character."""
    bodies = [alt for b in bodies for alt in top_alternatives(b)]
    if len(bodies) < GROUPED_FROM:
        return head + "|".join(bodies) + tail
    firsts = [_first_chars(b) for b in bodies]
    chars = sorted(set().union(*(f for f in firsts if f is not None)))
    groups = []
    for c in chars:
        members = [b for b, f in zip(bodies, firsts) if f is None or c in f]
        groups.append(f"(?={re.escape(c)})(?:{'|'.join(members)})")
    anywhere = [b for b, f in zip(bodies, firsts) if f is None]
    if anywhere:
        other = f"(?![{''.join(re.escape(c) for c in chars)}])" if chars else ""
        groups.append(f"{other}(?:{'|'.join(anywhere)})")
    return head + "|".join(groups) + tail


def top_alternatives(body: str) -> list[str]:
    """`body` cut at its top-level "|": "a|b(?:c|d)|[|]" -> ["a", "b(?:c|d)", "[|]"]. In one alternation
    these are tried in the same order as within `body`, so the cut changes no match. A body the cut does
    not leave as patterns that compile on their own stays whole."""
    return list(_top_alternatives(body))


@cache
def _top_alternatives(body: str) -> tuple[str, ...]:
    """top_alternatives, once per body: triage, nlp.read and the extractor's cue scan cut the same cues."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            i += 1
            i += body[i:i + 1] == "^"
            i += body[i:i + 1] == "]"  # "[]...]": a first "]" is a member, not the end
            in_class = True
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    try:
        for alt in out:
            re.compile(alt)
    except re.error:
        return (body,)
    return tuple(out)


def _first_chars(body: str) -> frozenset[str] | None:
    """The characters a match of `body` can start with, or None when that is not a short known set."""
    from re import _parser  # the parser re compiles with: the same reading of the pattern

    try:
        chars, empty = _firsts(_parser.parse(body))
    except (ValueError, re.error):
        return None
    return None if chars is None or empty else frozenset(chars)


def _firsts(items) -> tuple[set[str] | None, bool]:
    """(first characters of a parsed sequence or None for unknown, whether it can match the empty string)."""
    from re import _constants as k

    out: set[str] = set()
    for op, arg in items:
        if op is k.LITERAL:
            return out | {chr(arg)}, False
        if op is k.IN:
            if not all(o is k.LITERAL for o, _ in arg):
                return None, False
            return out | {chr(a) for _o, a in arg}, False
        if op is k.AT or op in (k.ASSERT, k.ASSERT_NOT):
            continue  # consumes nothing: the first character comes after it
        if op is k.BRANCH:
            alts = [_firsts(alt) for alt in arg[1]]
            if any(f is None for f, _ in alts):
                return None, False
            out |= set().union(*(f for f, _ in alts))
            if not any(e for _, e in alts):
                return out, False
            continue
        if op is k.SUBPATTERN:
            group, add_flags, del_flags, sub = arg
            if add_flags or del_flags:
                return None, False
            f, empty = _firsts(sub)
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT, getattr(k, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            f, empty = _firsts(sub)
            empty = empty or low == 0
        else:
            return None, False
        if f is None:
            return None, False
        out |= f
        if not empty:
            return out, False
    return out, True


def required_literals(body: str) -> frozenset[str] | None:
    """Strings one of which every match of `body` contains (case as written), or None when the pattern does
    not say: "kill(?:ed|s)? (?:a|the) man" -> {"kill"}, "(?:shot|stabbed) dead" -> {" dead"}. Of the
    choices a pattern offers, the one whose shortest string is longest (the rarest in text)."""
    from re import _parser  # the parser re compiles with: the same reading of the pattern

    try:
        return _required(_parser.parse(body))
    except (ValueError, re.error):
        return None


def _required(items) -> frozenset[str] | None:
    """required_literals of a parsed sequence: its runs of literal characters, and the groups, branches
    and repeats it cannot match without (a branch only when each of its alternatives has its own)."""
    from re import _constants as k

    choices: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is k.LITERAL or op is k.IN and len(arg) == 1 and arg[0][0] is k.LITERAL:
            run.append(chr(arg if op is k.LITERAL else arg[0][1]))
            continue
        if run:
            choices.append(frozenset(["".join(run)]))
            run = []
        sub = None
        if op is k.BRANCH:
            alts = [_required(alt) for alt in arg[1]]
            sub = None if any(a is None for a in alts) else frozenset().union(*alts)
        elif op is k.SUBPATTERN and not arg[1] and not arg[2]:
            sub = _required(arg[3])
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT) and arg[0] >= 1:
            sub = _required(arg[2])
        if sub:
            choices.append(sub)
    if run:
        choices.append(frozenset(["".join(run)]))
    return max(choices, key=lambda c: (min(map(len, c)), -len(c))) if choices else None


class Literals:
    """Which of some patterns can match in a text, from one scan: every match of a pattern contains one of
    the literal strings it requires (required_literals), so a pattern none of whose strings is in the text
    cannot match there. Strings and text are compared in lower case, which serves case-insensitive
    patterns too; a pattern that requires nothing known is always possible."""

    def __init__(self, bodies: Iterable[str | None]) -> None:
        self.needs: list[frozenset[str] | None] = []
        for body in bodies:
            needs = required_literals(body) if body is not None else None
            # A string whose lower case moves letters is not looked for: its pattern is always possible.
            if needs is not None and any(len(s.lower()) != len(s) for s in needs):
                needs = None
            self.needs.append(None if needs is None else frozenset(s.lower() for s in needs))
        literals = sorted(set().union(*(n for n in self.needs if n)), key=lambda s: (-len(s), s))
        # At each place, the longest string that starts there; the shorter ones that start there too are its
        # prefixes, counted with it.
        self._scan = re.compile(by_first_char("(?=(", [re.escape(s) for s in literals], "))"), re.S) \
            if literals else None
        known = set(literals)
        self._prefixes = {s: [s[:j] for j in range(1, len(s) + 1) if s[:j] in known] for s in literals}

    def possible(self, text: str) -> list[bool] | None:
        """Per pattern, whether it can match in `text`; None when that cannot be told from `text`'s lower
        case (fold gives none, or a dotless ı, which re.IGNORECASE matches to an i)."""
        folded = fold(text)
        if folded is None or "\u0131" in folded:
            return None
        present: set[str] = set()
        if self._scan is not None:
            for m in self._scan.finditer(folded):
                present.update(self._prefixes[m.group(1)])
        return [needs is None or not present.isdisjoint(needs) for needs in self.needs]


def fold(text: str) -> str | None:
    """`text` in lower case with the same offsets, or None when lower-casing would move or change letters."""
    low = text.lower()
    return low if len(low) == len(text) and "\u017f" not in low else None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    reports: Cues  # any cue that can make a sentence of a long page a report
    reports_brief: Cues  # the same, and the weak cues a brief reports with
    political: Cues  # cues that make such a sentence political violence or protest (triage.toml)
    pairs: tuple[tuple[Cues, ...], ...]
    prefix: re.Pattern | None  # a coder's label at the start of the text, e.g. "Looting:"
    brief: int  # characters: a page this short is a brief (extract.SHORT_REPORT)
    senses: re.Pattern | None = None  # words in an everyday sense, blanked before the scan (triage.toml)
    ordinary: re.Pattern | None = None  # a sentence of everyday news: its cues do not count (triage.toml)
    accidents: re.Pattern | None = None  # the same, unless the sentence holds a political cue


@cache
def vocabulary() -> Vocabulary:
    from ..extract import SHORT_REPORT, lexicon

    lex = lexicon.load()
    data = tomllib.loads(resources.files("eventwire").joinpath("data/triage.toml").read_text("utf-8"))
    page, everyday = data["page"], data.get("everyday", {})
    named = set(page["alone"]) | set(page["actors"]) | {n for pair in page["pairs"] for n in pair}
    missing = named - set(lex.cues)
    if missing:
        raise ValueError(f"triage.toml: cues without patterns in cues.toml: {sorted(missing)}")
    roles = lex.roles
    prefix = None
    if lex.prefixes:
        prefix = re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in lex.prefixes) + r")\s*:", re.IGNORECASE)
    return Vocabulary(
        reports=Cues(lex, roles.event | roles.modifier), reports_brief=Cues(lex, roles.event | roles.modifier | roles.weak),
        political=Cues(lex, set(page["alone"]) | set(page["actors"])),
        pairs=tuple(tuple(Cues(lex, [n]) for n in pair) for pair in page["pairs"]), prefix=prefix, brief=SHORT_REPORT,
        senses=_any_of(everyday.get("senses", [])), ordinary=_any_of(everyday.get("sentences", [])),
        accidents=_any_of(everyday.get("accidents", [])))


def _any_of(patterns: list[str]) -> re.Pattern | None:
    """One case-insensitive pattern matching where any of `patterns` does, or None for none."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def is_relevant(text: str, title: str | None = None) -> bool:
    """Is the page (`text`, and its headline) worth reading for political violence or protest?"""
    vocab = vocabulary()
    if vocab.prefix is not None and vocab.prefix.match(text):
        return True
    brief = len(text) <= vocab.brief
    reports = vocab.reports_brief if brief else vocab.reports
    from ..extract import domains  # (as vocabulary() does: importing triage loads no extractor)

    # The extractor reads the text's cues with an everyday domain's war words blanked (extract.domains): what it
    # cannot read there, triage need not read either (the headline stays as it is).
    text = domains.blank(text)
    page = f"{title}\n{text}" if title else text
    if vocab.senses is not None:
        page = vocab.senses.sub(_blank, page)  # same length: offsets and case folding stay as they were
    folded = fold(page)
    # The cues are found as the sentences holding them are judged, in text order: a page read for its first
    # political sentence is not scanned past it.
    found = reports.finditer(page, folded)
    first = next(found, None)
    if first is None:
        return False
    # A page with a sentence of everyday news (a game, a market, an accident) is read only for a sentence
    # that names political violence or protest: a brief's weak cue or a casualty count is not enough there.
    everyday = any(p is not None and p.search(page) for p in (vocab.ordinary, vocab.accidents))
    if brief and not everyday:
        return True
    # The sentences holding those cues: is one of them, not a sentence of everyday news, about political
    # violence or protest (in a brief, any of them)?
    ends = [m.end() for m in _SENTENCES.finditer(page)] + [len(page)]
    seen = set()
    for at in itertools.chain((first.start(),), (m.start() for m in found)):
        k = bisect.bisect_right(ends, at)
        if k in seen:
            continue
        seen.add(k)
        a, b = (ends[k - 1] if k else 0), ends[k] if k < len(ends) else len(page)
        sentence, low = page[a:b], folded[a:b] if folded is not None else None
        if vocab.ordinary is not None and vocab.ordinary.search(sentence):
            continue
        political = vocab.political.search(sentence, low)
        if not political and vocab.accidents is not None and vocab.accidents.search(sentence):
            continue
        if political or not everyday and (brief or any(all(c.search(sentence, low) for c in pair) for pair in vocab.pairs)):
            return True
    return False


def relevant(articles: Iterable[Article], *, on_skip: Callable[[Article], None] | None = None) -> Iterator[Article]:
    """The articles that pass triage, in order; `on_skip` hears about the others."""
    for article in articles:
        if is_relevant(article.text, article.title):
            yield article
        else:
            log.debug("triage skipped %s", article.id)
            if on_skip is not None:
                on_skip(article)
