"""Alembic runs against the connection voicedash hands it; see voicedash.db.migrate."""

from alembic import context

import voicedash.models  # noqa: F401  (registers the tables)
from voicedash.db.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `voicedash db upgrade`, which supplies the database connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
