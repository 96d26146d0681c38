"""Starts the real system for end-to-end tests and benchmarks: ticket API, action server, Rasa server.

`build_system()` prepares the three processes on free loopback ports with a throw-away database and
data directory (their output goes to $TEST_OUTPUT/e2e/<name>.log); `ensure_model()` trains the model
if it is missing or stale (scripts/train.sh is a no-op otherwise).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
VENV_BOT = ROOT / ".venv-bot" / "bin"
MODEL = Path(os.environ.get("HOTLINE_MODEL", ROOT / "models" / "hotline.tar.gz"))
if not MODEL.is_absolute():
    MODEL = ROOT / MODEL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def output_dir() -> Path:
    out = Path(os.environ.get("TEST_OUTPUT", ROOT / "test-output")) / "e2e"
    out.mkdir(parents=True, exist_ok=True)
    return out


@dataclass
class Process:
    name: str
    args: list[str]
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def wait_until_up(process: Process, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited early:\n{process.log_tail()}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"{process.name} did not answer {url} within {timeout}s:\n{process.log_tail()}"
    )


@dataclass
class System:
    """The three running processes and where they answer."""

    data_dir: Path
    env: dict[str, str]
    api_url: str
    rasa_url: str
    actions_url: str
    processes: dict[str, Process] = field(default_factory=dict)
    rasa_urls: list[str] = field(default_factory=list)

    def start(self, name: str, timeout: float = 600) -> None:
        self.start_all([name], timeout)

    def start_all(self, names: list[str], timeout: float = 600) -> None:
        """Start the named processes at once (their start-ups overlap), then wait for each."""
        for name in names:
            self.processes[name].start()
        for name in names:
            self.wait_up(name, timeout)

    def wait_up(self, name: str, timeout: float = 600) -> None:
        """Wait until a started process answers its health check."""
        wait_until_up(self.processes[name], self._health_url(name), timeout)

    def _health_url(self, name: str) -> str:
        if name == "api":
            return f"{self.api_url}/api/v1/health"
        if name == "actions":
            return f"{self.actions_url}/health"
        # rasa, rasa2, ...: "/" answers without the HTTP API's token
        index = 0 if name == "rasa" else int(name.removeprefix("rasa")) - 1
        return f"{self.rasa_urls[index]}/"

    def stop(self, name: str) -> None:
        self.processes[name].stop()

    def assistant_credentials(self) -> tuple[str, str]:
        """The assistant's service account, as `api.cli init` wrote it to SECRETS_FILE."""
        values = read_secrets(Path(self.env["SECRETS_FILE"]))
        return values["ASSISTANT_USERNAME"], values["ASSISTANT_PASSWORD"]

    def parse(self, text: str, server: int = 0) -> dict:
        """Rasa's /model/parse of one text (its HTTP API wants the token)."""
        response = httpx.post(
            f"{self.rasa_urls[server]}/model/parse",
            json={"text": text},
            params={"token": self.env["RASA_TOKEN"]},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def say(self, sender: str, text: str, server: int = 0) -> list[dict]:
        """Send one message over the REST channel of Rasa server number `server` (0 = "rasa")."""
        response = httpx.post(
            f"{self.rasa_urls[server]}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()


def ensure_model() -> None:
    subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True)


def build_system(
    tmp_root: Path,
    extra_env: dict[str, str] | None = None,
    *,
    api_workers: int = 1,
    rasa_servers: int = 1,
    endpoints: str = "bot/endpoints.yml",
) -> System:
    """The processes of one system. `rasa_servers=2` adds "rasa2", a second Rasa server on the same
    tracker and lock stores (use a shared store: bot/endpoints.postgres.yml)."""
    data_dir = tmp_root / "var"
    data_dir.mkdir(parents=True, exist_ok=True)
    api_port, rasa_port, actions_port = free_port(), free_port(), free_port()
    rasa_ports = [rasa_port] + [free_port() for _ in range(rasa_servers - 1)]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOTLINE_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'hotline.db'}",
        "SECRETS_FILE": str(data_dir / "secrets.env"),
        "API_PORT": str(api_port),
        "API_URL": f"http://127.0.0.1:{api_port}",
        "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(actions_port),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "ACTIONS_HOST": "127.0.0.1",
        "TRACKER_DB": str(data_dir / "rasa_tracker.db"),
        "OUTBOX_DB": str(data_dir / "outbox.db"),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_env or {}),
    }
    out = output_dir()
    system = System(
        data_dir=data_dir,
        env=env,
        api_url=f"http://127.0.0.1:{api_port}",
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        actions_url=f"http://127.0.0.1:{actions_port}",
    )
    system.processes = {
        "api": Process(
            "api",
            [
                str(VENV / "uvicorn"),
                "api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(api_port),
                "--workers",
                str(api_workers),
            ],
            env,
            out / "api.log",
        ),
        "actions": Process(
            "actions",
            [str(VENV_BOT / "python"), "-m", "bot.action_server"],
            env,
            out / "actions.log",
        ),
    }
    for index, port in enumerate(rasa_ports):
        name = "rasa" if index == 0 else f"rasa{index + 1}"
        system.processes[name] = Process(
            name,
            [
                str(VENV_BOT / "rasa"),
                "run",
                "--enable-api",
                # one argument: a token may begin with "-" (token_urlsafe), which argparse
                # would take for an option when it stands alone
                "--auth-token=${RASA_TOKEN}",
                "--cors",
                f"http://127.0.0.1:{api_port}",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--model",
                str(MODEL),
                "--credentials",
                "bot/credentials.yml",
                "--endpoints",
                endpoints,
            ],
            env,
            out / f"{name}.log",
        )
        system.rasa_urls.append(f"http://127.0.0.1:{port}")
    subprocess.run(
        [str(VENV / "python"), "-m", "api.cli", "init"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    # The tokens `api.cli init` wrote: Rasa's HTTP API and the action server answer only with them.
    secrets = read_secrets(Path(env["SECRETS_FILE"]))
    for key in ("RASA_TOKEN", "ACTION_SERVER_TOKEN"):
        env[key] = secrets[key]
    for process in system.processes.values():
        process.args = [arg.replace("${RASA_TOKEN}", env["RASA_TOKEN"]) for arg in process.args]
    return system


def read_secrets(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip()
    return values
