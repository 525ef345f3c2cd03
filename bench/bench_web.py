"""The web page with 50,000 events: time to first render and to filter, measured in headless Chromium.

    .venv/bin/python bench/bench_web.py [--events 50000] [--db out/bench_web.db] [--runs 3]

Builds (once, then reuses) a SQLite database of synthetic events (eventwire.samples.synthetic), starts
`python -m eventwire serve` on it, and drives the real page. Times are read in the browser:
first render = navigation start -> the first map markers drawn; filter = the form change -> the map
redrawn with the filtered markers (typed fields include the page's 300 ms typing debounce; selects
and dates don't). "cold" means the server had not seen that filter before.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.api.testing import running_server  # noqa: E402
from eventwire.samples import synthetic  # noqa: E402
from eventwire.store import Store  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-quic", "--no-first-run", "--disable-sync"]

# Set one form field, then wait in the page until the map has redrawn; returns milliseconds.
CHANGE = """async ([name, value]) => {
  const before = window.ew.renders;
  const t0 = performance.now();
  const field = document.querySelector(`#filters [name=${name}]`);
  field.value = value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  while (window.ew.renders === before) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - t0;
  // Drawn apart from the map: the event list and (unless a date changed) the timeline.
  while (window.ew.inflight > 0) await new Promise((r) => setTimeout(r, 5));
  return { ms, settled_ms: performance.now() - t0, markers: window.ew.lastMarkers,
           status: document.querySelector("#status").textContent };
}"""
MOVE = """async ([lat, lon, zoom]) => {
  const before = window.ew.renders;
  const t0 = performance.now();
  window.ew.map.setView([lat, lon], zoom, { animate: false });
  while (window.ew.renders === before) await new Promise((r) => setTimeout(r, 5));
  return { ms: performance.now() - t0, markers: window.ew.lastMarkers, status: document.querySelector("#status").textContent };
}"""


def build(db: Path | str, n: int, *, chunk: int = 2000) -> dict:
    """Add synthetic reports until the database holds `n` events (reports of one place, type and day merge)."""
    with Store.open(str(db)) as store:
        counts = store.counts()
        t0 = time.perf_counter()
        while counts["events"] < n:
            have = counts["articles"]
            want = have + max(chunk, n - counts["events"])
            store.add_many(r for i, r in enumerate(synthetic.records(want, seed=50, days=1095)) if i >= have)
            counts = store.counts()
            print(f"{counts['articles']} synthetic reports -> {counts['events']} events "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--db", default=str(ROOT / "out" / "bench_web.db"))
    ap.add_argument("--runs", type=int, default=3, help="page loads to time")
    ap.add_argument("--screenshot", default=str(ROOT / "artifacts" / "web" / "bench-50k.png"))
    args = ap.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    counts = build(db, args.events)
    print(f"database: {counts}", file=sys.stderr)

    from playwright.sync_api import sync_playwright

    results: dict = {"events": counts["events"], "first_render_ms": [], "ready_ms": [], "filters": [], "moves": []}
    with running_server(str(db), log_path=str(ROOT / "out" / "bench_web_server.log")) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        # bypass_csp: wait_for_function compiles a string, which the page's Content-Security-Policy forbids
        page = browser.new_page(viewport={"width": 1400, "height": 850}, bypass_csp=True)
        for run in range(args.runs):
            page.goto(base + "/")
            page.wait_for_function("window.ew && window.ew.ready", timeout=120_000)
            first = page.evaluate("window.ew.firstRenderMs")
            ready = page.evaluate("performance.now()")
            results["first_render_ms"].append(round(first))
            results["ready_ms"].append(round(ready))
            print(f"load {run + 1} ({'cold' if run == 0 else 'warm'} server cache): first markers {first:.0f} ms, "
                  f"page settled by {ready:.0f} ms", file=sys.stderr)
        for name, value in (("event_type", "Protests"), ("country", "NGA"), ("min_fatalities", "20"),
                            ("q", "Mosul"), ("event_type", ""), ("country", ""), ("min_fatalities", ""), ("q", ""),
                            ("event_type", "Protests"), ("since", "2026-01-01")):
            out = page.evaluate(CHANGE, [name, value])
            results["filters"].append({"set": f"{name}={value!r}", **{k: (round(v) if k.endswith("ms") else v) for k, v in out.items()}})
            print(f"filter {name}={value!r}: map {out['ms']:.0f} ms, list+timeline {out['settled_ms']:.0f} ms, "
                  f"{out['markers']} markers ({out['status']})", file=sys.stderr)
        page.evaluate("() => { for (const n of ['event_type','since']) document.querySelector(`#filters [name=${n}]`).value = ''; }")
        page.evaluate(CHANGE, ["q", ""])
        for lat, lon, zoom in ((10, 20, 4), (36.3, 43.1, 8), (2.0, 45.3, 11), (15, 20, 2)):
            out = page.evaluate(MOVE, [lat, lon, zoom])
            results["moves"].append({"view": [lat, lon, zoom], **{k: (round(v) if k == "ms" else v) for k, v in out.items()}})
            print(f"pan/zoom to {lat},{lon} z{zoom}: {out['ms']:.0f} ms, {out['markers']} markers", file=sys.stderr)
        page.wait_for_function("window.ew.inflight === 0")
        Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.screenshot)
        browser.close()
    results["first_render_median_ms"] = statistics.median(results["first_render_ms"])
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
