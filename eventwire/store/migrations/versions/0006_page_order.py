"""PostgreSQL: an index in the order pages of events are read (newest first, undated events last, then by id).

Pages are sorted by `event_date DESC NULLS LAST, event_id DESC`. SQLite reads that order from the
(event_date, event_id, ...) index backwards (it sorts NULL lowest); PostgreSQL reads an ascending index
backwards as DESC NULLS FIRST, so it sorted the whole table for every page read by offset (175 ms a page
on 50,171 events, 30,000 deep). This index is in the page order itself.

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_events_page_order ON events (event_date DESC NULLS LAST, event_id DESC)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_page_order")
