"""Merge settings: packaged defaults in eventwire/data/merge.toml, loaded and validated once."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True, kw_only=True)
class MergeSettings:
    window_days: dict[int, int]  # time_precision -> days
    max_km: dict[int, float]  # geo_precision -> km
    weights: dict[str, float]
    threshold: float
    neutral: float
    same_type: float
    same_family: float
    same_admin2: float
    same_admin1: float
    text_saturation: float = 0.4
    text_min_length: int = 3
    stopwords: frozenset[str] = frozenset()
    copy_shingle: int = 5
    copy_permutations: int = 64
    copy_containment: float = 0.7
    copy_min_shingles: int = 25

    def window(self, *precisions: int | None) -> int:
        return max(self.window_days.get(p or 1, self.window_days[1]) for p in precisions)

    def km(self, *precisions: int | None) -> float:
        return max(self.max_km.get(p or 1, self.max_km[1]) for p in precisions)


@cache
def load() -> MergeSettings:
    raw = tomllib.loads(resources.files("eventwire").joinpath("data/merge.toml").read_text("utf-8"))
    window = {int(k): int(v) for k, v in raw["window"].items()}
    km = {int(k): float(v) for k, v in raw["distance"].items()}
    if set(window) != {1, 2, 3} or set(km) != {1, 2, 3}:
        raise ValueError("data/merge.toml: [window] and [distance] need keys 1, 2 and 3")
    weights = {k: float(v) for k, v in raw["weights"].items()}
    if sum(weights.values()) <= 0:
        raise ValueError("data/merge.toml: [weights] must not all be zero")
    s = raw["score"]
    return MergeSettings(window_days=window, max_km=km, weights=weights, threshold=float(s["threshold"]),
                         neutral=float(s["neutral"]), same_type=float(s["same_type"]),
                         same_family=float(s["same_family"]), same_admin2=float(s["same_admin2"]),
                         same_admin1=float(s["same_admin1"]), text_saturation=float(raw["text"]["saturation"]),
                         text_min_length=int(raw["text"]["min_length"]),
                         stopwords=frozenset(w.casefold() for w in raw["text"]["stopwords"]),
                         copy_shingle=int(raw["copies"]["shingle"]), copy_permutations=int(raw["copies"]["permutations"]),
                         copy_containment=float(raw["copies"]["containment"]),
                         copy_min_shingles=int(raw["copies"]["min_shingles"]))
