"""lookup failures: the citizens' lookup guard, shared by every API worker and host

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:15:06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.timeutil

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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


def downgrade() -> None:
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_lookup_failures_number_failed_at")
        batch_op.drop_index(batch_op.f("ix_lookup_failures_failed_at"))
    op.drop_table("lookup_failures")
