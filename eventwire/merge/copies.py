"""Copies: two reports that are the same wire story, run by two sites, are one source, not two.

Each article's text gets a MinHash signature of its word shingles (runs of `shingle` words, lower-cased):
`permutations` minima of a seeded 64-bit hash family over the shingle set. The share of equal minima
estimates the Jaccard similarity of two shingle sets; with the set sizes it gives the containment of the
smaller text in the larger, which is what a copy is: the same story, inside different menus, captions and
related-story links. Two articles whose containment reaches `containment` are copies; copies of copies
are one group (a wire story picked up by many sites).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .settings import load as load_settings

_WORD = re.compile(r"[^\W_]+")
_MASK = np.uint64(0xFFFFFFFF)
_SEED = 0x65776972  # fixed: signatures stored in a database must stay comparable across runs


@dataclass(frozen=True, slots=True)
class Signature:
    shingles: int  # how many distinct shingles the text has
    minima: tuple[int, ...]  # one 32-bit minimum per permutation (empty for a text shorter than a shingle)

    def to_json(self) -> list[int]:
        return [self.shingles, *self.minima]

    @classmethod
    def from_json(cls, value: Sequence[int] | None) -> "Signature | None":
        if not value:
            return None
        return cls(int(value[0]), tuple(int(v) for v in value[1:]))


def _family(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=n, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=n, dtype=np.uint64)
    return a, b


_FAMILIES: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def signature(text: str, *, shingle: int | None = None, permutations: int | None = None) -> Signature:
    s = load_settings()
    k, n = shingle or s.copy_shingle, permutations or s.copy_permutations
    words = _WORD.findall(text.casefold())
    grams = {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}
    if not grams:
        return Signature(0, ())
    if n not in _FAMILIES:
        _FAMILIES[n] = _family(n)
    a, b = _FAMILIES[n]
    x = np.fromiter((int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "little")
                     for g in grams), dtype=np.uint64, count=len(grams))
    # Multiply-shift hashing: (a*x + b) mod 2**64, keeping the high 32 bits (wraps around by design).
    with np.errstate(over="ignore"):
        h = (a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)
    return Signature(len(grams), tuple(int(v) for v in (h.min(axis=1) & _MASK)))


def jaccard(x: Signature, y: Signature) -> float:
    if not x.minima or not y.minima or len(x.minima) != len(y.minima):
        return 0.0
    return sum(p == q for p, q in zip(x.minima, y.minima)) / len(x.minima)


def containment(x: Signature, y: Signature) -> float:
    """Estimated share of the smaller text's shingles found in the larger one."""
    j = jaccard(x, y)
    if j == 0.0:
        return 0.0
    shared = j / (1 + j) * (x.shingles + y.shingles)
    return min(1.0, shared / min(x.shingles, y.shingles))


def is_copy(x: Signature | None, y: Signature | None, *, threshold: float | None = None) -> bool:
    """Copies: the smaller text is mostly inside the larger. Briefs shorter than `min_shingles` are never
    called copies: two short reports in the same formula ("Gunmen killed N people in X on D, police said")
    share most of their words without one being the other."""
    s = load_settings()
    if x is None or y is None or min(x.shingles, y.shingles) < s.copy_min_shingles:
        return False
    return containment(x, y) >= (threshold if threshold is not None else s.copy_containment)


def groups(signatures: Iterable[tuple[str, Signature | None]], *, threshold: float | None = None) -> list[list[str]]:
    """Article ids grouped so that copies (and copies of copies) share a group; in first-seen order."""
    items = list(signatures)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i):
            if is_copy(items[i][1], items[j][1], threshold=threshold):
                parent[root(i)] = root(j)
    out: dict[int, list[str]] = {}
    for i, (aid, _sig) in enumerate(items):
        out.setdefault(root(i), []).append(aid)
    return list(out.values())
