"""Extraction time and memory against the size of one article: the curve should be a line, not a parabola.

For each size N one article of N characters is extracted in a fresh process (so its peak memory is its
own): first bare spaCy (`nlp(text)`) on the text, then `pipeline.extract` on the same text. Printed per
size: characters, sentences, seconds for each, the ratio extract/bare, and the process's peak RSS. The
last line is the slope of log(seconds) over log(characters) between the smallest and the largest size:
about 1 is linear, about 2 quadratic.

Shapes (all synthetic):
  sentences  "Two died. " repeated: thousands of short sentences (the shape that was quadratic)
  report     short made-up wire reports repeated (ordinary prose, many places, dates and tolls)
  punct      one run of "(" (the shape that stalled the tokenizer)

Usage: python bench/bench_size.py [--shape sentences|report|punct] [--sizes 10000,40000,160000]
"""
from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (10_000, 40_000, 160_000, 640_000)
REPORT = ("Gunmen killed four villagers in an attack on Kornwald in Testland on Monday, officials said. "
          "Several thousand teachers marched through Norville on Tuesday; police arrested 12 people. ")


def text_of(shape: str, size: int) -> str:
    unit = {"sentences": "Two died. ", "report": REPORT, "punct": "("}[shape]
    return (unit * (size // len(unit) + 1))[:size]


def one(shape: str, size: int) -> dict:
    """Run in the child: time bare spaCy and pipeline.extract on one text."""
    from eventwire import nlp, pipeline
    from eventwire.records import Article

    model = nlp.load()
    model.max_length = max(model.max_length, size + 1)
    list(pipeline.extract([Article(id="warm", text=REPORT, published=date(2024, 6, 4))]))
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = text_of(shape, size)
    started = time.perf_counter()
    doc = model(nlp.clean(text))
    bare = time.perf_counter() - started
    sentences = sum(1 for _ in doc.sents)
    del doc
    started = time.perf_counter()
    found = sum(len(ms) for _a, ms in pipeline.extract([Article(id="big", text=text, published=date(2024, 6, 4))]))
    extract = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"chars": size, "sentences": sentences, "bare_s": bare, "extract_s": extract, "mentions": found,
            "model_mb": base_kb / 1024, "peak_mb": peak_kb / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("sentences", "report", "punct"), default="sentences")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated sizes in characters")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.shape, args.one)))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"shape {args.shape}; one article per size, each in its own process")
    print(f"{'chars':>9} {'sentences':>9} {'bare s':>8} {'extract s':>9} {'ratio':>6} {'peak MB':>8}")
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--shape", args.shape, "--one", str(size)],
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['chars']:>9} {row['sentences']:>9} {row['bare_s']:>8.2f} {row['extract_s']:>9.2f} "
              f"{row['extract_s'] / max(row['bare_s'], 1e-9):>6.2f} {row['peak_mb']:>8.0f}", flush=True)
    first, last = rows[0], rows[-1]
    if len(rows) > 1 and min(first["extract_s"], last["extract_s"]) > 0:
        slope = math.log(last["extract_s"] / first["extract_s"]) / math.log(last["chars"] / first["chars"])
        print(f"slope of log(extract s) over log(chars): {slope:.2f} (1 linear, 2 quadratic); "
              f"model alone {first['model_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
