"""The live preview behind scripts/serve: it survives mistakes.

MkDocs' own `mkdocs serve` stops answering after a failed rebuild ("the server will appear
stuck") and exits when the first build fails; it never reloads hook modules and ignores
theme overrides unless told to. This preview instead:

- builds into a fresh directory each time and serves the last build that succeeded, so a
  broken save never takes the pages away;
- shows the failed build's errors (``docs/<file>.md:<line>: message``, as the hooks log
  them) in a banner on every page, and the warnings a good build logged (they would fail
  CI's strict build); the banner sets ``textContent`` only, as the text is the contributor's;
- starts even when the first build fails (every page is then the banner), and recovers by
  itself on the next good save;
- watches docs/, mkdocs.yml, hooks/ and the theme's custom_dir (overrides/), and reloads the
  hook modules before each build: MkDocs caches them (``Hooks._load_hook`` is lru-cached and
  ``shortnotes`` stays in ``sys.modules``), which is why an edited hook needed a restart;
- checks the address before anything slow (``--check-port``, stdlib only: scripts/serve runs
  it with the system Python before setting up), and reports a taken port in one line.

Run through scripts/serve; ``--help`` lists the options.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import shutil
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADDR = "127.0.0.1"
DEFAULT_PORT = 8000
# Lines shown in the banner; the terminal has the rest.
BANNER_LINES = 30

log = logging.getLogger("mkdocs.shortnotes.preview")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/serve",
        description="Serve the site with live reload; a failed rebuild keeps the last good "
        "pages and shows its errors in a banner on every page.",
    )
    parser.add_argument(
        "--addr", default=DEFAULT_ADDR, help="address to bind (default %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to bind (default %(default)s)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=ROOT / "mkdocs.yml",
        help="MkDocs config (default mkdocs.yml)",
    )
    parser.add_argument(
        "--check-port",
        action="store_true",
        help="only check that the address is free, then exit (scripts/serve does this first)",
    )
    return parser.parse_args(argv)


def port_problem(addr: str, port: int) -> str | None:
    """One line saying why ``addr:port`` cannot be served, or None when it is free."""
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # The same option the HTTP server sets: a port in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((addr, port))
        except OSError as error:
            return _bind_error(addr, port, error)
    return None


def _bind_error(addr: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"scripts/serve: {addr}:{port} is already in use (another preview?): stop it, or "
            f"pick another port: scripts/serve --port {port + 1}"
        )
    return f"scripts/serve: cannot listen on {addr}:{port}: {error.strerror or error}"


@dataclass
class BuildOutcome:
    """What the last build said: ``ok`` False means the pages served are an older build."""

    ok: bool = True
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    """Keeps the WARNING and ERROR messages one build logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(text)


def forget_hook_modules(hooks_dir: Path) -> None:
    """Make the next load_config import every hook module afresh from its file."""
    from mkdocs.config.config_options import Hooks

    Hooks._load_hook.cache_clear()
    forgotten = set()
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None)
        if origin and hooks_dir in Path(origin).resolve().parents:
            del sys.modules[name]
            forgotten.add(name)
    # A hook that attached a logging filter once per process would attach a second one.
    for logger in [logging.root, *logging.root.manager.loggerDict.values()]:
        for attached in [*getattr(logger, "filters", ()), *getattr(logger, "handlers", ())]:
            if type(attached).__module__ in forgotten:
                (logger.removeFilter if attached in logger.filters else logger.removeHandler)(
                    attached
                )


def banner_script(outcome: BuildOutcome) -> str:
    """The banner as a <script>: the messages travel as JSON and are set with textContent."""
    if outcome.ok and not outcome.warnings:
        return ""
    if outcome.ok:
        title = (
            f"The site builds, with {len(outcome.warnings)} warning(s) that fail CI's strict build:"
        )
        lines = outcome.warnings
    else:
        title = "The last save broke the build; these pages are from the last good build:"
        lines = outcome.errors + outcome.warnings
    shown = lines[:BANNER_LINES]
    if len(lines) > BANNER_LINES:
        shown.append(f"... and {len(lines) - BANNER_LINES} more (see the terminal)")
    # json.dumps escapes nothing HTML-special; "</" must not end the <script> early.
    payload = json.dumps({"ok": outcome.ok, "title": title, "lines": shown}).replace("</", "<\\/")
    return (
        "<script>(function(){var d=" + payload + ";"
        "var b=document.createElement('div');b.id='shortnotes-preview-banner';"
        "b.setAttribute('role','alert');"
        "b.style.cssText='position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:45vh;"
        "overflow:auto;padding:.8em 1em;font:13px/1.5 monospace;color:#fff;'+"
        "'background:'+(d.ok?'#8a5a00':'#b00020');"
        "var t=document.createElement('strong');t.textContent=d.title;b.appendChild(t);"
        "var p=document.createElement('pre');"
        "p.style.cssText='margin:.4em 0 0;white-space:pre-wrap';"
        "p.textContent=d.lines.join('\\n');b.appendChild(p);"
        "document.body.appendChild(b);})();</script>"
    )


