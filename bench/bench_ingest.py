"""Reading speed of eventwire.ingest.read_inputs per input format, on synthetic files made in a temp dir.

Each format gets the same synthetic wire-style report (made-up places), N times: one .txt and one .html
file per article, one JSONL file, one RSS feed and one WARC holding them all. Peak memory is the process's
high-water mark (resource.getrusage) after each format.

Usage: python bench/bench_ingest.py [--articles N]
"""
from __future__ import annotations

import argparse
import html
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.ingest import read_inputs  # noqa: E402

PARAGRAPHS = (
    "Gunmen killed {n} villagers in an attack on the village of Kornwald in Testland on Monday, local officials said.",
    "The attackers arrived on motorcycles at dawn, set fire to several houses and fled into the forest before the army arrived.",
    "A spokesman for the regional governor said security forces had been deployed and that a search was under way.",
    "Residents said it was the third attack on villages in the district this year, and many families had already left.",
)


def paragraphs(i: int) -> list[str]:
    return [p.format(n=i % 9 + 2) for p in PARAGRAPHS] * 3


def page(i: int) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(i))
    return (f"<html><head><meta charset='utf-8'><title>Attack {i}</title></head><body><nav>Home World</nav>"
            f"<article><h1>Attack {i}</h1>{body}</article><footer>Copyright</footer></body></html>")


def make(root: Path, n: int) -> dict[str, list[str]]:
    (root / "txt").mkdir()
    (root / "html").mkdir()
    for i in range(n):
        (root / "txt" / f"{i:05}.txt").write_text(f"Attack {i}\n" + "\n".join(paragraphs(i)), encoding="utf-8")
        (root / "html" / f"{i:05}.html").write_text(page(i), encoding="utf-8")
    with open(root / "a.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"j{i}", "published": "2024-06-04", "text": "\n".join(paragraphs(i))}) + "\n")
    items = "".join(f"<item><guid>r{i}</guid><title>Attack {i}</title><description>{html.escape(page(i))}</description></item>"
                    for i in range(n))
    (root / "feed.rss").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(root / "crawl.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://wire.example/{i}", "response",
                                                          payload=io.BytesIO(page(i).encode()), http_headers=http))
    return {"txt": [str(root / "txt")], "html": [str(root / "html")], "jsonl": [str(root / "a.jsonl")],
            "rss": [str(root / "feed.rss")], "warc.gz": [str(root / "crawl.warc.gz")]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make(Path(tmp), args.articles)
        list(read_inputs([f"{tmp}/html/00000.html"], on_error=print))  # import trafilatura outside the timing
        print(f"{args.articles} synthetic articles per format")
        print(f"{'format':<10}{'seconds':>9}{'articles/s':>12}{'errors':>8}{'peak MiB':>10}")
        for name, paths in inputs.items():
            errors: list = []
            started = time.perf_counter()
            count = sum(1 for _ in read_inputs(paths, on_error=errors.append))
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{name:<10}{seconds:>9.2f}{count / seconds:>12.0f}{len(errors):>8}{peak:>10.0f}")


if __name__ == "__main__":
    main()
