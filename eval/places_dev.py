"""Measure the place resolver alone on the shared dev sets (read by path at run time, never copied).

ACLED notes: scope = all sentences of the note. Articles: scope = the gold event's evidence sentence(s).
Prints location-within-25-km and country accuracy; --misses FILE writes the misses for inspection.

    .venv/bin/python eval/places_dev.py [--misses /tmp/misses.txt] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventwire import nlp  # noqa: E402
from eventwire.places import resolve_location  # noqa: E402

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
if not DEV.exists():
    DEV = Path("/work/shared/eval/dev")


def km(a, b, c, d):
    la1, lo1, la2, lo2 = map(math.radians, (a, b, c, d))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def parsed(texts: list[str], cache: Path):
    """(entities, sentences) per text; cached outside the repository, keyed by the texts."""
    key = str(hash(tuple(texts)))
    if cache.exists():
        data = pickle.loads(cache.read_bytes())
        if data.get("key") == key:
            return data["rows"]
    rows = [(nlp.entities(d), nlp.sentences(d)) for d in nlp.parse(texts)]
    cache.write_bytes(pickle.dumps({"key": key, "rows": rows}))
    return rows


def score(items, misses):
    """items: (label, text, entities, scope, outlet, gold location dict with lat/lon/iso3)."""
    n = loc_ok = cc_ok = n_coord = 0
    t_total = 0.0
    for label, text, ents, scope, outlet, g in items:
        t0 = time.perf_counter()
        loc = resolve_location(text, ents, scope, outlet=outlet)
        t_total += time.perf_counter() - t0
        n += 1
        good_cc = g.get("iso3") is not None and loc.iso3 == g.get("iso3")
        cc_ok += good_cc
        if g.get("lat") is not None:
            n_coord += 1
            d = km(loc.latitude, loc.longitude, g["lat"], g["lon"]) if loc.latitude is not None else None
            good = d is not None and d <= 25
        else:
            d, good = None, good_cc  # region/country-only gold: scored on the country
        loc_ok += good
        if misses is not None and not (good and good_cc):
            sent = " | ".join(text[s:e] for s, e in scope)[:400]
            misses.write(f"{label}\tGOLD {g.get('name')} / {g.get('admin1')} / {g.get('iso3')} p{g.get('precision')}"
                         f"\tGOT {loc.name} / {loc.admin1} / {loc.iso3} p{loc.geo_precision} d={d if d is None else round(d)}"
                         f" ({loc.reason})\n    {sent}\n")
    return n, loc_ok / n, cc_ok / n, t_total / n * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    misses = open(args.misses, "w", encoding="utf-8") if args.misses else None
    notes = [json.loads(line) for line in open(DEV / "acled_notes.jsonl", encoding="utf-8")][: args.limit]
    rows = parsed([r["text"] for r in notes], Path("/tmp/ew_places_notes.pkl"))
    items = []
    for r, (ents, sents) in zip(notes, rows):
        g = dict(r["gold"]["location"])
        g["precision"] = g.get("geo_precision")
        items.append((r["id"], r["text"], ents, sents, None, g))
    n, loc, cc, ms = score(items, misses)
    print(f"ACLED notes: n={n} location_25km={loc:.3f} country={cc:.3f} ({ms:.2f} ms/call)")
    arts = {a["id"]: a for a in map(json.loads, open(DEV / "articles.jsonl", encoding="utf-8"))}
    gold = [json.loads(line) for line in open(DEV / "gold.jsonl", encoding="utf-8")]
    ids = [g["id"] for g in gold if g["events"]]
    rows = dict(zip(ids, parsed([arts[i]["text"] for i in ids], Path("/tmp/ew_places_articles.pkl"))))
    items = []
    for gd in gold:
        if not gd["events"]:
            continue
        a = arts[gd["id"]]
        ents, _sents = rows[gd["id"]]
        for ev in gd["events"]:
            text, evid = a["text"], ev.get("evidence") or ""
            i = text.find(evid)
            if i < 0:
                i = text.find(evid[:60])
            scope = [(i, i + len(evid))] if i >= 0 else [(0, len(text))]
            g = ev["location"]
            items.append((gd["id"], text, ents, scope, a.get("outlet"), g))
    n, loc, cc, ms = score(items, misses)
    print(f"articles: n={n} location_25km={loc:.3f} country={cc:.3f} ({ms:.2f} ms/call)")


if __name__ == "__main__":
    main()
