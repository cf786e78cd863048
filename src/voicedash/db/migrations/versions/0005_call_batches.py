"""bulk call batches and their rows (calls.batch_id comes from 0004)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_batches() -> None:
    op.create_table(
        "call_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("complete_event_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_batches")),
        sa.UniqueConstraint("batch_id", name=op.f("uq_call_batches_batch_id")),
    )
    op.create_index("ix_call_batches_created_at", "call_batches", ["created_at"])
    op.create_index("ix_call_batches_complete_event_id", "call_batches", ["complete_event_id"])
    op.create_index(op.f("ix_call_batches_status"), "call_batches", ["status"])


def _create_rows() -> None:
    op.create_table(
        "call_batch_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(length=24), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("to", sa.Text(), nullable=False),  # encrypted
        sa.Column("to_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("execution_sid", sa.String(length=34), nullable=True),
        sa.Column("failure_code", sa.String(length=32), nullable=True),
        sa.Column("failure_reason", sa.String(length=255), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["call_batches.batch_id"],
            name=op.f("fk_call_batch_rows_batch_id_call_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_batch_rows")),
    )
    op.create_index(
        "ix_call_batch_rows_batch_id_status_row", "call_batch_rows", ["batch_id", "status", "row"]
    )
    op.create_index("ix_call_batch_rows_to_hash_status", "call_batch_rows", ["to_hash", "status"])
    op.create_index("ix_call_batch_rows_status_claimed_at", "call_batch_rows", ["status", "claimed_at"])


def upgrade() -> None:
    _create_batches()
    _create_rows()


def downgrade() -> None:
    op.drop_table("call_batch_rows")
    op.drop_table("call_batches")
