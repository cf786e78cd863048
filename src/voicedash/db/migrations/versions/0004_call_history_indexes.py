"""call history: batch_id, to_tail_hash, an index per filter and sort

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 09:30:00.000000

`to_tail_hash` is filled here when the migration runs with the encryption keys (the server and `voicedash
db upgrade` pass them); a database migrated without them gets it from `voicedash keys rotate`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from voicedash.db.encryption import keyring_or_none

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {
    "ix_calls_created_at_id": ["created_at", "id"],
    "ix_calls_updated_at_id": ["updated_at", "id"],
    "ix_calls_status_created_at_id": ["status", "created_at", "id"],
    "ix_calls_outcome_created_at_id": ["outcome", "created_at", "id"],
    "ix_calls_to_tail_hash_created_at_id": ["to_tail_hash", "created_at", "id"],
    "ix_calls_batch_id_created_at_id": ["batch_id", "created_at", "id"],
}
_CALLS = sa.table("calls", sa.column("id"), sa.column("to"), sa.column("to_tail_hash"))
_BATCH = 1000


def _backfill_tail_hashes() -> None:
    bind = op.get_bind()
    keyring = keyring_or_none(bind.dialect)
    if keyring is None:
        return
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(_CALLS.c.id, _CALLS.c.to)
            .where(_CALLS.c.id > last_id)
            .order_by(_CALLS.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        updates = [
            {"row_id": row.id, "tail": keyring.tail_hash(keyring.decrypt(row.to))} for row in rows if row.to
        ]
        if updates:
            bind.execute(
                _CALLS.update()
                .where(_CALLS.c.id == sa.bindparam("row_id"))
                .values(to_tail_hash=sa.bindparam("tail")),
                updates,
            )
        last_id = rows[-1].id


def upgrade() -> None:
    # Plain ADD COLUMN / CREATE INDEX: a batch copy of `calls` on SQLite would drop it (and cascade).
    op.add_column("calls", sa.Column("to_tail_hash", sa.String(length=64), nullable=True))
    op.add_column("calls", sa.Column("batch_id", sa.String(length=40), nullable=True))
    # Superseded by the (column, created_at, id) indexes, which also give each page its order.
    op.drop_index("ix_calls_outcome", table_name="calls")
    op.drop_index("ix_calls_created_at", table_name="calls")
    for name, columns in _INDEXES.items():
        op.create_index(name, "calls", columns, unique=False)
    op.create_index(
        "ix_calls_duration_sort", "calls", [sa.text("coalesce(duration, -1)"), "created_at", "id"]
    )
    _backfill_tail_hashes()


def downgrade() -> None:
    op.drop_index("ix_calls_duration_sort", table_name="calls")
    for name in reversed(_INDEXES):
        op.drop_index(name, table_name="calls")
    op.create_index("ix_calls_created_at", "calls", ["created_at"], unique=False)
    op.create_index("ix_calls_outcome", "calls", ["outcome"], unique=False)
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("batch_id")
        batch_op.drop_column("to_tail_hash")
