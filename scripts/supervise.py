"""Keeps the hotline's processes running: `make run` starts them under this supervisor.

Each process (ticket API, action server, Rasa server) runs in its own process group, its output
prefixed with its name. A process that exits is started again after a back-off (1 s, 2 s, 4 s …
up to 30 s; back to 1 s once it has run for a minute); one process dying never stops the others.
A process whose memory (resident set of its whole group) grows past its limit is restarted
before it can take the machine down. One Ctrl-C or SIGTERM stops everything.

    .venv/bin/python scripts/supervise.py            # the processes of `make run`
    SUPERVISE_ONLY=api,rasa .venv/bin/python scripts/supervise.py

Limits (MB of resident memory): API_MEMORY_MB (default 1024), ACTIONS_MEMORY_MB (1024),
RASA_MEMORY_MB (4096). Settings come from the environment (scripts/env.sh and var/secrets.env).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 30.0
HEALTHY_AFTER_SECONDS = 60.0


@dataclass
class Program:
    name: str
    argv: list[str]
    memory_mb: int
    popen: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    backoff: float = 1.0
    restarts: int = 0
    output: threading.Thread | None = field(default=None, repr=False)


def programs(env: dict[str, str]) -> list[Program]:
    """The processes of `make run`, bound to loopback unless HOST says otherwise."""
    host = env.get("HOST", "127.0.0.1")
    rasa = [
        str(ROOT / ".venv-bot/bin/rasa"),
        "run",
        "--enable-api",
        "--interface",
        host,
        "--port",
        env.get("RASA_PORT", "5005"),
        "--model",
        env.get("HOTLINE_MODEL", "models/hotline.tar.gz"),
        "--credentials",
        "bot/credentials.yml",
        "--endpoints",
        env.get("RASA_ENDPOINTS", "bot/endpoints.yml"),
        "--cors",
        env.get("RASA_CORS", env.get("API_URL", f"http://{host}:8000")),
    ]
    if env.get("RASA_TOKEN"):
        rasa += [f"--auth-token={env['RASA_TOKEN']}"]  # one argument: a token may begin with "-"
    return [
        Program(
            "api",
            [
                str(ROOT / ".venv/bin/uvicorn"),
                "api.main:app",
                "--host",
                host,
                "--port",
                env.get("API_PORT", "8000"),
                "--workers",
                env.get("API_WORKERS", "1"),
            ],
            int(env.get("API_MEMORY_MB", "1024")),
        ),
        Program(
            "actions",
            [str(ROOT / ".venv-bot/bin/python"), "-m", "bot.action_server"],
            int(env.get("ACTIONS_MEMORY_MB", "1024")),
        ),
        Program("rasa", rasa, int(env.get("RASA_MEMORY_MB", "4096"))),
    ]


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group, from /proc (Linux)."""
    total_kb = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total_kb / 1024


class Supervisor:
    def __init__(self, programs: list[Program], env: dict[str, str]) -> None:
        self.programs = programs
        self.env = env
        self.stopping = threading.Event()
        self.print_lock = threading.Lock()
        width = max(len(p.name) for p in programs)
        self.prefix = {p.name: f"{p.name:<{width}} | " for p in programs}

    def say(self, name: str, line: str) -> None:
        with self.print_lock:
            sys.stdout.write(self.prefix.get(name, f"{name} | ") + line.rstrip("\n") + "\n")
            sys.stdout.flush()

    def start(self, program: Program) -> None:
        program.popen = subprocess.Popen(
            program.argv,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        program.started_at = time.monotonic()
        program.output = threading.Thread(target=self._copy_output, args=(program,), daemon=True)
        program.output.start()
        self.say(program.name, f"started (pid {program.popen.pid})")

    def _copy_output(self, program: Program) -> None:
        assert program.popen is not None and program.popen.stdout is not None
        for raw in program.popen.stdout:
            self.say(program.name, raw.decode("utf-8", errors="replace"))

    def stop(self, program: Program, reason: str = "") -> None:
        popen = program.popen
        if popen is None or popen.poll() is not None:
            return
        if reason:
            self.say(program.name, reason)
        try:
            os.killpg(popen.pid, signal.SIGTERM)
            popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(popen.pid, signal.SIGKILL)
            popen.wait(timeout=10)
        except ProcessLookupError:
            pass

    def check(self, program: Program) -> None:
        popen = program.popen
        now = time.monotonic()
        if popen is None:
            return
        code = popen.poll()
        if code is None:
            if now - program.started_at > HEALTHY_AFTER_SECONDS:
                program.backoff = 1.0
            rss = group_rss_mb(popen.pid)
            if rss > program.memory_mb:
                self.stop(
                    program, f"uses {rss:.0f} MB, over its {program.memory_mb} MB: restarting"
                )
                code = popen.poll()
            else:
                return
        self.say(program.name, f"exited with {code}; starting again in {program.backoff:.0f} s")
        if self.stopping.wait(program.backoff):
            return
        program.backoff = min(program.backoff * 2, MAX_BACKOFF_SECONDS)
        program.restarts += 1
        self.start(program)

    def run(self) -> int:
        for program in self.programs:
            self.start(program)
        while not self.stopping.wait(CHECK_SECONDS):
            for program in self.programs:
                if not self.stopping.is_set():
                    self.check(program)
        for program in self.programs:
            self.stop(program, "stopping")
        return 0


def main() -> int:
    env = dict(os.environ)
    chosen = [
        p
        for p in programs(env)
        if not env.get("SUPERVISE_ONLY") or p.name in env["SUPERVISE_ONLY"].split(",")
    ]
    supervisor = Supervisor(chosen, env)

    def handle(signum: int, _frame: object) -> None:
        supervisor.say("supervisor", f"signal {signum}: stopping every process")
        supervisor.stopping.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
