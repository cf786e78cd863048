"""webhook inbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 16:46:48.291452
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content_type", sa.String(length=128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),  # encrypted: it holds phone numbers
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_inbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_webhook_inbox_idempotency_key")),
    )
    with op.batch_alter_table("webhook_inbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_inbox_pending",
            ["id"],
            unique=False,
            postgresql_where=sa.text("processed_at IS NULL"),
            sqlite_where=sa.text("processed_at IS NULL"),
        )

    # Plain ADD COLUMN / CREATE INDEX: a batch copy of `calls` on SQLite would drop it (and cascade).
    op.add_column("calls", sa.Column("digits_rank", sa.String(length=40), nullable=True))
    op.create_index("ix_calls_to_hash_created_at", "calls", ["to_hash", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_calls_to_hash_created_at", table_name="calls")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("digits_rank")

    with op.batch_alter_table("webhook_inbox", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_webhook_inbox_pending",
            postgresql_where=sa.text("processed_at IS NULL"),
            sqlite_where=sa.text("processed_at IS NULL"),
        )

    op.drop_table("webhook_inbox")
