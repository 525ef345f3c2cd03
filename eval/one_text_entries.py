"""List vocabulary entries that only one development text contains: the sign of a rule tailored to one text.

    python eval/one_text_entries.py [--max-texts 1] [--show-text]

Every entry of the shipped vocabulary (each pattern of the TOML lexicons in eventwire/data, the first column
of the TSV tables) is matched, the way its loader matches it (case-insensitive, on word boundaries), against
every development text: the dev articles and ACLED notes (dev/), the 3,000 further notes, the dev2 pages and
the ordinary pages (../shared/eval, or $EVENTWIRE_SHARED). An entry found in exactly one text, and that text
a dev/ one, is listed with the text's id: a phrase that occurs once in the material the rules were tuned on
and nowhere else describes that text, not how news is written. Replace it with the general pattern it stands
for, or drop it; an entry kept on purpose carries a comment saying why on the line above it, containing
"one-text:", and is then listed as justified. Exit status 1 when an unjustified entry is listed.

Nothing of the dev texts is written anywhere: ids and entry names only.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.scale.triage import top_alternatives  # noqa: E402  (an alias row's A|B|C, cut as triage cuts it)

DATA = ROOT / "eventwire" / "data"
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
EVAL = SHARED / "eval"
# (set name, file): the material rules were tuned on comes first.
TUNED = (("dev/articles", EVAL / "dev" / "articles.jsonl"), ("dev/notes", EVAL / "dev" / "acled_notes.jsonl"))
OTHER = (("dev/notes_large", EVAL / "dev" / "acled_notes_large.jsonl"), ("dev2", EVAL / "dev2" / "articles.jsonl"),
         ("ordinary", EVAL / "ordinary" / "articles.jsonl"))
# Keys whose values are not vocabulary (numbers, settings, sub-event type names).
NOT_VOCABULARY = frozenset({"sub", "separable", "deathless", "all", "any", "none", "tags", "name", "definition",
                            "family", "within"})
SEP = "\n\x00\n"


# Not vocabulary (rule tables over cue names, the taxonomy), or a closed list written out whole (every
# country's nationality words), where an entry seen once is simply a country the sets mention once.
SKIP_FILES = frozenset({"rules.toml", "taxonomy.toml", "places_demonyms.tsv"})


def entries() -> list[tuple[str, int, str]]:
    """(file, line, pattern) for every vocabulary entry of the data files."""
    out = []
    for path in sorted(p for p in DATA.glob("*.toml") if p.name not in SKIP_FILES):
        lines = path.read_text(encoding="utf-8").splitlines()
        for value in _strings(tomllib.loads("\n".join(lines))):
            out.append((path.name, _line_of(lines, value), value))
    for path in sorted(p for p in DATA.glob("*.tsv") if p.name not in SKIP_FILES):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                first = line.split("\t")[0]
                if path.name == "actor_aliases.tsv":
                    out.extend((path.name, n, alt) for alt in top_alternatives(first))
                else:
                    out.append((path.name, n, re.escape(first)))
    return out


def _strings(node, key: str = ""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in NOT_VOCABULARY:
                yield from _strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str) and key not in NOT_VOCABULARY:
        yield node


def _line_of(lines: list[str], value: str) -> int:
    """The line holding the entry as a quoted string (not a comment that happens to contain its words)."""
    quoted = json.dumps(value)[1:-1]
    for form in (f'"{quoted}"', f'"{value}"', quoted):
        n = next((i for i, line in enumerate(lines, 1) if form in line and not line.lstrip().startswith("#")), 0)
        if n:
            return n
    return 0


def corpus() -> tuple[str, list[int], list[tuple[str, str]]]:
    """All texts joined, their start offsets, and (set, id) of each."""
    texts, ids = [], []
    for name, path in (*TUNED, *OTHER):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    texts.append(rec["text"])
                    ids.append((name, str(rec["id"])))
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(SEP)
    return SEP.join(texts), starts, ids


def justified(path: Path, line: int) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()
    return any("one-text:" in lines[i] for i in range(max(0, line - 3), max(0, line - 1)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-texts", type=int, default=1, help="list entries found in at most this many texts")
    args = ap.parse_args(argv)
    text, starts, ids = corpus()
    tuned_sets = {name for name, _ in TUNED}
    listed = unjustified = 0
    for file, line, pattern in entries():
        try:
            rx = re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", re.IGNORECASE)
        except re.error:
            rx = re.compile(r"(?<![\w-])" + re.escape(pattern) + r"(?![\w-])", re.IGNORECASE)
        hits: dict[int, int] = defaultdict(int)
        for m in rx.finditer(text):
            if m.end() > m.start():
                hits[bisect.bisect_right(starts, m.start()) - 1] += 1
            if len(hits) > args.max_texts:
                break
        if not 0 < len(hits) <= args.max_texts or not all(ids[i][0] in tuned_sets for i in hits):
            continue
        ok = justified(DATA / file, line)
        listed += 1
        unjustified += not ok
        where = ", ".join(f"{ids[i][0]}:{ids[i][1]}" for i in hits)
        print(f"{file}:{line}: {pattern!r} only in {where}" + ("  (justified)" if ok else ""))
    print(f"{listed} entr{'y' if listed == 1 else 'ies'} found in at most {args.max_texts} tuned-on text(s) and no "
          f"other set; {unjustified} without a one-text: justification", file=sys.stderr)
    return 1 if unjustified else 0


if __name__ == "__main__":
    sys.exit(main())
