"""The tables, as SQLAlchemy Core objects the store queries through. Their shape is created and changed only
by the Alembic migrations in migrations/versions (keep both in step: a test compares them)."""
from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()


def _event_columns() -> list[Column]:
    """The contract mention fields, shared by mentions and events."""
    return [
        Column("event_type", String(64)),
        Column("sub_event_type", String(64)),
        Column("event_date", String(10)),  # ISO date: sorts and compares as text on both back ends
        Column("time_precision", Integer),
        Column("location", Text),
        Column("admin1", Text),
        Column("admin2", Text),
        Column("country", Text),
        Column("iso3", String(3)),
        Column("latitude", Float),
        Column("longitude", Float),
        Column("geo_precision", Integer),
        Column("actor1", Text),
        Column("actor2", Text),
        Column("fatalities", Integer),
        Column("fatalities_min", Integer),
        Column("fatalities_max", Integer),
        Column("tags", JSON),
    ]


articles = Table(
    "articles", metadata,
    Column("id", String(255), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(32)),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("ingested_at", String(32)),
    Column("signature", JSON),  # merge.copies MinHash: [shingles, minima...]
)

mentions = Table(
    "mentions", metadata,
    Column("id", String(300), primary_key=True),  # article id + "#" + index in the article
    Column("article_id", String(255), nullable=False, index=True),
    Column("idx", Integer, nullable=False),
    Column("event_id", String(32), nullable=False, index=True),
    Column("seq", BigInteger, nullable=False),  # arrival order, for "first reported" ties
    *_event_columns(),
    Column("evidence", JSON),
    Column("notes", JSON),
    Column("trigger", Text),
    Column("snippet", Text),
    Column("published", String(32)),
    Column("outlet", Text),
    Column("attribution", JSON),  # [{holder, holder_kind, fields}]
    Column("claim_status", String(16)),
)

events = Table(
    "events", metadata,
    Column("event_id", String(32), primary_key=True),
    *_event_columns(),
    Column("sources", JSON),  # article ids, first reported first
    Column("outlets", JSON),
    Column("n_mentions", Integer, nullable=False),
    Column("disagreements", JSON),
    Column("profile", JSON),  # merge.profile extras: every actor, place name and wording
    Column("search_text", Text),  # casefolded location, actors, notes and titles for `q`
    Column("first_seq", BigInteger, nullable=False),
    Column("updated_at", String(32)),
    Column("claim_status", String(16), index=True),
    Column("attribution", JSON),
    Column("holder_kinds", Text),  # "|government|witness|": filtered with LIKE on both back ends
    Column("independent_sources", Integer),  # sources after collapsing copies of one wire story
    Column("copies", JSON),  # [[article ids that are one story]]
)

errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("code", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", String(32)),
)

assessments = Table(
    "assessments", metadata,
    Column("article_id", String(255), primary_key=True),
    Column("outlet", Text, index=True),
    Column("words", Integer, nullable=False),
    Column("opinion_words", Integer, nullable=False),
    Column("n_loaded", Integer, nullable=False),
    Column("unattributed_tolls", Integer, nullable=False),
    Column("opinion", JSON),  # [[start, end]]
    Column("loaded", JSON),  # [{start, end, category}]
    Column("attributions", JSON),  # [{start, end, holder, holder_kind}]
)

event_outlets = Table(
    "event_outlets", metadata,
    Column("event_id", String(32), primary_key=True),
    Column("outlet", String(255), primary_key=True, index=True),
    Column("corroborated", Integer, nullable=False),  # 1 when an independent report also tells the event
)

# What `eventwire watch` follows and has seen (eventwire/watch/state.py reads and writes these).
watch_sources = Table(
    "watch_sources", metadata,
    Column("url", String(2048), primary_key=True),
    Column("kind", String(16)),  # feed, sitemap or folder
    Column("outlet", Text),
    Column("etag", Text),  # validators of the last 200 response, for conditional GET
    Column("last_modified", Text),
    Column("last_polled_at", String(32)),
    Column("last_ok_at", String(32)),
    Column("next_poll_at", String(32)),
    Column("failures", Integer, nullable=False, server_default="0"),  # consecutive failed polls (back-off)
    Column("last_error", Text),
    Column("last_error_at", String(32)),
    Column("pages_failed", Integer, nullable=False, server_default="0"),
    Column("articles_added", Integer, nullable=False, server_default="0"),
)

watch_entries = Table(
    "watch_entries", metadata,
    Column("url", String(2048), primary_key=True),  # page URL, or file path for a folder source
    Column("source_url", String(2048), nullable=False, index=True),
    Column("status", String(16), nullable=False),  # done, failed (retried later) or gave_up
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("article_id", String(255)),
    Column("fingerprint", String(64)),  # a file's size and mtime: changed files are read again
    Column("first_seen_at", String(32)),
    Column("updated_at", String(32)),
    Column("next_try_at", String(32)),
    Column("last_error", Text),
)
