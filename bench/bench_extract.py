"""Throughput of eventwire.pipeline.extract against bare nlp.pipe of the same spaCy pipeline.

Both run in one process on the same texts, each warmed up first, alternating for a few rounds. Time is
whole-process CPU (time.process_time: every thread of this process), which a neighbour's load disturbs
less than wall time; the median round of each is kept. The ratio bare/extract is the share of spaCy's own
speed eventwire keeps (target >= 1.0: extraction reads less than bare spaCy does, nlp.read).

Texts: the dev articles, read in place from ../shared/eval/dev/articles.jsonl (never copied; set
EVENTWIRE_BENCH_ARTICLES to another JSONL file), else synthetic reports; repeated to at least MIN_DOCS.
Peak memory is resource.getrusage's ru_maxrss after each stage (the process's high-water mark).

Bare spaCy is the pipeline as spaCy ships it (bench/_bare.py); the same pipeline as eventwire loads it
(nlp.load: numpy's BLAS for its matrix products) is timed beside it, to tell that speed-up from reading less.

Usage: python bench/bench_extract.py [--rounds N] [--min-docs N] [--batch-size N]
(the closing note's figure: --rounds 5 --min-docs 264, the dev articles x4)
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire import nlp, pipeline  # noqa: E402
from eventwire.ingest import read_inputs  # noqa: E402
from eventwire.records import Article  # noqa: E402
from _bare import shipped  # noqa: E402
from _texts import CONFLICT, EVAL, EVERYDAY  # noqa: E402

DEV_ARTICLES = EVAL / "dev" / "articles.jsonl"
MIN_DOCS = 264  # the 66 dev articles x4
WARMUP_DOCS = 16


def load_articles(min_docs: int) -> tuple[list[Article], str]:
    path = Path(os.environ.get("EVENTWIRE_BENCH_ARTICLES") or DEV_ARTICLES)
    if path.is_file():
        errors: list = []
        base = list(read_inputs([str(path)], on_error=errors.append))
        origin = f"{path} ({len(base)} articles, {len(errors)} unreadable)"
    else:
        base = [Article(id=f"syn-{i}", text=t, published=date(2024, 6, 4)) for i, t in enumerate(CONFLICT + EVERYDAY)]
        origin = f"synthetic ({len(base)} reports)"
    repeats = -(-min_docs // len(base))
    articles = [Article(id=f"{a.id}#{r}", text=a.text, published=a.published, title=a.title)
                for r in range(repeats) for a in base]
    return articles, f"{origin} x{repeats}"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def time_bare(texts: list[str], batch_size: int, model) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `model`.pipe over `texts`."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _doc in model.pipe(texts, batch_size=batch_size):
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def time_extract(articles: list[Article], batch_size: int) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    count = sum(len(mentions) for _a, mentions in pipeline.extract(articles, batch_size=batch_size))
    return time.process_time() - cpu, time.perf_counter() - wall, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--min-docs", type=int, default=MIN_DOCS)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    mem = {"start": peak_mb()}
    articles, origin = load_articles(args.min_docs)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    ours = nlp.load()
    bare_model = shipped()
    mem["models loaded"] = peak_mb()
    time_bare(texts[:WARMUP_DOCS], args.batch_size, bare_model)
    time_bare(texts[:WARMUP_DOCS], args.batch_size, ours)
    time_extract(articles[:WARMUP_DOCS], args.batch_size)
    mem["warmed up"] = peak_mb()

    bare, ours_bare, extract, mentions = [], [], [], 0
    for _ in range(args.rounds):
        bare.append(time_bare(texts, args.batch_size, bare_model))
        ours_bare.append(time_bare(texts, args.batch_size, ours))
        mem["after nlp.pipe"] = peak_mb()
        cpu, wall, mentions = time_extract(articles, args.batch_size)
        extract.append((cpu, wall))
        mem["after extract"] = peak_mb()

    med_bare, med_extract = statistics.median(c for c, _ in bare), statistics.median(c for c, _ in extract)
    ratios = [b[0] / e[0] for b, e in zip(bare, extract)]
    from eventwire.scale import triage

    triage.is_relevant("")  # load the vocabulary outside the timing
    started = time.perf_counter()
    kept = sum(triage.is_relevant(t) for t in texts)
    triage_seconds = time.perf_counter() - started
    model = nlp.load()
    print(f"texts: {origin} = {len(texts)} docs, {words} words; pipeline {model.meta.get('name')} "
          f"{model.meta.get('version')} [{', '.join(model.pipe_names)}]; batch {args.batch_size}; "
          f"median of {args.rounds} rounds, whole-process CPU seconds")
    print(f"{'stage':<28}{'seconds':>9}{'articles/s':>12}{'words/s':>11}")
    med_ours = statistics.median(c for c, _ in ours_bare)
    for name, seconds in (("nlp.pipe (bare spaCy)", med_bare), ("nlp.pipe, eventwire's BLAS", med_ours),
                          ("pipeline.extract", med_extract)):
        print(f"{name:<28}{seconds:>9.2f}{len(texts) / seconds:>12.1f}{words / seconds:>11.0f}")
    print(f"{'triage scan (--triage)':<28}{triage_seconds:>9.2f}{len(texts) / triage_seconds:>12.1f}"
          f"{words / triage_seconds:>11.0f}   kept {kept}/{len(texts)}")
    print(f"ratio extract/bare (CPU): median {statistics.median(ratios):.2f}, rounds "
          + ", ".join(f"{r:.2f}" for r in ratios) + f" (target >= 1.0); mentions per pass: {mentions}")
    print("rounds CPU s (wall s): bare " + ", ".join(f"{c:.2f} ({w:.2f})" for c, w in bare)
          + "; eventwire's BLAS " + ", ".join(f"{c:.2f} ({w:.2f})" for c, w in ours_bare)
          + "; extract " + ", ".join(f"{c:.2f} ({w:.2f})" for c, w in extract))
    print("peak RSS (MiB): " + ", ".join(f"{k} {v:.0f}" for k, v in mem.items()))


if __name__ == "__main__":
    main()
