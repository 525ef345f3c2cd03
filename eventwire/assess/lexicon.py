"""The vocabulary of source assessment, read once from eventwire/data/assess_sources.toml and assess_language.toml."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = ("outlet", "government", "security_forces", "armed_group", "international_org", "ngo", "media", "witness",
         "unnamed")
INSTITUTIONS = ("security_forces", "government", "armed_group", "international_org", "ngo", "media")
STATUSES = ("reported", "attributed", "claimed", "disputed", "unverified")
LOADED_CATEGORIES = ("dehumanising", "name_calling", "exaggeration", "moralising", "fear", "other")


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("eventwire").joinpath(f"data/{name}").read_text("utf-8"))


def _alt(name: str, patterns: list[str]) -> re.Pattern:
    """One case-insensitive pattern for a group; an empty group would match everything, so it is refused."""
    if not patterns:
        raise ValueError(f"data/assess_*.toml: empty pattern group {name!r}")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _words(patterns: list[str]) -> str:
    return r"\b(?:" + "|".join(patterns) + r")\b"


@dataclass(frozen=True, slots=True)
class Lexicon:
    acts: dict[str, str]  # verb lemma -> say | claim | deny | allege | exhort
    document_only: frozenset[str]
    quoting: frozenset[str]  # "was quoted as saying": the passive's subject speaks
    toll_objects: frozenset[str]  # "put the toll at 40": these objects make a document-only verb report
    continuing: frozenset[str]  # "adding": speaks for the sentence's "according to" source when its head reports nothing
    checking: frozenset[str]  # "were still verifying": in the progressive, a check under way, no one's word yet
    responsibility_verbs: frozenset[str]
    responsibility_nouns: frozenset[str]
    weak_denials: frozenset[str]  # "reject", "dismiss": a denial only of an account, not of an offer or a call
    denial_objects: frozenset[str]  # what such a verb must turn down to deny an account ("claims", "reports")
    hedging_passives: frozenset[str]
    hedging_adverbs: frozenset[str]
    hedged_states: frozenset[str]
    according: frozenset[str]
    per: frozenset[str]
    citing: frozenset[str]
    pronouns: dict[str, str]  # pronoun -> person | plural | thing
    documents: frozenset[str]
    mute_subjects: frozenset[str]  # events that a reporting verb may have as subject, no one speaking
    experiencing: frozenset[str]  # "the town witnessed clashes": report only when their subject can speak
    settings: frozenset[str]  # places and times, which witness events without speaking
    online: frozenset[str]
    kind_words: dict[str, str]  # lemma -> kind
    names_pattern: re.Pattern  # every name, longest first (capitalised ones matched as written)
    name_kinds: dict[str, str]  # name as written (or lower-cased, for names written in lower case) -> kind
    role_kinds: frozenset[str]
    weak: frozenset[str]  # institution words that yield to any more specific one in the phrase
    anonymous: frozenset[str]
    official: frozenset[str]
    medics: frozenset[str]
    canonical_pattern: re.Pattern  # surface forms of well-known sources
    canonical: dict[str, str]  # surface form -> normalised name
    plurals: dict[str, str]
    forces: dict[str, frozenset[str]]  # ACLED's name for state forces -> the words that name them
    un_actor: tuple[str, ...]  # pieces of an ACLED actor name that make it a UN force or mission
    opinion: dict[str, re.Pattern]  # exhort | predict | evaluate | rhetorical
    min_words_rhetorical: int
    grammar_min_words: int  # opinion by grammar (stance.py): units shorter than this are left alone
    page_verbs: frozenset[str]
    judging: frozenset[str]
    verdicts: frozenset[str]  # nouns of a verdict as a predicate: "this is a travesty"
    feelings: frozenset[str]  # "we are deeply troubled": the writer's own stance
    linking: frozenset[str]
    forecast_adverbs: frozenset[str]
    inference_verbs: frozenset[str]
    loaded: tuple[tuple[str, re.Pattern], ...]  # (category, pattern)
    labelling: re.Pattern  # "branded as" before a term: someone else's label
    unverified: re.Pattern
    disputed: re.Pattern
    confirms_back: re.Pattern  # "confirmed the incident": a source vouching for the event told before
    event_words: re.Pattern
    toll_words: re.Pattern


def _names_pattern(names: list[str]) -> re.Pattern:
    """One pattern for all names, longest first: names written with a capital (IS, UN, Reuters) match only so
    written ("is" and "un-" are words too), the others in any case."""
    alts = [re.escape(n) if any(c.isupper() for c in n) else f"(?i:{re.escape(n)})"
            for n in sorted(names, key=len, reverse=True)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


@cache
def load() -> Lexicon:
    src, lang = _read("assess_sources.toml"), _read("assess_language.toml")
    acts = {lemma: act for act in ("say", "claim", "deny", "allege", "exhort") for lemma in src["verbs"][act]}
    kind_words: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for kind, table in src["kinds"].items():
        if kind not in KINDS:
            raise ValueError(f"data/assess_sources.toml: unknown holder kind {kind!r}")
        for w in table["words"]:
            kind_words.setdefault(w.lower(), kind)
        names.extend((n, kind) for n in table["names"])
    names.sort(key=lambda nk: -len(nk[0]))
    canonical = {form if any(c.isupper() for c in form) else form.lower(): name
                 for name, forms in src["canonical"].items() for form in forms}
    op = lang["opinion"]
    loaded = []
    for cat in LOADED_CATEGORIES:  # every category must be present (and non-empty)
        loaded.append((cat, _alt(f"loaded.{cat}", [_words(lang["loaded"][cat])])))
    cues = lang["cues"]
    return Lexicon(
        acts=acts, document_only=frozenset(src["verbs"]["document_only"]),
        toll_objects=frozenset(src["verbs"]["toll_objects"]), quoting=frozenset(src["verbs"]["quoting"]),
        continuing=frozenset(src["verbs"]["continuing"]), checking=frozenset(src["verbs"]["checking"]),
        responsibility_verbs=frozenset(src["verbs"]["responsibility_verbs"]),
        responsibility_nouns=frozenset(src["verbs"]["responsibility_nouns"]),
        weak_denials=frozenset(src["verbs"]["weak_denials"]), denial_objects=frozenset(src["verbs"]["denial_objects"]),
        hedging_passives=frozenset(src["verbs"]["hedging_passives"]),
        hedging_adverbs=frozenset(src["verbs"]["hedging_adverbs"]),
        hedged_states=frozenset(src["verbs"]["hedged_states"]),
        according=frozenset(src["phrases"]["according"]), per=frozenset(src["phrases"]["per"]),
        citing=frozenset(src["phrases"]["citing"]),
        pronouns={p: group for group, words in src["pronouns"].items() for p in words},
        documents=frozenset(src["documents"]["nouns"]), mute_subjects=frozenset(src["voice"]["mute_subjects"]),
        experiencing=frozenset(src["verbs"]["experiencing"]), settings=frozenset(src["voice"]["settings"]), online=frozenset(src["documents"]["online"]),
        kind_words=kind_words, names_pattern=_names_pattern([n for n, _ in names]),
        name_kinds={**{n.lower(): k for n, k in reversed(names) if not any(c.isupper() for c in n)},
                    **{n: k for n, k in reversed(names) if any(c.isupper() for c in n)}},
        role_kinds=frozenset(src["roles"]["role_kinds"]), weak=frozenset(w.lower() for w in src["roles"]["weak"]), anonymous=frozenset(src["roles"]["anonymous"]),
        official=frozenset(src["roles"]["official"]), medics=frozenset(src["roles"]["medics"]),
        canonical_pattern=_names_pattern(list(canonical)), canonical=canonical, plurals=dict(src["plurals"]),
        forces={name: frozenset(words) for name, words in src["forces"].items()},
        un_actor=tuple(src["parties"]["un_actor"]),
        opinion={k: _alt(f"opinion.{k}", op[k]) for k in ("exhort", "predict", "evaluate", "rhetorical")},
        min_words_rhetorical=int(op["min_words_rhetorical"]),
        grammar_min_words=int(op["grammar"]["min_words"]), page_verbs=frozenset(op["grammar"]["page_verbs"]),
        judging=frozenset(op["grammar"]["judging"]), verdicts=frozenset(op["grammar"]["verdicts"]),
        feelings=frozenset(op["grammar"]["feelings"]), linking=frozenset(op["grammar"]["linking"]),
        forecast_adverbs=frozenset(op["grammar"]["forecast_adverbs"]),
        inference_verbs=frozenset(op["grammar"]["inference_verbs"]),
        loaded=tuple(loaded), labelling=re.compile(lang["loaded"]["labelling"], re.IGNORECASE),
        unverified=_alt("cues.unverified", cues["unverified"]), disputed=_alt("cues.disputed", cues["disputed"]),
        confirms_back=_alt("cues.confirms_back", cues["confirms_back"]),
        event_words=_alt("cues.event_words", [r"\b(?:" + "|".join(cues["event_words"]) + r")(?:s|es|ed|d|ing)?\b"]),
        toll_words=_alt("cues.toll_words", [_words(cues["toll_words"])]),
    )
