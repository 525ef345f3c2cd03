"""Place resolution: gazetteer build time and size, lookups/s, resolve_location calls/s, and the share of
`extract` time spent in places.

- build: a fresh gazetteer compiled into a temporary directory (what a first run pays once).
- lookups/s: Gazetteer.candidates on distinct names (cold: each name once, the SQLite index does the work)
  and on repeated names (warm: the per-process cache).
- resolve: resolve_location per event, on the dev articles with NER entities (analysis cached per article).
- share of extract: pipeline.extract over the dev articles with places.resolve_location timed inside it.

Texts: the dev articles read in place from ../shared/eval/dev/articles.jsonl (never copied), else synthetic.
Usage: python bench/bench_places.py [--skip-build]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire import nlp, pipeline, places  # noqa: E402
from eventwire.places import build, gazetteer  # noqa: E402
from eventwire.records import Article  # noqa: E402
from _texts import EVAL  # noqa: E402

DEV_ARTICLES = EVAL / "dev" / "articles.jsonl"
SYNTHETIC = [
    "Two soldiers died when gunmen fired on a patrol in the Loya Wiyala area of Spin Boldak district, Kandahar.",
    "A roadside bomb exploded near Mosul on Monday, Iraqi officials said. Two soldiers were killed.",
    "Protesters marched through Ouagadougou on Tuesday; police fired tear gas near the central market.",
    "Boko Haram fighters raided a village in Borno State, Nigeria, and abducted 12 people.",
]


def load_articles() -> list[Article]:
    if DEV_ARTICLES.exists():
        out = []
        for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            pub = date.fromisoformat(r["published"][:10]) if r.get("published") else None
            out.append(Article(id=r["id"], text=r["text"], outlet=r.get("outlet"), published=pub))
        return out
    return [Article(id=f"s{i}", text=t) for i, t in enumerate(SYNTHETIC * 10)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-build", action="store_true", help="Do not time a fresh build.")
    args = ap.parse_args()

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            stats = build.build(Path(tmp) / "g.sqlite")
        print(f"build: {stats['seconds']} s, {stats['bytes'] / 1e6:.1f} MB, {stats['places']} places, "
              f"{stats['names']} names, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    t0 = time.perf_counter()
    gaz = gazetteer()
    print(f"open (cached file): {time.perf_counter() - t0:.2f} s")

    import sqlite3

    con = sqlite3.connect(gaz.path)
    names = [r[0] for r in con.execute("select name from places where kind = 'P' order by random() limit 5000")]
    con.close()
    t0 = time.perf_counter()
    hits = sum(bool(gaz.candidates(n)) for n in names)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(5):
        for n in names[:1000]:
            gaz.candidates(n)
    warm = time.perf_counter() - t0
    print(f"lookups: {len(names) / cold:,.0f}/s cold ({hits}/{len(names)} found), {5000 / warm:,.0f}/s warm")

    articles = load_articles()
    docs = list(nlp.parse([a.text for a in articles]))
    calls, t_resolve = 0, 0.0
    for a, doc in zip(articles, docs):
        ents = nlp.entities(doc)
        for s, e in nlp.sentences(doc):
            t0 = time.perf_counter()
            places.resolve_location(a.text, ents, [(s, e)], outlet=a.outlet)
            t_resolve += time.perf_counter() - t0
            calls += 1
    print(f"resolve_location: {calls / t_resolve:,.0f} calls/s ({t_resolve / calls * 1000:.2f} ms/call, "
          f"{len(articles)} articles, one call per sentence)")

    spent = [0.0]
    real = places.resolve_location

    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return real(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t

    places.resolve_location = timed
    try:
        t0 = time.perf_counter()
        n = sum(len(ms) for _a, ms in pipeline.extract(articles))
        total = time.perf_counter() - t0
    finally:
        places.resolve_location = real
    print(f"extract: {total:.2f} s for {len(articles)} articles ({n} mentions); places {spent[0]:.2f} s "
          f"= {spent[0] / total:.1%} of extract")


if __name__ == "__main__":
    os.environ.setdefault("EVENTWIRE_CACHE", str(Path.home() / ".cache" / "eventwire"))
    main()
