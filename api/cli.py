"""Setup commands: `python -m api.cli init | seed-demo | sweep`."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from api.core.config import REPO_ROOT, SECRETS_FILE, get_settings

ALEMBIC_INI = Path(__file__).parent / "alembic.ini"

DEMO_PEOPLE = [
    # username, role, department, display name
    ("operator", "operator", "620422-hotline", "演示接线员"),
    ("supervisor", "supervisor", "620422-hotline", "演示督办员"),
    ("minzheng", "handler", "620422-minzheng", "会宁县民政局演示承办人"),
]


def _read_env_file(path: Path) -> tuple[list[str], dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    values = {}
    for line in lines:
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return lines, values


def ensure_secrets(path: Path = SECRETS_FILE) -> dict[str, str]:
    """Create or complete var/secrets.env; existing values are kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines, values = _read_env_file(path)
    wanted = {
        "ASSISTANT_USERNAME": "assistant",
        "ASSISTANT_PASSWORD": secrets.token_urlsafe(24),
        "JWT_SECRET": secrets.token_urlsafe(48),
        # The Rasa server's HTTP API and the action server answer only with these.
        "RASA_TOKEN": secrets.token_urlsafe(32),
        "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
    }
    added = [f"{k}={v}" for k, v in wanted.items() if not values.get(k)]
    if added:
        path.write_text("\n".join([*lines, *added]) + "\n", encoding="utf-8")
        for line in added:
            key, _, value = line.partition("=")
            values[key] = value
    os.chmod(path, 0o600)
    return values


def alembic_config() -> Config:
    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["configure_logger"] = False
    return cfg


def migrate() -> None:
    settings = get_settings()
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    command.upgrade(alembic_config(), "head")


def init() -> None:
    values = ensure_secrets()
    get_settings.cache_clear()
    migrate()
    from api.auth.models import Role
    from api.auth.service import ensure_user
    from api.core.database import write_session
    from api.departments.service import load_data_files

    with write_session() as session:
        count = load_data_files(session)
        ensure_user(
            session,
            values["ASSISTANT_USERNAME"],
            values["ASSISTANT_PASSWORD"],
            Role.assistant,
            display_name="智能助手服务账号",
        )
        session.commit()
    print(f"数据库已迁移；部门 {count} 个；助手账号已就绪（密码见 {_rel(SECRETS_FILE)}）")


def seed_demo() -> None:
    from api.auth.models import Role
    from api.auth.service import ensure_user
    from api.core.database import write_session

    password = get_settings().demo_accounts_password
    with write_session() as session:
        for username, role, dept, name in DEMO_PEOPLE:
            ensure_user(session, username, password, Role(role), dept, name)
        session.commit()
    print("演示账号：" + "、".join(p[0] for p in DEMO_PEOPLE))


def run_sweep() -> None:
    from api.tickets.sweep import sweep_once

    result = sweep_once()
    print(f"临期提醒 {result.warned} 条，超期 {result.breached} 条")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="migrate, load departments, create the assistant account")
    sub.add_parser("seed-demo", help="create the demo people (operator, supervisor, minzheng)")
    sub.add_parser("sweep", help="deadline warnings and breaches")
    args = parser.parse_args(argv)
    {"init": init, "seed-demo": seed_demo, "sweep": run_sweep}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
