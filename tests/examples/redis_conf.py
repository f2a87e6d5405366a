"""```` ```text title="redis.conf" ```` blocks: the real redis-server must accept them.

The block is written to a file and redis-server is started with it, overridden to run in the
foreground on a free port of 127.0.0.1 with a temporary `dir` and the log on stdout (so a
`dir`, `port`, `bind`, `daemonize` or `logfile` line suited to production still works here).
It must accept connections; then it is stopped. A config error is reported at the page line
redis-server names ("Reading the configuration file, at line N").

A ```` ```text title="sentinel.conf" ```` block is checked the same way with `--sentinel`.
Titles may be paths: `/etc/redis/redis.conf` counts as `redis.conf`.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sybil import Example

from .pages import NotePage
from .redis_server import RedisStartError, start_redis_server, stop_process

_CONFIG_ERROR_LINE = re.compile(r"Reading the configuration file, at line (?P<line>\d+)")
_MODE_ARGUMENTS = {"redis.conf": [], "sentinel.conf": ["--sentinel"]}


def config_file_name(title: str | None) -> str | None:
    """`redis.conf` or `sentinel.conf` if the block's title names one of them, else None."""
    name = (title or "").rpartition("/")[2]
    return name if name in _MODE_ARGUMENTS else None


@dataclass(frozen=True)
class RedisConf:
    name: str  # redis.conf or sentinel.conf
    text: str
    first_line: int
    needs_redis: bool = True


def evaluate_redis_conf(example: Example) -> str | None:
    page: NotePage = example.document  # type: ignore[assignment]
    conf: RedisConf = example.parsed
    if page.redis is None:
        return f"{page.where(example.line)}: a {conf.name} block needs redis-server"
    with tempfile.TemporaryDirectory(prefix="redis-conf-") as workdir:
        config_file = Path(workdir) / conf.name  # Sentinel rewrites its file: a scratch copy
        config_file.write_text(conf.text)
        try:
            process, _ = start_redis_server(
                page.redis.programs,
                Path(workdir),
                config_file=config_file,
                extra=_MODE_ARGUMENTS[conf.name],
            )
        except RedisStartError as error:
            where = page.where(example.line)
            line = _CONFIG_ERROR_LINE.search(error.output)
            if line:
                where = page.where(conf.first_line + int(line["line"]) - 1)
            return f"{where}: redis-server rejects this {conf.name}:\n{error.output.strip()}"
        stop_process(process)
    return None
