"""Storing many articles at once, with few round trips: what `Store.add_many` (and so bulk loads) use.

`Store.add` asks the database something at every step (is it stored? which events could it join? what
do they hold now?) and writes each row alone: about nine round trips an article, which on PostgreSQL
costs more than everything else. Here a chunk of articles takes:

1. one query for the articles of the chunk already stored (by id or text);
2. one query for every event any mention of the chunk could join (a superset of Store._candidates for
   each: same families, countries, and the widest date window), kept in memory and narrowed per mention
   with the same conditions; events the chunk creates or changes are updated there as it goes;
3. one query per stored event a mention joins, for the mentions it already has;
4. one multi-row INSERT per table and one executemany UPDATE for the events changed.

The merge decisions are Store.add's, in the same order (mentions get the same arrival numbers), so the
database ends up as if each article had been added in turn.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from .. import merge
from ..merge import copies
from ..errors import StoreError
from ..records import Article, Mention
from .schema import articles, events, mentions

EVENT_COLUMNS = tuple(c.name for c in events.columns)


def add_chunk(store, pairs: Sequence[tuple[Article, Sequence[Mention]]]) -> list:
    from .store import AddResult

    if not pairs:
        return []
    conn = store._conn
    if conn is None:
        with store.batch():
            return add_chunk(store, pairs)
    if store.dialect == "sqlite":
        return _Chunk(store, conn).run(pairs, AddResult)
    savepoint = conn.begin_nested()
    try:
        out = _Chunk(store, conn).run(pairs, AddResult)
        savepoint.commit()
        return out
    except SQLAlchemyError:
        # Some row is refused (too long an id...): the chunk again, one article at a time, so only that
        # article is lost (Store.add reports it).
        savepoint.rollback()
        store._seq = None
        results = []
        for article, ms in pairs:
            try:
                results.append(store.add(article, ms))
            except StoreError:
                results.append(AddResult(article.id, False))
        return results


class _Chunk:
    def __init__(self, store, conn):
        self.store, self.conn = store, conn
        self.settings, self.tax = store._settings, store._tax
        self.cache: dict[str, dict] = {}  # event id -> candidate dict (events row with its profile merged)
        self.buckets: dict[tuple, set[str]] = {}  # (type family, iso3) -> event ids
        self.members: dict[str, list[dict]] = {}  # event id -> its mention rows, by seq (loaded on first join)
        self.titles: dict[str, str | None] = {}  # article id -> title, for search text
        self.signatures: dict = {}  # article id -> copies.Signature: the chunk's own, and those read
        self.new_events: set[str] = set()
        self.changed: set[str] = set()
        self.united: dict[str, str] = {}  # event id -> the event a bridging report united it into

    def run(self, pairs, AddResult) -> list:
        store, conn = self.store, self.conn
        stored_ids, stored_hashes = self._already_stored(pairs)
        self._preload(pairs)
        art_rows, mention_rows, results = [], [], []
        for article, mention_list in pairs:
            if article.id in stored_ids or article.content_hash in stored_hashes:
                results.append(AddResult(article.id, False))
                continue
            stored_ids.add(article.id)
            stored_hashes.add(article.content_hash)
            signature = copies.signature(article.text)
            self.signatures[article.id] = signature
            art_rows.append(_article_row(article, signature))
            self.titles[article.id] = article.title
            joined: list[str] = []
            created = 0
            for i, m in enumerate(mention_list):
                rec = merge.mention_record(article, i, m)
                rec["order"] = store._next_seq(conn)
                group = merge.joins(rec, self._candidates(rec), joined, self.settings)
                eid = group[0]["event_id"] if group else merge.event_id(article.id, i)
                row = store._mention_row(rec, eid)
                mention_rows.append(row)
                if not group:
                    self.members[eid] = []
                    self.new_events.add(eid)
                    first_seq = rec["order"]
                else:
                    first_seq = self.cache[eid]["first_seq"]
                    self._load_members(eid)
                    self.changed.add(eid)
                    for other in group[1:]:
                        self._unite(other["event_id"], eid, mention_rows)
                        joined = [eid if j == other["event_id"] else j for j in joined]
                self.members[eid].append(dict(row))
                self._refresh(eid, first_seq)
                joined.append(eid)
                created += not group
            results.append(AddResult(article.id, True, tuple(joined), created))
        self._write(art_rows, mention_rows)
        # An earlier article of the chunk may have joined an event a later report united into another.
        return [replace(r, events=tuple(map(self._final, r.events))) if set(r.events) & set(self.united) else r
                for r in results]

    def _final(self, eid: str) -> str:
        while eid in self.united:
            eid = self.united[eid]
        return eid

    def _unite(self, old: str, new: str, mention_rows: list[dict]) -> None:
        """Event `old` becomes part of `new` (merge.bridged): in memory now, in the database at _write."""
        self._load_members(old)
        moved = self.members.pop(old)
        for r in moved + [r for r in mention_rows if r["event_id"] == old]:
            r["event_id"] = new
        self.members[new] = sorted(self.members[new] + moved, key=lambda r: r["seq"])
        cand = self.cache.pop(old)
        self.buckets[self._key(cand)].discard(old)
        self.changed.discard(old)
        if old in self.new_events:
            self.new_events.discard(old)  # never written
        self.united[old] = new

    # ---- reads --------------------------------------------------------------------------------------
    def _already_stored(self, pairs) -> tuple[set[str], set[str]]:
        ids = [a.id for a, _ in pairs]
        hashes = [a.content_hash for a, _ in pairs]
        rows = self.conn.execute(select(articles.c.id, articles.c.content_hash).where(
            or_(articles.c.id.in_(ids), articles.c.content_hash.in_(hashes))))
        found = rows.all()
        return {r.id for r in found}, {r.content_hash for r in found}

    def _preload(self, pairs) -> None:
        """Every stored event that one of the chunk's mentions could be compared with."""
        fams, isos, days, places, any_country_less = set(), set(), [], set(), False
        for _a, ms in pairs:
            for m in ms:
                fams.add(self.tax.types.get(m.event_type))
                if m.iso3:
                    isos.add(m.iso3)
                else:
                    any_country_less = True
                if m.event_date:
                    days.append(date.fromisoformat(m.event_date[:10]))
                if m.location:
                    places.add(m.location.casefold())
        if not fams:
            return
        c = events.c
        conds = [c.event_type.in_([t for t, f in self.tax.types.items() if f in fams])]
        if not any_country_less:
            conds.append(or_(c.iso3.in_(sorted(isos)), c.iso3.is_(None)))
        when = [c.event_date.is_(None)]
        if days:
            widest = timedelta(days=max(self.settings.window(p, q) for p in (1, 2, 3) for q in (1, 2, 3)))
            when.append(c.event_date.between((min(days) - widest).isoformat(), (max(days) + widest).isoformat()))
        if places:
            when.append(func.lower(c.location).in_(sorted(places)))
        conds.append(or_(*when))
        for row in self.conn.execute(select(events).where(*conds)).mappings():
            cand = dict(row)
            cand.update(cand.pop("profile") or {})
            self._keep(cand)

    def _key(self, cand: dict) -> tuple:
        return self.tax.types.get(cand["event_type"]), cand["iso3"]

    def _keep(self, cand: dict) -> None:
        old = self.cache.get(cand["event_id"])
        if old is not None:
            self.buckets[self._key(old)].discard(old["event_id"])
        self.cache[cand["event_id"]] = cand
        self.buckets.setdefault(self._key(cand), set()).add(cand["event_id"])

    def _candidates(self, rec: dict) -> list[dict]:
        """Store._candidates, in memory."""
        fam = self.tax.types.get(rec.get("event_type"))
        iso3, location = rec.get("iso3"), (rec.get("location") or "").casefold()
        if rec.get("event_date"):
            day = date.fromisoformat(rec["event_date"][:10])
            windows = {p: timedelta(days=self.settings.window(p, rec.get("time_precision"))) for p in (1, 2, 3)}
        elif not location:
            return []
        if iso3:
            eids = self.buckets.get((fam, iso3), set()) | self.buckets.get((fam, None), set())
        else:
            eids = set().union(*(ids for (f, _iso), ids in self.buckets.items() if f == fam))
        out = []
        for cand in map(self.cache.__getitem__, eids):
            # SQL's lower(NULL) equals nothing, not even an empty name.
            cand_loc = cand["location"].lower() if cand["location"] is not None else None
            if rec.get("event_date"):
                ev_day, prec = cand["event_date"], cand["time_precision"]
                if ev_day is None:
                    if cand_loc != location:
                        continue
                elif prec not in windows or abs(date.fromisoformat(ev_day) - day) > windows[prec]:
                    continue
            elif cand_loc != location:
                continue
            out.append(cand)
        out.sort(key=lambda c: c["first_seq"])
        return out

    def _load_members(self, eid: str) -> None:
        if eid in self.members:
            return
        rows = [dict(r) for r in self.conn.execute(
            select(mentions).where(mentions.c.event_id == eid).order_by(mentions.c.seq)).mappings()]
        self.members[eid] = rows
        missing = {r["article_id"] for r in rows} - set(self.titles)
        if missing:
            for aid, title in self.conn.execute(select(articles.c.id, articles.c.title).where(articles.c.id.in_(missing))):
                self.titles[aid] = title

    def _refresh(self, eid: str, first_seq: int) -> None:
        from .store import event_values, vouching

        rows = self.members[eid]
        values = event_values(rows, [self.titles.get(a) for a in dict.fromkeys(r["article_id"] for r in rows)])
        vouched, corroborated = vouching(self.conn, rows, self.signatures)
        values.update(vouched)
        cand = {k: values.get(k) for k in EVENT_COLUMNS if k != "profile"}
        cand.update(event_id=eid, first_seq=first_seq, _values=values, _outlets=corroborated)
        cand.update(values["profile"])
        self._keep(cand)

    # ---- writes -------------------------------------------------------------------------------------
    def _write(self, art_rows: list[dict], mention_rows: list[dict]) -> None:
        from .store import unite, write_outlets

        conn = self.conn
        if art_rows:
            conn.execute(insert(articles), art_rows)
        if mention_rows:
            conn.execute(insert(mentions), mention_rows)
        for gone in self.united:
            unite(conn, gone, self._final(gone))
        fresh = [{"event_id": e, "first_seq": self.cache[e]["first_seq"], **self.cache[e]["_values"]}
                 for e in self.new_events]
        if fresh:
            conn.execute(insert(events), fresh)
        old = [{"eid": e, **self.cache[e]["_values"]} for e in self.changed - self.new_events]
        if old:
            cols = list(old[0].keys() - {"eid"})
            conn.execute(update(events).where(events.c.event_id == bindparam("eid"))
                         .values({k: bindparam(k) for k in cols}), old)
        write_outlets(conn, {e: self.cache[e]["_outlets"] for e in self.changed | self.new_events})


def _article_row(article: Article, signature: copies.Signature) -> dict:
    from .store import _now

    return {"id": article.id, "content_hash": article.content_hash, "url": article.url, "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None, "title": article.title,
            "text": article.text, "source": article.source, "ingested_at": _now(),
            "signature": signature.to_json()}

