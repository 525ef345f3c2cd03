"""What source assessment costs: assess.apply against event extraction and bare spaCy nlp.pipe, same texts,
same run.

Stages, each timed over the same parsed documents (parsed once; spaCy's own time is the bare nlp.pipe row):
  nlp.pipe (bare spaCy)   parse only
  extract.mentions        event extraction on the parsed documents (places, dates, counts, actors)
  assess.apply            sources, claim status, opinion, loaded terms and figures for those mentions
  pipeline.extract        the whole path (parse + extract + assess), end to end
The figure that matters is assess.apply as a share of pipeline.extract (target < 15%). Rounds alternate and
the best of each is kept, so a neighbour's burst of CPU use does not decide the ratios.

Texts: dev2's raw web pages, read in place from ../shared/eval/dev2/articles.jsonl (never copied; set
EVENTWIRE_BENCH_ARTICLES to another JSONL file), else synthetic reports; repeated to at least --min-docs.

Usage: python bench/bench_assess.py [--rounds N] [--min-docs N] [--batch-size N]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _bare import shipped  # noqa: E402
from _texts import EVAL  # noqa: E402

os.environ.setdefault("EVENTWIRE_BENCH_ARTICLES", str(EVAL / "dev2" / "articles.jsonl"))

from bench_extract import load_articles, peak_mb, time_bare  # noqa: E402

from eventwire import assess, nlp, pipeline  # noqa: E402
from eventwire.extract import mentions as extract_mentions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-docs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    articles, origin = load_articles(args.min_docs)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    model = nlp.load()
    docs = list(model.pipe(texts, batch_size=args.batch_size))
    found = [extract_mentions(d, a) for d, a in zip(docs, articles)]  # warms every lexicon and the gazetteer
    for d, a, ms in zip(docs[:16], articles[:16], found[:16]):
        assess.apply(d, a, ms)

    rows: dict[str, list[float]] = {"nlp.pipe (bare spaCy)": [], "extract.mentions": [], "assess.apply": [],
                                    "pipeline.extract": []}
    n_mentions = n_sources = 0
    for _ in range(args.rounds):
        rows["nlp.pipe (bare spaCy)"].append(time_bare(texts, args.batch_size, shipped())[1])  # wall seconds, as the others
        started = time.perf_counter()
        found = [extract_mentions(d, a) for d, a in zip(docs, articles)]
        rows["extract.mentions"].append(time.perf_counter() - started)
        started = time.perf_counter()
        results = [assess.apply(d, a, ms) for d, a, ms in zip(docs, articles, found)]
        rows["assess.apply"].append(time.perf_counter() - started)
        started = time.perf_counter()
        for _a, _ms in pipeline.extract(articles, batch_size=args.batch_size):
            pass
        rows["pipeline.extract"].append(time.perf_counter() - started)
        n_mentions = sum(len(ms) for ms, _r in results)
        n_sources = sum(len(r.attributions) for _ms, r in results)

    best = {k: min(v) for k, v in rows.items()}
    print(f"texts: {origin} = {len(texts)} docs, {words} words; pipeline {model.meta.get('name')} "
          f"{model.meta.get('version')}; batch {args.batch_size}; best of {args.rounds} rounds")
    print(f"{'stage':<26}{'seconds':>9}{'articles/s':>12}{'ms/article':>12}")
    for name, seconds in best.items():
        print(f"{name:<26}{seconds:>9.2f}{len(texts) / seconds:>12.1f}{1000 * seconds / len(texts):>12.2f}")
    share = best["assess.apply"] / best["pipeline.extract"]
    print(f"assess.apply / pipeline.extract: {share:.1%} (target < 15%); "
          f"/ extract.mentions: {best['assess.apply'] / best['extract.mentions']:.1%}; "
          f"/ bare nlp.pipe: {best['assess.apply'] / best['nlp.pipe (bare spaCy)']:.1%}")
    print(f"per pass: {n_mentions} mentions assessed, {n_sources} sources cited")
    print("rounds (s): " + "; ".join(f"{k} " + ", ".join(f"{s:.2f}" for s in v) for k, v in rows.items()))
    print(f"peak RSS (MiB): {peak_mb():.0f}")


if __name__ == "__main__":
    main()