def no_build_yet_page() -> bytes:
    """Served for every page while no build has succeeded yet (the banner says why)."""
    return (
        b"<!doctype html><html lang=en><head><meta charset=utf-8><title>Build failed</title>"
        b"</head><body><h1>The site does not build yet</h1><p>Fix the error below and save: "
        b"this page reloads by itself.</p></body></html>"
    )


class Preview:
    """Builds the site on every change and serves the last good build (see the module doc)."""

    def __init__(self, config_file: Path, addr: str, port: int) -> None:
        from urllib.parse import urlsplit

        from mkdocs.config import load_config
        from mkdocs.livereload import LiveReloadServer, _serve_url

        self.config_file = config_file.resolve()
        self.hooks_dir = self.config_file.parent / "hooks"
        self.outcome = BuildOutcome()
        self._builds = Path(tempfile.mkdtemp(prefix="shortnotes-preview-"))
        self._lock = threading.Lock()
        first = load_config(str(self.config_file))
        mount_path = urlsplit(first.site_url or "/").path
        self.serve_url = _serve_url(addr, port, mount_path)
        self.watched = [Path(first.docs_dir), self.config_file, self.hooks_dir]
        if first.theme.custom_dir:
            self.watched.append(Path(first.theme.custom_dir))
        preview = self

        class Server(LiveReloadServer):
            def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
                content = super()._inject_js_into_html(content, epoch)
                banner = banner_script(preview.outcome).encode()
                end = content.rfind(b"</body>")
                return content[:end] + banner + content[end:] if end >= 0 else content + banner

        empty = self._builds / "none"
        empty.mkdir()
        self.server = Server(
            builder=self.build, host=addr, port=port, root=str(empty), mount_path=mount_path
        )
        self.server.error_handler = self._error_page

    def _error_page(self, code: int) -> bytes | None:
        if not (Path(self.server.root) / "index.html").is_file():
            page = no_build_yet_page()
            return self.server._inject_js_into_html(page, self.server._visible_epoch)
        not_found = Path(self.server.root) / "404.html"
        return not_found.read_bytes() if code == 404 and not_found.is_file() else None

    def build(self) -> None:
        """One build into a fresh directory; never raises, so the server never stalls."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with self._lock:
            site_dir = Path(tempfile.mkdtemp(dir=self._builds, prefix="site-"))
            collect = _Collect()
            logging.getLogger("mkdocs").addHandler(collect)
            try:
                forget_hook_modules(self.hooks_dir)
                config = load_config(str(self.config_file), site_dir=str(site_dir))
                config.site_url = self.serve_url
                build(config, serve_url=self.serve_url)
                failure = None
            except (Exception, SystemExit) as error:  # every failure is shown
                failure = str(error).strip() or type(error).__name__
            finally:
                logging.getLogger("mkdocs").removeHandler(collect)
            if failure is not None:
                if failure not in collect.errors:
                    collect.errors.append(failure)
                self.outcome = BuildOutcome(False, collect.errors, collect.warnings)
                shutil.rmtree(site_dir, ignore_errors=True)
                log.error(
                    "The build failed; still serving the last good build. The banner on every "
                    "page shows the error; the next good save clears it."
                )
                return
            old, self.server.root = Path(self.server.root), str(site_dir)
            self.outcome = BuildOutcome(True, [], collect.warnings)
            if old.name != "none":
                shutil.rmtree(old, ignore_errors=True)

    def serve(self) -> int:
        self.build()
        for path in self.watched:
            self.server.watch(str(path))
        try:
            self.server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        except OSError as error:  # the port was taken between the check and now
            print(_bind_error(*self.server.server_address[:2], error), file=sys.stderr)
            return 2
        finally:
            self.server.shutdown()
            shutil.rmtree(self._builds, ignore_errors=True)
        return 0


def _log_to_terminal() -> None:
    from mkdocs.__main__ import ColorFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    problem = port_problem(args.addr, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if args.check_port:
        return 0
    sys.dont_write_bytecode = True  # no __pycache__ churn under the watched hooks/
    _log_to_terminal()
    return Preview(args.config, args.addr, args.port).serve()


if __name__ == "__main__":
    sys.exit(main())
