"""Run source assessment on dev2 and score it with score_assess.py, whole and in odd/even halves.

    python eval/run_assess.py [--out out/assess]

Two runs:
  pipeline     the real thing: `extract` mentions (with attribution and claim_status) and source reports,
               read as `extract` reads (eventwire.pipeline.assessed: the parse only where it looks);
               score_assess.py pairs the mentions with gold events as score.py does, so event extraction
               quality bounds these figures.
  gold-events  the gold events themselves (type, date, place and their gold evidence sentence) given to
               assess.attach as mentions, on the full parse: sources and claim status measured apart from event
               extraction. Opinion and loaded terms do not depend on events.

dev2 is read where it lies (../shared/eval/dev2 or $EVENTWIRE_SHARED), never copied into the repository.
"Odd" ids are the half rules are tuned on, "even" the half held out. Predictions and scores go to --out
(git-ignored); `assess_scores.json` there holds everything printed. `claim_status_floor` is the accuracy of
calling every event "reported" (the majority class), on the same pairs.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_dev import EVAL, ROOT, half, read_jsonl, write_jsonl  # noqa: E402

DEV2 = EVAL / "dev2"
SCORE = EVAL / "score_assess.py"
SHOWN = ("paired_events", "claim_status_accuracy", "claim_status_floor", "holder_kind.f1", "holder_kind.precision", "holder_kind.recall",
         "opinion.f1", "opinion.precision", "opinion.recall", "loaded.precision", "loaded.recall", "loaded.predicted")


def gold_mentions(gold: dict, text: str):
    """The gold events of one article as Mentions whose only evidence is their gold evidence sentence."""
    from eventwire.records import Evidence, Mention

    out = []
    for g in gold.get("events", []):
        loc, fat = g.get("location") or {}, g.get("fatalities") or {}
        start = text.find(g.get("evidence") or "\0")
        evidence = (Evidence(field="event", start=start, end=start + len(g["evidence"])),) if start >= 0 else ()
        out.append(Mention(
            article_id=str(gold["id"]), event_type=g.get("event_type"), sub_event_type=g.get("sub_event_type"),
            event_date=g.get("date"), location=loc.get("name"), country=loc.get("country"), iso3=loc.get("iso3"),
            latitude=loc.get("lat"), longitude=loc.get("lon"), actor1=g.get("actor1"), actor2=g.get("actor2"),
            fatalities=fat.get("min"), evidence=evidence))
    return out


def run(out: Path) -> tuple[Path, Path, Path]:
    """Mentions and assess lines of the pipeline, and gold-event mentions, written under `out`."""
    from eventwire import assess, nlp, pipeline
    from eventwire.ingest import read_inputs

    golds = {str(r["id"]): r for r in read_jsonl(DEV2 / "gold.jsonl")}
    articles = list(read_inputs([str(DEV2 / "articles.jsonl")], on_error=lambda e: print(f"! {e}", file=sys.stderr)))
    pred, lines, gold_pred = out / "dev2_mentions.jsonl", out / "dev2_assess.jsonl", out / "dev2_gold_mentions.jsonl"
    with open(pred, "w", encoding="utf-8") as fp, open(lines, "w", encoding="utf-8") as fl, \
            open(gold_pred, "w", encoding="utf-8") as fg:
        # What `extract` gives a user: the language pipeline reads only where the extractor looks (nlp.read).
        for _article, found, report in pipeline.assessed(articles):
            for m in found:
                fp.write(json.dumps(m.to_contract(), ensure_ascii=False) + "\n")
            fl.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        for doc, article in nlp.load().pipe(((a.text, a) for a in articles), as_tuples=True):
            analysis = assess.analyse(doc, article)
            for m in assess.attach(gold_mentions(golds.get(article.id, {}), article.text), analysis):
                row = m.to_contract()
                fg.write(json.dumps(row, ensure_ascii=False) + "\n")
    return pred, lines, gold_pred


def score(pred: Path, lines: Path, subset: str | None, tmp: Path) -> dict:
    files = {"gold": DEV2 / "gold.jsonl", "assess": DEV2 / "assess.jsonl", "pred": pred, "pred_assess": lines}
    if subset is not None:
        for name, path in list(files.items()):
            key = "id" if name in ("gold", "assess") else "article_id"
            part = tmp / f"{path.stem}.{subset}.{name}.jsonl"
            write_jsonl(part, (r for r in read_jsonl(path) if half(str(r[key])) == subset))
            files[name] = part
    cmd = [sys.executable, str(SCORE), "--articles", str(DEV2 / "articles.jsonl"), "--json"]
    for name, path in files.items():
        cmd += ["--" + name.replace("_", "-"), str(path)]
    return json.loads(subprocess.run(cmd, check=True, text=True, capture_output=True).stdout)


def floor(mentions: Path, out: Path) -> Path:
    """The same mentions, every one "reported": the majority-class floor of claim status accuracy."""
    path = out / f"{mentions.stem}.all_reported.jsonl"
    write_jsonl(path, ({**r, "claim_status": "reported"} for r in read_jsonl(mentions)))
    return path


def flat(s: dict) -> dict:
    out = {"paired_events": s["paired_events"], "claim_status_accuracy": s["claim_status_accuracy"],
           "claim_status_floor": s.get("claim_status_floor")}
    for group in ("holder_kind", "opinion", "loaded"):
        for k, v in s[group].items():
            out[f"{group}.{k}"] = v
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "out" / "assess"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pred, lines, gold_pred = run(out)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, mentions in (("pipeline", pred), ("gold-events", gold_pred)):
            results[name] = {h: score(mentions, lines, None if h == "all" else h, Path(tmp))
                             for h in ("all", "odd", "even")}
            for h in ("all", "odd", "even"):
                base = score(floor(mentions, out), lines, None if h == "all" else h, Path(tmp))
                results[name][h]["claim_status_floor"] = base["claim_status_accuracy"]
    for name, r in results.items():
        print(f"== dev2 assess ({name})")
        rows = {h: flat(r[h]) for h in ("all", "odd", "even")}
        print(f"  {'':28}{'all':>8}{'odd':>8}{'even':>8}")
        for key in SHOWN:
            print(f"  {key:28}" + "".join(f"{rows[h].get(key)!s:>8}" for h in ("all", "odd", "even")))
    (out / "assess_scores.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
