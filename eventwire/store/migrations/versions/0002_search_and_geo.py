"""Query support: outlets and search text on events (backfilled), indexes for the API's filters, and the
ew_km() great-circle function on PostgreSQL (SQLite gets it from the store at connect time).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EW_KM = """
CREATE OR REPLACE FUNCTION ew_km(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8
LANGUAGE SQL IMMUTABLE STRICT AS $$
  SELECT 2 * 6371.0088 * asin(least(1.0, sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2)
    + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$
"""


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("outlets", sa.JSON))
        batch.add_column(sa.Column("search_text", sa.Text))
    # Existing events become searchable by place and actors at once; the store rewrites the full text
    # (with article titles) the next time an event changes.
    parts = " || ' ' || ".join(f"coalesce({c}, '')" for c in ("location", "admin1", "admin2", "country",
                                                               "actor1", "actor2"))
    op.execute(f"UPDATE events SET search_text = lower({parts}) WHERE search_text IS NULL")
    op.create_index("ix_events_date", "events", ["event_date"])
    op.create_index("ix_events_iso3_type", "events", ["iso3", "event_type", "event_date"])
    op.create_index("ix_events_coords", "events", ["latitude", "longitude"])
    op.create_index("ix_events_fatalities", "events", ["fatalities"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(EW_KM)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ew_km(float8, float8, float8, float8)")
    for name in ("ix_events_fatalities", "ix_events_coords", "ix_events_iso3_type", "ix_events_date"):
        op.drop_index(name, table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("search_text")
        batch.drop_column("outlets")
