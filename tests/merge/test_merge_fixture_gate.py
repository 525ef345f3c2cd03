"""Quality gate: merging the gold events of eval/fixtures/multi_outlet (no extraction errors) must recover
every multi-outlet cluster and keep the look-alike events apart (same type and place, days apart)."""
from __future__ import annotations

import importlib.util
import json
from itertools import combinations
from pathlib import Path

from eventwire import merge

FIXTURE = Path(__file__).resolve().parents[2] / "eval" / "fixtures" / "multi_outlet"


def _gold_pairs():
    spec = importlib.util.spec_from_file_location("score_merge", FIXTURE / "score_merge.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return list(mod.gold_pairs(FIXTURE / "articles.jsonl", FIXTURE / "gold.jsonl"))


def _pairs(groups):
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}


def test_oracle_merging_recovers_every_cluster():
    clusters: dict[str, list[str]] = {}
    for line in (FIXTURE / "gold.jsonl").read_text().splitlines():
        rec = json.loads(line)
        clusters.setdefault(rec["cluster"], []).append(rec["id"])
    assert len(clusters) >= 10 and all(2 <= len(v) <= 4 for v in clusters.values())

    c = merge.Clusterer()
    for art, ms in _gold_pairs():
        c.add(art, ms)
    events = c.events()
    gold, pred = _pairs(clusters.values()), _pairs(e.sources for e in events)
    tp = len(gold & pred)
    precision, recall = tp / len(pred), tp / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, f"pairwise P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    assert len(events) == len(clusters)


def test_tolls_are_reconciled_with_their_sources():
    c = merge.Clusterer()
    for art, ms in _gold_pairs():
        c.add(art, ms)
    mogadishu = next(e for e in c.events() if "mo-06a" in e.sources)
    # reports of the 14th say 9 and 9; the 15th (later) say 12 and "at least 10": the lowest later figure
    assert mogadishu.fields["fatalities"] == 10
    assert {v["value"] for v in mogadishu.disagreements["fatalities"]} == {9, 10, 12}
