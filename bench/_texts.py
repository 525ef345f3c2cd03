"""The texts the benchmarks run on: the shared dev sets read in place (never copied; $EVENTWIRE_SHARED or
../shared), else made-up stand-ins of the same shapes, so that every benchmark runs on a bare checkout."""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared")) / "eval"

# Made-up places, wire-report shape.
CONFLICT = (
    "Gunmen killed four villagers in an attack on Kornwald in Testland on Monday, officials said. "
    "The attackers burned several houses and abducted two women before fleeing into the forest.",
    "Several thousand teachers marched through the centre of Norville on Tuesday to demand unpaid wages. "
    "Police fired tear gas to disperse the crowd and arrested 12 people, the union said.",
    "An air strike hit a market in the town of Eastmere on Friday, killing at least 15 people, "
    "according to local health officials. The army said it targeted a rebel command post.",
)
EVERYDAY = (
    "The Testland football league announced its new season schedule on Monday. Tickets go on sale next "
    "week, and the opening match will be played in the capital's national stadium.",
    "Shares in Norville's largest bakery chain rose four percent on Wednesday after it reported record "
    "holiday sales and said it would open twenty new shops next year.",
)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def synthetic(texts: tuple[str, ...], prefix: str) -> list[dict]:
    return [{"id": f"{prefix}{i}", "text": t, "published": "2024-06-04"} for i, t in enumerate(texts)]


def dev_articles() -> list[dict]:
    """The 66 dev articles, or the synthetic reports."""
    path = EVAL / "dev" / "articles.jsonl"
    return read_jsonl(path) if path.is_file() else synthetic(CONFLICT + EVERYDAY, "syn-")


def conflict_reports() -> list[dict]:
    """The dev articles and dev2 pages that have gold events, or the synthetic conflict reports."""
    out = []
    for folder in ("dev", "dev2"):
        if (EVAL / folder / "gold.jsonl").is_file():
            gold = {g["id"]: g for g in read_jsonl(EVAL / folder / "gold.jsonl")}
            out += [r for r in read_jsonl(EVAL / folder / "articles.jsonl") if gold[r["id"]]["events"]]
    return out or synthetic(CONFLICT, "conflict-")


def everyday_news() -> list[dict]:
    """The ordinary pages, or the synthetic everyday news."""
    path = EVAL / "ordinary" / "articles.jsonl"
    return read_jsonl(path) if path.is_file() else synthetic(EVERYDAY, "everyday-")
