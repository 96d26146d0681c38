"""dashboard indexes: per-day fingerprints, daily trend, running clocks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tickets_created_at_version", ["created_at", "version"], unique=False
        )
        batch_op.create_index(
            "ix_tickets_replied_at_department", ["replied_at", "department_code"], unique=False
        )
        batch_op.create_index(
            "ix_tickets_closed_at_department", ["closed_at", "department_code"], unique=False
        )
    with op.batch_alter_table("ticket_deadlines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_deadlines_open",
            ["state", "paused_at", "step", "due_at", "ticket_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_deadlines_open")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_closed_at_department")
        batch_op.drop_index("ix_tickets_replied_at_department")
        batch_op.drop_index("ix_tickets_created_at_version")
