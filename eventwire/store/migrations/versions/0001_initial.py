"""Articles, mentions with evidence, consolidated events and ingest errors.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _fields():
    return [
        sa.Column("event_type", sa.String(64)),
        sa.Column("sub_event_type", sa.String(64)),
        sa.Column("event_date", sa.String(10)),
        sa.Column("time_precision", sa.Integer),
        sa.Column("location", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("iso3", sa.String(3)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("fatalities", sa.Integer),
        sa.Column("fatalities_min", sa.Integer),
        sa.Column("fatalities_max", sa.Integer),
        sa.Column("tags", sa.JSON),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("ingested_at", sa.String(32)),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column("article_id", sa.String(255), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        *_fields(),
        sa.Column("evidence", sa.JSON),
        sa.Column("notes", sa.JSON),
        sa.Column("trigger", sa.Text),
        sa.Column("snippet", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("outlet", sa.Text),
    )
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_index("ix_mentions_event_id", "mentions", ["event_id"])
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(32), primary_key=True),
        *_fields(),
        sa.Column("sources", sa.JSON),
        sa.Column("n_mentions", sa.Integer, nullable=False),
        sa.Column("disagreements", sa.JSON),
        sa.Column("profile", sa.JSON),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(32)),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32)),
    )


def downgrade() -> None:
    for name in ("ingest_errors", "events", "mentions", "articles"):
        op.drop_table(name)
