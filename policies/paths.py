"""Field paths of household.schema.json: defined in household.paths (the rules use them too)."""

from household.paths import MEMBER_PATH, get_path, is_known, parse_path, set_path

__all__ = ["MEMBER_PATH", "get_path", "is_known", "parse_path", "set_path"]
