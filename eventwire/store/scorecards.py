"""Per-article assessments and per-outlet scorecards, read and written on the store's connections.

An outlet's figures are pooled over all its assessed articles (not averaged per article, so a long report
weighs more than a brief): opinion_share = opinion words / words, loaded_per_1000_words = loaded terms per
1,000 words, unattributed_tolls = death tolls stated in its own voice with no source (total and per article).
Corroboration: of the events it reported, how many another outlet's independent report also tells
(merge.sources.corroborated; copies of one wire story do not corroborate each other).
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..records import Article, SourceReport
from .schema import articles, assessments, event_outlets, mentions

STATUSES = ("reported", "attributed", "claimed", "disputed", "unverified")


def assessment_row(article: Article, report: SourceReport) -> dict:
    return {
        "article_id": article.id, "outlet": article.outlet, "words": report.words,
        "opinion_words": report.opinion_words, "n_loaded": len(report.loaded),
        "unattributed_tolls": report.unattributed_tolls,
        "opinion": [[a, b] for a, b in report.opinion],
        "loaded": [{"start": t.start, "end": t.end, "category": t.category} for t in report.loaded],
        "attributions": [{"start": a.start, "end": a.end, "holder": a.holder, "holder_kind": a.holder_kind}
                         for a in report.attributions],
    }


def _figures(words: int, opinion_words: int, loaded: int, tolls: int) -> dict:
    return {
        "opinion_share": round(opinion_words / words, 3) if words else 0.0,
        "loaded_per_1000_words": round(1000 * loaded / words, 2) if words else 0.0,
        "unattributed_tolls": int(tolls),
    }


def _assessment(row) -> dict:
    """The stored assessment in the shape `eventwire assess` writes (plus the word count)."""
    return {
        "article_id": row["article_id"],
        "opinion": [{"start": a, "end": b} for a, b in row["opinion"] or []],
        "loaded": list(row["loaded"] or []),
        "attributions": list(row["attributions"] or []),
        "figures": _figures(row["words"], row["opinion_words"], row["n_loaded"], row["unattributed_tolls"]),
        "words": row["words"],
    }


def read_assessments(conn: Connection, article_ids: Sequence[str]) -> dict[str, dict]:
    if not article_ids:
        return {}
    rows = conn.execute(select(assessments).where(assessments.c.article_id.in_(list(article_ids)))).mappings()
    return {r["article_id"]: _assessment(r) for r in rows}


def _card(outlet: str, n_articles: int, text_row, event_row, statuses: dict[str, int]) -> dict:
    assessed = int(text_row.articles) if text_row else 0
    tolls = int(text_row.tolls or 0) if text_row else 0
    n_events = int(event_row.events) if event_row else 0
    corroborated = int(event_row.corroborated or 0) if event_row else 0
    card = {"outlet": outlet, "articles": n_articles, "assessed_articles": assessed, "events": n_events,
            "corroborated_events": corroborated,
            "corroboration_rate": round(corroborated / n_events, 3) if n_events else None}
    if text_row:
        card.update(_figures(int(text_row.words or 0), int(text_row.opinion_words or 0), int(text_row.loaded or 0), tolls))
    else:
        card.update(opinion_share=None, loaded_per_1000_words=None, unattributed_tolls=0)
    card["unattributed_tolls_per_article"] = round(tolls / assessed, 3) if assessed else None
    card["claim_status"] = {s: statuses.get(s, 0) for s in STATUSES}
    return card


def _article_counts(conn: Connection, names: Sequence[str] | None = None) -> dict[str, int]:
    q = select(articles.c.outlet, func.count()).where(articles.c.outlet.is_not(None)).group_by(articles.c.outlet)
    if names is not None:
        q = q.where(articles.c.outlet.in_(list(names)))
    return {o: int(n) for o, n in conn.execute(q)}


def _text_figures(conn: Connection, names: Sequence[str] | None = None):
    a = assessments.c
    q = (select(a.outlet, func.count().label("articles"), func.sum(a.words).label("words"),
                func.sum(a.opinion_words).label("opinion_words"), func.sum(a.n_loaded).label("loaded"),
                func.sum(a.unattributed_tolls).label("tolls"))
         .where(a.outlet.is_not(None)).group_by(a.outlet))
    if names is not None:
        q = q.where(a.outlet.in_(list(names)))
    return {r.outlet: r for r in conn.execute(q)}


def _event_figures(conn: Connection, names: Sequence[str] | None = None):
    e = event_outlets.c
    q = select(e.outlet, func.count().label("events"), func.sum(e.corroborated).label("corroborated")).group_by(e.outlet)
    if names is not None:
        q = q.where(e.outlet.in_(list(names)))
    return {r.outlet: r for r in conn.execute(q)}


def _statuses(conn: Connection, names: Sequence[str]) -> dict[str, dict[str, int]]:
    m = mentions.c
    q = (select(m.outlet, m.claim_status, func.count().label("n")).where(m.outlet.in_(list(names)),
                                                                         m.claim_status.is_not(None))
         .group_by(m.outlet, m.claim_status))
    out: dict[str, dict[str, int]] = {}
    for r in conn.execute(q):
        out.setdefault(r.outlet, {})[r.claim_status] = int(r.n)
    return out


def outlets(conn: Connection, *, limit: int = 500, offset: int = 0) -> tuple[list[dict], int]:
    counts, texts, evs = _article_counts(conn), _text_figures(conn), _event_figures(conn)
    names = sorted(set(counts) | set(evs), key=lambda o: (-counts.get(o, 0), o))
    page = names[offset:offset + limit]
    statuses = _statuses(conn, page)
    return [_card(o, counts.get(o, 0), texts.get(o), evs.get(o), statuses.get(o, {})) for o in page], len(names)


def outlet(conn: Connection, name: str, *, recent: int = 50) -> dict | None:
    counts, texts, evs = _article_counts(conn, [name]), _text_figures(conn, [name]), _event_figures(conn, [name])
    if name not in counts and name not in evs:
        return None
    card = _card(name, counts.get(name, 0), texts.get(name), evs.get(name), _statuses(conn, [name]).get(name, {}))
    q = (select(articles.c.id, articles.c.title, articles.c.published, articles.c.url, assessments)
         .join(assessments, assessments.c.article_id == articles.c.id)
         .where(articles.c.outlet == name).order_by(articles.c.published.desc().nulls_last(), articles.c.id)
         .limit(recent))
    card["recent_articles"] = [{"id": r["id"], "title": r["title"], "published": r["published"], "url": r["url"],
                                **{k: v for k, v in _assessment(r).items() if k in ("figures", "words")}}
                               for r in conn.execute(q).mappings()]
    return card
