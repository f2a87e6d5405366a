"""A private redis-server for the examples: 127.0.0.1, a free port, no persistence.

The port rule (CONTRIBUTING.md): notes write the default port 6379; every `6379` standing alone
in ```redis and ```python blocks is replaced by the test server's port before they run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import redis

_DEFAULT_PORT = re.compile(r"\b6379\b")
_STARTUP_SECONDS = 60  # a hang guard: redis-server is ready in milliseconds, even under load
# Debian's redis-server package puts both programs here; PATH is searched first.
_DEBIAN_BIN = "/usr/bin"


def point_at_test_server(text: str, port: int) -> str:
    """The port rule: every standalone `6379` becomes the test server's port."""
    return _DEFAULT_PORT.sub(str(port), text)


@dataclass(frozen=True)
class RedisPrograms:
    server: Path
    cli: Path


def find_redis_programs(search_path: str | None = None) -> RedisPrograms | None:
    """redis-server and redis-cli from PATH (or `search_path`), else Debian's /usr/bin."""
    if search_path is None:
        search_path = os.pathsep.join([os.environ.get("PATH", ""), _DEBIAN_BIN])
    server = shutil.which("redis-server", path=search_path)
    cli = shutil.which("redis-cli", path=search_path)
    if server is None or cli is None:
        return None
    return RedisPrograms(server=Path(server), cli=Path(cli))


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisStartError(RuntimeError):
    """redis-server exited or never became ready; `output` is what it printed."""

    def __init__(self, message: str, output: str) -> None:
        super().__init__(f"{message}\n{output}")
        self.output = output


def start_redis_server(
    programs: RedisPrograms, workdir: Path, *, config_file: Path, extra: list[str]
) -> tuple[subprocess.Popen[bytes], int]:
    """Start redis-server with `config_file`, overridden by a free port on 127.0.0.1 in `workdir`.

    Returns once it accepts connections; raises RedisStartError if it exits or never does.
    """
    port = free_port()
    log = workdir / f"redis-{port}.log"
    command = [
        str(programs.server), str(config_file),
        "--port", str(port), "--bind", "127.0.0.1", "--daemonize", "no",
        "--dir", str(workdir), "--logfile", "",
        *extra,
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise RedisStartError(f"redis-server exited with status {process.returncode}", output)
        if _accepts_connections(port):
            return process, port
        time.sleep(0.05)
    stop_process(process)
    raise RedisStartError("redis-server did not become ready", log.read_text(errors="replace"))


def _accepts_connections(port: int) -> bool:
    # A TCP connect, not the log's "Ready" line: a config may set `loglevel warning`.
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """The examples' shared server. `reset_for_page()` gives each page an empty, default server."""

    def __init__(self, programs: RedisPrograms, workdir: Path) -> None:
        self.programs = programs
        # An empty config file, so that a note may show CONFIG REWRITE succeeding.
        config_file = workdir / "redis.conf"
        config_file.write_text("")
        self._process, self.port = start_redis_server(
            programs,
            workdir,
            config_file=config_file,
            extra=["--save", "", "--appendonly", "no"],
        )
        self.client = redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)
        try:
            self._initial_config: dict[str, str] = self.client.config_get("*")
            #: `7.0.15`: what `requires: redis` markers and versions.toml are compared with.
            self.version: str = self.client.info("server")["redis_version"]
        except redis.RedisError:
            self.stop()
            raise

    @classmethod
    def start(cls, programs: RedisPrograms, workdir: Path) -> Self:
        return cls(programs, workdir)

    def reset_for_page(self) -> None:
        """FLUSHALL, drop scripts and functions, and undo any CONFIG SET an earlier page made."""
        self.client.flushall()
        self.client.script_flush()
        self.client.function_flush()
        current = self.client.config_get("*")
        for name, value in self._initial_config.items():
            if current.get(name) != value:
                self.client.config_set(name, value)

    def stop(self) -> None:
        self.client.close()
        stop_process(self._process)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
