"""Run `extract` on the shared development sets and score each set, and each half of it, with score.py.

    python eval/run_dev.py [--only notes,notes_large,articles,dev2,ordinary] [--out out/dev] [--triage]

Sets (read where they lie, ../shared/eval or $EVENTWIRE_SHARED, never copied into the repository: their
texts and ACLED rows may not be redistributed):

    notes        dev/acled_notes.jsonl (600 ACLED notes; input made by acled_input.py)
    notes_large  dev/acled_notes_large.jsonl (3,000 more notes)
    articles     dev/articles.jsonl + gold.jsonl (66 articles)
    dev2         dev2/articles.jsonl + gold.jsonl (100 raw web-page excerpts; clusters scored too)
    ordinary     ordinary/articles.jsonl (173 pages that must give no event; with and without --triage)

Every set is scored whole and in two halves by the parity of the number in each id: "odd" is the half
rules are tuned on, "even" the half held out. A change is kept only when the held-out half and every
other set do not get worse. Predictions and scores go to --out (git-ignored); `scores.json` there holds
everything printed.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
EVAL = SHARED / "eval"
SCORE = EVAL / "score.py"
SETS = ("notes", "notes_large", "articles", "dev2", "ordinary")
# The figures worth a glance per set; the rest is in scores.json.
SHOWN = ("detection.f1", "detection.recall", "event_type", "sub_event_type", "event_date", "location_25km",
         "country", "fatalities", "coded_event.f1", "negatives_without_false_events")


def half(article_id: str) -> str:
    digits = re.findall(r"\d+", article_id)
    return "odd" if digits and int(digits[-1]) % 2 else "even"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def extract(src: Path, pred: Path, *, triage: bool = False) -> list[str]:
    """Run the CLI; returns its error lines (input errors and internal errors alike)."""
    errors = pred.with_suffix(".errors.txt")
    cmd = [sys.executable, "-m", "eventwire", "extract", str(src), "--output", str(pred), "--errors", str(errors), "-q"]
    if triage:
        cmd.append("--triage")
    done = subprocess.run(cmd, text=True, capture_output=True)
    if done.returncode not in (0, 2):
        sys.exit(f"extract failed on {src} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return errors.read_text(encoding="utf-8").splitlines() if errors.exists() else []


def score(mode: str, gold: Path, pred: Path, articles: Path | None = None) -> dict:
    cmd = [sys.executable, str(SCORE), mode, "--gold", str(gold), "--pred", str(pred), "--json"]
    if articles is not None:
        cmd += ["--articles", str(articles)]
    return json.loads(subprocess.run(cmd, check=True, text=True, capture_output=True).stdout)


def score_halves(gold: Path, pred: Path, articles: Path | None, out: Path) -> dict:
    """Scores of the whole set and of its odd and even halves."""
    result = {"all": score("events", gold, pred, articles)}
    gold_rows, pred_rows = read_jsonl(gold), read_jsonl(pred)
    for name in ("odd", "even"):
        g, p = out / f"{gold.stem}.{name}.gold.jsonl", out / f"{pred.stem}.{name}.jsonl"
        write_jsonl(g, (r for r in gold_rows if half(str(r["id"])) == name))
        write_jsonl(p, (r for r in pred_rows if half(str(r["article_id"])) == name))
        result[name] = score("events", g, p, articles)
    return result


def flat(scores: dict) -> dict:
    out = {"detection.f1": scores["detection"]["f1"], "detection.recall": scores["detection"]["recall"],
           "coded_event.f1": scores["coded_event"]["f1"],
           "negatives_without_false_events": scores["negatives_without_false_events"]}
    out.update(scores["field_accuracy_on_matched"])
    return out


def run_set(name: str, out: Path, triage: bool) -> dict:
    if name in ("notes", "notes_large"):
        source = EVAL / "dev" / f"acled_{name}.jsonl"
        src = out / f"{name}_input.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            subprocess.run([sys.executable, str(EVAL / "acled_input.py"), str(source)], stdout=fh, check=True)
        pred = out / f"{name}_pred.jsonl"
        errors = extract(src, pred, triage=triage)
        return {"errors": errors, **score_halves(source, pred, None, out)}
    if name in ("articles", "dev2"):
        folder = EVAL / ("dev" if name == "articles" else "dev2")
        src, gold = folder / "articles.jsonl", folder / "gold.jsonl"
        pred = out / f"{name}_pred.jsonl"
        errors = extract(src, pred, triage=triage)
        result = {"errors": errors, **score_halves(gold, pred, src, out)}
        if name == "dev2":
            result["clusters"] = clusters(src, gold, out)
        return result
    if name == "ordinary":
        src = EVAL / "ordinary" / "articles.jsonl"
        ids = [str(r["id"]) for r in read_jsonl(src)]
        result = {}
        for mode in ("plain", "triage"):
            pred = out / f"ordinary_{mode}_pred.jsonl"
            errors = extract(src, pred, triage=mode == "triage")
            noisy = sorted({str(r["article_id"]) for r in read_jsonl(pred)})
            result[mode] = {"errors": errors, "pages": len(ids), "pages_with_events": len(noisy),
                            "odd": sum(half(i) == "odd" for i in noisy), "even": sum(half(i) == "even" for i in noisy),
                            "ids": noisy}
        return result
    raise ValueError(name)


def clusters(src: Path, gold: Path, out: Path) -> dict:
    """Ingest the set into a fresh database, export the merged events and score their clusters."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev2.db"
        subprocess.run([sys.executable, "-m", "eventwire", "ingest", str(src), "--db", str(db), "-q"],
                       capture_output=True, text=True)
        events = out / "dev2_events.jsonl"
        subprocess.run([sys.executable, "-m", "eventwire", "export", "--db", str(db), "--format", "jsonl",
                        "--output", str(events)], check=True, capture_output=True, text=True)
    return score("clusters", gold, events)


def report(results: dict) -> None:
    for name, r in results.items():
        if name == "ordinary":
            for mode in ("plain", "triage"):
                m = r[mode]
                print(f"== ordinary ({mode}): {m['pages_with_events']}/{m['pages']} pages give an event "
                      f"(odd {m['odd']}, even {m['even']}); errors {len(m['errors'])}")
            continue
        print(f"== {name}: errors {len(r['errors'])}")
        rows = {h: flat(r[h]) for h in ("all", "odd", "even")}
        print(f"  {'':32}{'all':>8}{'odd':>8}{'even':>8}")
        for key in SHOWN:
            print(f"  {key:32}" + "".join(f"{rows[h][key]!s:>8}" for h in ("all", "odd", "even")))
        if "clusters" in r:
            print(f"  {'clusters pairwise':32}{json.dumps(r['clusters']['pairwise'])}")
        for line in r["errors"][:5]:
            print(f"  ! {line}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(SETS), help="comma-separated sets")
    ap.add_argument("--out", default=str(ROOT / "out" / "dev"))
    ap.add_argument("--triage", action="store_true", help="run the scored sets with --triage as well")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = [n for n in args.only.split(",") if n]
    unknown = set(names) - set(SETS)
    if unknown:
        ap.error(f"unknown set(s): {', '.join(sorted(unknown))}")
    results = {name: run_set(name, out, args.triage) for name in names}
    report(results)
    (out / "scores.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
