"""CLI: ``python -m policies estimate FILE`` (``-`` for stdin) prints the result JSON.

Also ``python -m policies unknowns FILE`` and ``python -m policies changes FILE``.
Invalid input exits 2 with a one-line message on stderr (no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from household.questions import question_for
from policies.errors import InvalidHousehold
from policies.estimator import estimate
from policies.explain import most_decisive_unknowns, what_would_change

EXIT_INVALID = 2


def _read(source: str) -> Any:
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        raise InvalidHousehold(
            f"无法读取文件 {source} / cannot read {source}: {exc.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise InvalidHousehold("文件不是 UTF-8 文本 / input is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidHousehold(
            f"JSON 格式错误（第{exc.lineno}行） / invalid JSON at line {exc.lineno}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policies", description="救助项目资格估算")
    parser.add_argument("command", choices=["estimate", "unknowns", "changes"])
    parser.add_argument("file", help="household facts JSON file, or - for stdin")
    args = parser.parse_args(argv)
    try:
        household = _read(args.file)
        if args.command == "estimate":
            output: Any = estimate(household)
        elif args.command == "unknowns":
            output = [
                {"fact": path, "question": question_for(path)}
                for path in most_decisive_unknowns(household)
            ]
        else:
            output = what_would_change(household)
    except InvalidHousehold as exc:
        print(str(exc).splitlines()[0] if str(exc) else "输入无效 / invalid input", file=sys.stderr)
        return EXIT_INVALID
    except RecursionError:
        print("输入嵌套过深 / input nested too deeply", file=sys.stderr)
        return EXIT_INVALID
    try:
        json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
