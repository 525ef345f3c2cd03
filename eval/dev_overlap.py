"""Check that no tracked file repeats a phrase of the development set (its texts may not be redistributed).

    python eval/dev_overlap.py [--words 8]

Lists every line of a tracked text file that starts a run of N words (default 8) also found in a dev
article or ACLED note, case-insensitively. Exit status 1 when any is found. The dev files are read where
they lie (../shared/eval/dev, or $EVENTWIRE_DEV) and nothing of them is written anywhere.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(os.environ.get("EVENTWIRE_DEV", ROOT.parent / "shared" / "eval" / "dev"))
SUFFIXES = (".py", ".toml", ".tsv", ".md", ".json", ".jsonl", ".txt", ".html", ".js", ".css")
WORD = re.compile(r"[A-Za-z0-9'\u2019-]+")


def shingles(text: str, n: int) -> set[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=8)
    n = ap.parse_args(argv).words
    dev: set[str] = set()
    for name in ("articles.jsonl", "acled_notes.jsonl"):
        with open(DEV / name, encoding="utf-8") as fh:
            for line in fh:
                dev |= shingles(json.loads(line)["text"], n)
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = 0
    for rel in files:
        if not rel.endswith(SUFFIXES):
            continue
        lines = (ROOT / rel).read_text(encoding="utf-8", errors="replace").splitlines()
        for i, line in enumerate(lines):
            # A phrase may wrap: read the line with the next two, but report it only if it starts on this one.
            head = len(WORD.findall(line))
            words = [w.lower() for w in WORD.findall(" ".join(lines[i:i + 3]))]
            if any(" ".join(words[j:j + n]) in dev for j in range(min(head, len(words) - n + 1))):
                print(f"{rel}:{i + 1}: {line.strip()[:120]}")
                found += 1
    print(f"{found} line(s) share a {n}-word phrase with the dev set", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
