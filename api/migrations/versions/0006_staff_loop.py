"""staff loop: 转人工 and life-safety marks, routing confidence, open questions, contacts given
later, 协办 tasks and answers, the phone's last digits indexed for the queue search

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.timeutil

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("handoff", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("handoff_taken_by", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("handoff_taken_at", api.core.timeutil.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("life_safety", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("routing_confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("open_questions", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("contacts", sa.JSON(), nullable=True))
        batch_op.create_index("ix_tickets_phone_last4", ["phone_last4"], unique=False)

    with op.batch_alter_table("ticket_assisting_departments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("task", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("requested_by", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("requested_at", api.core.timeutil.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("reply", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("replied_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("replied_at", api.core.timeutil.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket_assisting_departments", schema=None) as batch_op:
        for column in ("replied_at", "replied_by", "reply", "requested_at", "requested_by", "task"):
            batch_op.drop_column(column)
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_phone_last4")
        for column in (
            "contacts",
            "open_questions",
            "routing_confidence",
            "life_safety",
            "handoff_taken_at",
            "handoff_taken_by",
            "handoff",
        ):
            batch_op.drop_column(column)
