#!/usr/bin/env python3
"""A mixed news stream end to end: about one conflict report in ten, the rest everyday news, through
`eventwire extract --triage` as a user runs it (one process, and `--dask 2` on both cores), against bare
spaCy nlp.pipe on a sample of the same texts in the same run.

Stream: conflict reports are the dev articles and dev2 pages that have gold events (../shared/eval, read in
place, never copied); everyday news is ../shared/eval/ordinary repeated (made-up stand-ins of both on a bare
checkout, bench/_texts.py). Each copy gets its own id.
Recall on the conflict reports: the mentions the triaged runs give for them against those of a run
without triage (unchanged means triage lost none); eval/run_dev.py --triage scores it on every dev set.
Peak RSS is sampled over the whole process tree (the CLI and its Dask workers).

Usage: python bench/bench_stream.py [--articles 3000] [--sample 300]
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from _procs import run_sampled
from _texts import ROOT, conflict_reports, everyday_news, read_jsonl


def stream(n: int) -> tuple[list[dict], set[str]]:
    conflict, ordinary = conflict_reports(), everyday_news()
    c, o = itertools.cycle(conflict), itertools.cycle(ordinary)
    rows, conflict_ids = [], set()
    for k in range(n):
        src = next(c) if k % 10 == 0 else next(o)
        row = {key: src.get(key) for key in ("url", "outlet", "published", "title", "text")}
        row["id"] = f"{src['id']}#{k}"
        if k % 10 == 0:
            conflict_ids.add(row["id"])
        rows.append(row)
    return rows, conflict_ids


def run_cli(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of the process tree) of `eventwire extract ARGS`."""
    return run_sampled([sys.executable, "-m", "eventwire", "extract", *args, "-q"], cwd=ROOT)


def mentions_by_article(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in read_jsonl(path):
        counts[row["article_id"]] = counts.get(row["article_id"], 0) + 1
    return counts


def bare_rate(texts: list[str], model) -> float:
    list(model.pipe(texts[:16]))
    started = time.perf_counter()
    for _doc in model.pipe(texts, batch_size=32):
        pass
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--sample", type=int, default=300, help="texts of the stream bare spaCy is timed on")
    a = ap.parse_args()
    rows, conflict_ids = stream(a.articles)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        conflict_only = Path(tmp) / "conflict.jsonl"
        conflict_only.write_text("".join(json.dumps(r) + "\n" for r in rows if r["id"] in conflict_ids),
                                 encoding="utf-8")
        print(f"stream: {len(rows)} articles, {len(conflict_ids)} conflict reports, "
              f"{sum(len(r['text']) for r in rows) / len(rows):.0f} characters on average; {os.cpu_count()} cores")
        reference = Path(tmp) / "reference.jsonl"
        run_cli([str(conflict_only), "--output", str(reference)])
        want = mentions_by_article(reference)
        print(f"{'run':<34}{'seconds':>9}{'articles/s':>12}{'peak RSS MiB':>14}  conflict reports with mentions")
        print(f"{'(no triage, conflict reports only)':<34}{'':>9}{'':>12}{'':>14}  {len(want)}/{len(conflict_ids)}, "
              f"{sum(want.values())} mentions")
        for label, extra in (("extract --triage", []), ("extract --triage --dask 2", ["--dask", "2"])):
            out = Path(tmp) / "out.jsonl"
            seconds, peak = run_cli([str(src), "--triage", "--output", str(out), *extra])
            got = {k: v for k, v in mentions_by_article(out).items() if k in conflict_ids}
            same = "unchanged" if got == want else f"CHANGED ({sum(got.values())} mentions)"
            print(f"{label:<34}{seconds:>9.1f}{len(rows) / seconds:>12.1f}{peak:>14.0f}  {len(got)}/{len(conflict_ids)}, {same}")
    from eventwire.scale import triage

    started = time.perf_counter()
    kept = sum(triage.is_relevant(r["text"], r.get("title")) for r in rows)
    scan = time.perf_counter() - started
    print(f"triage alone: {len(rows) / scan:.0f} articles/s, keeps {kept}/{len(rows)} "
          f"({sum(triage.is_relevant(r['text'], r.get('title')) for r in rows if r['id'] not in conflict_ids)}"
          f"/{len(rows) - len(conflict_ids)} everyday pages)")
    sample = [r["text"] for r in rows[:a.sample]]
    sys.path.insert(0, str(ROOT))
    from _bare import shipped
    from eventwire import nlp

    print(f"bare spaCy nlp.pipe, one process, first {len(sample)} texts of the stream: "
          f"{bare_rate(sample, shipped()):.1f} articles/s as spaCy ships it (the reference), "
          f"{bare_rate(sample, nlp.load()):.1f}/s on eventwire's BLAS (nlp.load)")


if __name__ == "__main__":
    main()
