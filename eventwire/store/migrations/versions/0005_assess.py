"""Source assessment: who vouches for each mention and event, per-article assessments, copy signatures, and
per-outlet corroboration.

- mentions: attribution (JSON list of {holder, holder_kind, fields}), claim_status.
- events: claim_status, attribution, holder_kinds ("|kind|kind|", for filtering), independent_sources, copies.
- articles: signature (MinHash of the text's shingles, for copy detection).
- assessments: one row per article (opinion and loaded spans, attributions, figures).
- event_outlets: one row per (event, outlet), corroborated when an independent report also tells the event.

Events stored before this migration count each of their articles as an independent source; the store
recomputes an event's figures whenever it gains a report.

Revision ID: 0005
Revises: 0004
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("attribution", sa.JSON))
        batch.add_column(sa.Column("claim_status", sa.String(16)))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("claim_status", sa.String(16)))
        batch.add_column(sa.Column("attribution", sa.JSON))
        batch.add_column(sa.Column("holder_kinds", sa.Text))
        batch.add_column(sa.Column("independent_sources", sa.Integer))
        batch.add_column(sa.Column("copies", sa.JSON))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("signature", sa.JSON))
    op.create_index("ix_events_claim_status", "events", ["claim_status"])
    op.create_table(
        "assessments",
        sa.Column("article_id", sa.String(255), primary_key=True),
        sa.Column("outlet", sa.Text),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("opinion_words", sa.Integer, nullable=False),
        sa.Column("n_loaded", sa.Integer, nullable=False),
        sa.Column("unattributed_tolls", sa.Integer, nullable=False),
        sa.Column("opinion", sa.JSON),
        sa.Column("loaded", sa.JSON),
        sa.Column("attributions", sa.JSON),
    )
    op.create_index("ix_assessments_outlet", "assessments", ["outlet"])
    event_outlets = op.create_table(
        "event_outlets",
        sa.Column("event_id", sa.String(32), primary_key=True),
        sa.Column("outlet", sa.String(255), primary_key=True),
        sa.Column("corroborated", sa.Integer, nullable=False),
    )
    op.create_index("ix_event_outlets_outlet", "event_outlets", ["outlet"])
    # Existing events: every article an independent source (no signatures yet), an outlet corroborated when
    # another outlet also reported the event.
    conn = op.get_bind()
    events = sa.table("events", sa.column("event_id"), sa.column("sources"), sa.column("outlets"),
                      sa.column("independent_sources"))
    rows = conn.execute(sa.select(events.c.event_id, events.c.sources, events.c.outlets)).all()
    for event_id, sources, outlets in rows:
        sources = json.loads(sources) if isinstance(sources, str) else sources or []
        outlets = [o for o in (json.loads(outlets) if isinstance(outlets, str) else outlets or []) if o]
        conn.execute(events.update().where(events.c.event_id == event_id).values(independent_sources=len(sources)))
        for outlet in dict.fromkeys(outlets):
            conn.execute(event_outlets.insert().values(event_id=event_id, outlet=outlet[:255],
                                                       corroborated=int(len(set(outlets)) > 1)))


def downgrade() -> None:
    op.drop_index("ix_event_outlets_outlet", table_name="event_outlets")
    op.drop_table("event_outlets")
    op.drop_index("ix_assessments_outlet", table_name="assessments")
    op.drop_table("assessments")
    op.drop_index("ix_events_claim_status", table_name="events")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("signature")
    with op.batch_alter_table("events") as batch:
        for name in ("copies", "independent_sources", "holder_kinds", "attribution", "claim_status"):
            batch.drop_column(name)
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("claim_status")
        batch.drop_column("attribution")
