"""security (#12): idempotency keys remember who sent which body; the citizens' lookup guard
keeps one aggregated row per client and per number instead of one row per wrong attempt

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.timeutil

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "lookup_throttles",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", api.core.timeutil.UTCDateTime(), nullable=False),
        sa.Column("blocked_until", api.core.timeutil.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "subject", name=op.f("pk_lookup_throttles")),
    )
    with op.batch_alter_table("lookup_throttles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lookup_throttles_window_start"), ["window_start"], unique=False
        )
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_lookup_failures_number_failed_at")
        batch_op.drop_index(batch_op.f("ix_lookup_failures_failed_at"))
    op.drop_table("lookup_failures")


def downgrade() -> None:
    op.create_table(
        "lookup_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_number", sa.String(length=32), nullable=False),
        sa.Column("failed_at", api.core.timeutil.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lookup_failures")),
    )
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lookup_failures_failed_at"), ["failed_at"], unique=False
        )
        batch_op.create_index(
            "ix_lookup_failures_number_failed_at", ["ticket_number", "failed_at"], unique=False
        )
    with op.batch_alter_table("lookup_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lookup_throttles_window_start"))
    op.drop_table("lookup_throttles")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_column("request_hash")
