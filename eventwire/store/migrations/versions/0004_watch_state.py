"""Watch state: the sources `eventwire watch` follows (when to poll next, validators for conditional GET,
failures and back-off) and every entry it has seen, so a restarted watcher resumes where it stopped; an
index on articles.url, so a page already stored under its URL is known before it is fetched again.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("kind", sa.String(16)),
        sa.Column("outlet", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled_at", sa.String(32)),
        sa.Column("last_ok_at", sa.String(32)),
        sa.Column("next_poll_at", sa.String(32)),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", sa.String(32)),
        sa.Column("pages_failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("articles_added", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "watch_entries",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("source_url", sa.String(2048), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("article_id", sa.String(255)),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("first_seen_at", sa.String(32)),
        sa.Column("updated_at", sa.String(32)),
        sa.Column("next_try_at", sa.String(32)),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_watch_entries_source_url", "watch_entries", ["source_url"])
    op.create_index("ix_articles_url", "articles", ["url"])


def downgrade() -> None:
    op.drop_index("ix_articles_url", table_name="articles")
    op.drop_index("ix_watch_entries_source_url", table_name="watch_entries")
    op.drop_table("watch_entries")
    op.drop_table("watch_sources")
