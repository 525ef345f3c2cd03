"""Run `extract` on the shared development sets and score the output with ../shared/eval/score.py.

    python eval/run_dev.py [--only notes|articles] [--out out/dev]

The dev files are read where they lie (../shared/eval/dev, or $EVENTWIRE_DEV) and never copied into the
repository: their texts and ACLED rows may not be redistributed. Predictions go to --out (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
DEV = Path(os.environ.get("EVENTWIRE_DEV", SHARED / "eval" / "dev"))
SCORE = SHARED / "eval" / "score.py"


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kw)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["notes", "articles"])
    ap.add_argument("--out", default=str(ROOT / "out" / "dev"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    if args.only in (None, "notes"):
        notes_in = out / "acled_input.jsonl"
        with open(notes_in, "w", encoding="utf-8") as fh:
            run([sys.executable, str(SHARED / "eval" / "acled_input.py"), str(DEV / "acled_notes.jsonl")], stdout=fh)
        pred = out / "acled_predictions.jsonl"
        pred.write_text("")
        run([sys.executable, "-m", "eventwire", "extract", str(notes_in), "--output", str(pred)])
        res = run([sys.executable, str(SCORE), "events", "--gold", str(DEV / "acled_notes.jsonl"), "--pred", str(pred),
                   "--json"], capture_output=True)
        results["notes"] = json.loads(res.stdout)
    if args.only in (None, "articles"):
        pred = out / "predictions.jsonl"
        pred.write_text("")
        run([sys.executable, "-m", "eventwire", "extract", str(DEV / "articles.jsonl"), "--output", str(pred)])
        res = run([sys.executable, str(SCORE), "events", "--gold", str(DEV / "gold.jsonl"), "--pred", str(pred),
                   "--articles", str(DEV / "articles.jsonl"), "--json"], capture_output=True)
        results["articles"] = json.loads(res.stdout)
    for name, r in results.items():
        print(f"== {name}")
        for k, v in r.items():
            print(f"  {k:34} {json.dumps(v) if isinstance(v, dict) else v}")
    (out / "scores.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
