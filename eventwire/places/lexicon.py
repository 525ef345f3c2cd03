"""The resolver's word lists, read once from data/places_lexicon.toml (and the demonym table)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class Lexicon:
    articles: frozenset[str]
    place_before: tuple[str, ...]  # longest first, so "town of" wins over "of"
    near: frozenset[str]
    event_cues: frozenset[str]
    coded_cues: frozenset[str]  # "coded to X" in a coder's note: X is where the event is coded
    admin_words: dict[str, int]
    town_words: frozenset[str]
    part_words: frozenset[str]
    skip: frozenset[str]
    skip_alone: frozenset[str]
    actor_after: tuple[str, ...]
    currency: frozenset[str]  # "US dollar": a currency named after a country
    demonyms: dict[str, str]  # lower-cased nationality word -> ISO2
    chain_gap: frozenset[str]  # lower-case words allowed between a place and the place qualifying it (all kinds)
    compass: frozenset[str]
    admin_countries: dict[str, tuple[str, ...]]  # admin word -> the countries that use it
    scene_nouns: frozenset[str]  # "a London rally": event nouns a town name may modify
    scene_modifiers: frozenset[str]
    facilities: frozenset[str]  # "Rwemiyaga police post": a facility in the named town
    named_after: frozenset[str]  # "Hama Airbase": with the facilities, site words after the town a site is named for
    road_words: frozenset[str]  # "the Jalandhar bypass": a road named after a town is not that town


def _nonempty(name: str, words) -> list[str]:
    # A bad edit that empties a list would silently switch a rule off: fail at load instead.
    if not words:
        raise ValueError(f"places_lexicon.toml: empty word list {name!r}")
    return [w.lower() for w in words]


@cache
def load() -> Lexicon:
    raw = tomllib.loads((DATA / "places_lexicon.toml").read_text(encoding="utf-8"))
    demonyms: dict[str, str] = {}
    for lineno, line in enumerate((DATA / "places_demonyms.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[1].strip()) != 2:
            raise ValueError(f"places_demonyms.tsv:{lineno}: expected 'word<TAB>ISO2', got {line!r}")
        demonyms[parts[0].strip().lower()] = parts[1].strip().upper()
    admin_words = {k.lower(): int(v) for k, v in raw["admin_words"].items()}
    town = _nonempty("town", raw["local_words"]["town"])
    part = _nonempty("part", raw["local_words"]["part"])
    compass = _nonempty("chain.compass", raw["chain"]["compass"])
    chain_gap = {*_nonempty("chain.gap", raw["chain"]["gap"]), *compass, "in", "of",
                 *(w for phrase in [*admin_words, *town, *part] for w in phrase.split())}
    return Lexicon(
        articles=frozenset(_nonempty("articles", raw["normalize"]["articles"])),
        place_before=tuple(sorted(_nonempty("place_before", raw["cues"]["place_before"]), key=len, reverse=True)),
        event_cues=frozenset(_nonempty("event", raw["cues"]["event"])),
        coded_cues=frozenset(_nonempty("coded", raw["cues"]["coded"])),
        near=frozenset(_nonempty("near", raw["cues"]["near"])),
        admin_words=admin_words,
        town_words=frozenset(town),
        part_words=frozenset(part),
        actor_after=tuple(_nonempty("actor_words", raw["actor_words"]["after"])),
        currency=frozenset(_nonempty("actor_words.currency", raw["actor_words"]["currency"])),
        skip_alone=frozenset(_nonempty("alone", raw["skip"]["alone"])),
        skip=frozenset(_nonempty("skip", raw["skip"]["words"])),
        demonyms=demonyms,
        chain_gap=frozenset(chain_gap),
        compass=frozenset(compass),
        admin_countries={k.lower(): tuple(v) for k, v in raw["admin_countries"].items()},
        scene_nouns=frozenset(_nonempty("scene.nouns", raw["scene"]["nouns"])),
        scene_modifiers=frozenset(_nonempty("scene.modifiers", raw["scene"]["modifiers"])),
        facilities=frozenset(_nonempty("scene.facilities", raw["scene"]["facilities"])),
        named_after=frozenset(_nonempty("scene.named_after", raw["scene"]["named_after"])),
        road_words=frozenset(_nonempty("roads.words", raw["roads"]["words"])),
    )
