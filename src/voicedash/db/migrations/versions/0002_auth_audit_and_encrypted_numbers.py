"""users, API tokens, audit events; phone numbers encrypted at rest

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:05:00.000000

Rows written before this revision keep their numbers in clear until `voicedash keys rotate` re-encrypts
every row; the column types read such values unchanged meanwhile.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_auth_tables() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_api_tokens_token_digest")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=128), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)


def upgrade() -> None:
    _create_auth_tables()
    sqlite = op.get_bind().dialect.name == "sqlite"
    # ADD COLUMN is native on SQLite: no table copy. A batch copy of `calls` would DROP it, which with
    # foreign keys on cascades into call_events; SQLite ignores VARCHAR lengths, so the wider ciphertext fits.
    op.add_column("calls", sa.Column("to_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_calls_to_hash"), "calls", ["to_hash"], unique=False)
    if not sqlite:
        op.alter_column("calls", "to", type_=sa.Text(), existing_type=sa.String(length=32))
        op.alter_column("calls", "from", type_=sa.Text(), existing_type=sa.String(length=32))
    # No table references call_events, so copying it (SQLite batch mode) is safe.
    with op.batch_alter_table("call_events", schema=None) as batch_op:
        batch_op.alter_column(
            "fields", type_=sa.Text(), existing_type=sa.JSON(), postgresql_using="fields::text"
        )


def downgrade() -> None:
    # The number columns stay TEXT: they hold ciphertext, which neither fits VARCHAR(32) nor casts to JSON.
    op.drop_index(op.f("ix_calls_to_hash"), table_name="calls")
    op.drop_column("calls", "to_hash")
    op.drop_table("audit_events")
    op.drop_table("api_tokens")
    op.drop_table("users")
