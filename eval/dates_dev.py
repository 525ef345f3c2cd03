"""Quick harness for issue 4: dates and fatalities on the shared dev sets, without the extraction core.

    python eval/dates_dev.py [--only notes|articles] [--show dates|fatalities]

ACLED notes: scope = all the note's sentences, published = event date + 7 days (as ../shared/eval/acled_input.py).
Articles: one call per gold event, scope = the sentences of its gold `evidence`, located in the text.
Scored with ../shared/eval/score.py's own date_ok / fatalities_ok. The dev files are read where they lie and
never copied; parsed entities are cached under out/ (git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
DEV = Path(os.environ.get("EVENTWIRE_DEV", SHARED / "eval" / "dev"))

from eventwire.dates import resolve_event_date  # noqa: E402
from eventwire.extract.counts import fatalities  # noqa: E402
from eventwire.records import Entity  # noqa: E402


def _scorer():
    spec = importlib.util.spec_from_file_location("ew_score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _parsed(name: str, texts: list[str]):
    cache = ROOT / "out" / f"dates_dev_{name}.pkl"
    if cache.exists():
        got = pickle.loads(cache.read_bytes())
        if len(got) == len(texts):
            return got
    from eventwire import nlp
    out = []
    for doc in nlp.parse(texts):
        out.append(([Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text) for e in doc.ents],
                    [(s.start_char, s.end_char) for s in doc.sents]))
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def notes(sc, show):
    rows = [json.loads(l) for l in open(DEV / "acled_notes.jsonl", encoding="utf-8")]
    parsed = _parsed("notes", [r["text"] for r in rows])
    ok_d = ok_f = 0
    t0 = time.perf_counter()
    for r, (ents, sents) in zip(rows, parsed):
        pub = dt.date.fromisoformat(r["published"]) + dt.timedelta(days=7)
        _, [gold], _ = sc.gold_events(r)
        when = resolve_event_date(r["text"], ents, sents, published=pub)
        fat = fatalities(r["text"], sents, entities=ents)
        pred = {"date": when.date, "fatalities": fat.value}
        d, f = sc.date_ok(pred, gold), sc.fatalities_ok(pred, gold)
        ok_d += d
        ok_f += f
        if show == "dates" and not d:
            print(f"{r['id']} gold {gold['date']} p{gold['precision']} pred {when.date} p{when.time_precision} "
                  f"[{when.reason}] | {r['text'][:160]}")
        if show == "fatalities" and not f:
            print(f"{r['id']} gold {gold['fat_min']} pred {fat.value} [{fat.reason}] | {r['text'][:400]}")
    n = len(rows)
    ms = 1000 * (time.perf_counter() - t0) / n
    print(f"notes: event_date {ok_d / n:.3f}  fatalities {ok_f / n:.3f}  (n={n}, {ms:.2f} ms/note)")


def _evidence_scope(text: str, evidence: str, sents):
    i = text.find(evidence)
    if i < 0:
        i = text.find(evidence[:60])
        if i < 0:
            return None
        return [(a, b) for a, b in sents if a <= i < b]
    j = i + len(evidence)
    return [(a, b) for a, b in sents if a < j and i < b] or [(i, j)]


def articles(sc, show):
    arts = {json.loads(l)["id"]: json.loads(l) for l in open(DEV / "articles.jsonl", encoding="utf-8")}
    golds = [json.loads(l) for l in open(DEV / "gold.jsonl", encoding="utf-8")]
    order = list(arts)
    parsed = dict(zip(order, _parsed("articles", [arts[i]["text"] for i in order])))
    n = ok_d = ok_f = 0
    for g in golds:
        art = arts[g["id"]]
        _, events, _ = sc.gold_events(g)
        ents, sents = parsed[g["id"]]
        pub = dt.date.fromisoformat(art["published"][:10]) if art.get("published") else None
        for raw, gold in zip(g["events"], events):
            scope = _evidence_scope(art["text"], raw["evidence"], sents)
            if scope is None:
                continue
            n += 1
            when = resolve_event_date(art["text"], ents, scope, published=pub)
            fat = fatalities(art["text"], scope, entities=ents)
            pred = {"date": when.date, "fatalities": fat.value}
            d, f = sc.date_ok(pred, gold), sc.fatalities_ok(pred, gold)
            ok_d += d
            ok_f += f
            ev = raw["evidence"][:300].replace("\n", " ")
            if show == "dates" and not d:
                print(f"{g['id']} pub {pub} gold {gold['date']} {gold['precision']} pred {when.date} "
                      f"[{when.reason}] {art['text'][when.span[0]:when.span[1]] if when.span else ''!r} | {ev}")
            if show == "fatalities" and not f:
                print(f"{g['id']} gold {gold['fat_min']}-{gold['fat_max']} pred {fat.value} [{fat.reason}] | {ev}")
    print(f"articles: event_date {ok_d / n:.3f}  fatalities {ok_f / n:.3f}  (n={n} gold events located)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["notes", "articles"])
    ap.add_argument("--show", choices=["dates", "fatalities"])
    args = ap.parse_args(argv)
    sc = _scorer()
    if args.only in (None, "notes"):
        notes(sc, args.show)
    if args.only in (None, "articles"):
        articles(sc, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
