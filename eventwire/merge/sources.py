"""Who vouches for a merged event: its independent sources, their attributions, its claim status, and which
outlets other outlets corroborate.

    summarise(mentions, groups) -> dict     independent_sources, copies, attribution, holder_kinds, claim_status
    corroborated(outlets_by_article, groups) -> {outlet: bool}

`groups` are the event's article ids grouped by copies.groups (a wire story and its copies are one group).
An event told by two or more independent groups is corroborated: its claim status is "reported" unless a
source disputes it; otherwise it keeps the strongest status of its reports (the annotation guide's order).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

# Strongest first: a single report's doubt outweighs its confidence.
STATUS_ORDER = ("disputed", "unverified", "claimed", "attributed", "reported")


def summarise(mentions: Sequence[dict], groups: Sequence[Sequence[str]]) -> dict:
    attribution: dict[tuple[str, str], list[str]] = {}
    for m in mentions:
        for a in m.get("attribution") or ():
            fields = attribution.setdefault((a["holder_kind"], a["holder"]), [])
            fields += [f for f in a.get("fields") or () if f not in fields]
    kinds = sorted({kind for kind, _ in attribution})
    statuses = {m.get("claim_status") for m in mentions} - {None}
    independent = len(groups)
    if "disputed" in statuses:
        status = "disputed"
    elif independent >= 2 and statuses:
        status = "reported"
    else:
        status = next((s for s in STATUS_ORDER if s in statuses), None)
    return {
        "independent_sources": independent,
        "copies": [list(g) for g in groups if len(g) > 1],
        "attribution": [{"holder": h, "holder_kind": k, "fields": f} for (k, h), f in attribution.items()],
        "holder_kinds": kinds,
        "claim_status": status,
    }


def corroborated(outlets_by_article: Mapping[str, str | None], groups: Sequence[Sequence[str]]) -> dict[str, bool]:
    """For each outlet reporting the event: does an independent report (a group with none of its articles)
    also tell it?"""
    out: dict[str, bool] = {}
    for outlet in {outlets_by_article.get(a) for g in groups for a in g} - {None, ""}:
        own = sum(1 for g in groups if any(outlets_by_article.get(a) == outlet for a in g))
        out[outlet] = len(groups) > own
    return out
