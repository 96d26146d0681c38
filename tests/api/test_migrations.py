"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic import command

from api.cli import alembic_config


def test_models_and_migrations_agree(database):
    command.check(alembic_config())  # raises when an autogenerate would find differences
