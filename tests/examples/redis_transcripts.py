"""```redis blocks: redis-cli transcripts, replayed through one real redis-cli and compared.

A transcript is prompt lines and reply lines:

    127.0.0.1:6379> SADD colours red green
    (integer) 2
    127.0.0.1:6379> MULTI
    OK
    127.0.0.1:6379(TX)> INCR visits
    QUEUED

The commands go, in order, to ONE `redis-cli --no-raw` reading stdin (so MULTI/EXEC and WATCH
keep their connection). redis-cli prints no prompts when stdin is not a terminal, and with
`--no-raw` formats replies exactly as in an interactive session (test_examples.py checks this
against a real terminal). So the replies are compared as one stream, in order:

- trailing whitespace on each line is ignored, and so are blank lines (redis-cli --no-raw never
  prints an empty reply line; only raw replies such as INFO contain them);
- SMEMBERS, SINTER, SUNION, SDIFF and KEYS replies are compared as sorted lists of elements,
  because Redis does not define their order (it changes with the server's hash seed);
- prompts are checked too: `(TX)` exactly between a successful MULTI and EXEC/DISCARD, and
  `[n]` after `SELECT n`, as redis-cli shows them;
- the first differing reply line is reported with its page line, plus a diff of the replies.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass, replace

from sybil import Example

from .pages import NotePage
from .redis_server import point_at_test_server

_PROMPT = re.compile(r"^127\.0\.0\.1:6379(?:\[(?P<db>\d+)\])?(?P<tx>\(TX\))?> ?(?P<command>.*)$")
_LOOKS_LIKE_PROMPT = re.compile(r"^\S+:\d+\S*>")
_ELEMENT = re.compile(r"^\s*\d+\) (?P<value>.*)$")
UNORDERED_REPLIES = frozenset({"SMEMBERS", "SINTER", "SUNION", "SDIFF", "KEYS"})
_REPLAY_SECONDS = 30


class TranscriptError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class ReplyLine:
    line: int
    text: str


@dataclass(frozen=True)
class Step:
    """One prompt line and the reply lines under it."""

    line: int
    db: int
    in_transaction: bool
    command: str
    replies: tuple[ReplyLine, ...]

    @property
    def name(self) -> str:
        return self.command.split(maxsplit=1)[0].upper()


@dataclass(frozen=True)
class Transcript:
    steps: tuple[Step, ...]
    last_line: int
    needs_redis: bool = True


def parse_transcript(body: str, *, first_line: int) -> Transcript:
    """Split a transcript into steps; raise TranscriptError naming the page line if malformed."""
    steps: list[Step] = []
    line = first_line
    for line, text in enumerate(body.splitlines(), start=first_line):
        prompt = _PROMPT.match(text)
        if prompt:
            if not prompt["command"].strip():
                raise TranscriptError(line, "a prompt without a command")
            steps.append(
                Step(
                    line=line,
                    db=int(prompt["db"] or 0),
                    in_transaction=bool(prompt["tx"]),
                    command=prompt["command"].strip(),
                    replies=(),
                )
            )
        elif _LOOKS_LIKE_PROMPT.match(text):
            raise TranscriptError(
                line, f"prompt {text.split('>')[0]}> is not `127.0.0.1:6379> ` (the default port)"
            )
        elif not text.strip():
            continue
        elif not steps:
            raise TranscriptError(line, "a transcript starts with a prompt `127.0.0.1:6379> `")
        else:
            reply = ReplyLine(line=line, text=text.rstrip())
            steps[-1] = replace(steps[-1], replies=(*steps[-1].replies, reply))
    if not steps:
        raise TranscriptError(first_line, "an empty transcript")
    return Transcript(steps=tuple(steps), last_line=line)


def prompt_errors(transcript: Transcript) -> list[tuple[int, str]]:
    """Prompts that redis-cli would not show: `(TX)` and `[db]` follow MULTI/EXEC and SELECT."""
    errors = []
    db, in_transaction = 0, False
    for step in transcript.steps:
        expected = f"127.0.0.1:6379{f'[{db}]' if db else ''}{'(TX)' if in_transaction else ''}> "
        if (step.db, step.in_transaction) != (db, in_transaction):
            errors.append((step.line, f"redis-cli shows the prompt `{expected}` here"))
        first_reply = step.replies[0].text if step.replies else ""
        if step.name == "MULTI" and first_reply == "OK":
            in_transaction = True
        elif step.name in {"EXEC", "DISCARD"}:
            in_transaction = False
        elif step.name == "SELECT" and first_reply == "OK" and not in_transaction:
            db = int(step.command.split()[1])
    return errors


@dataclass(frozen=True)
class Mismatch:
    line: int  # page line of the first expected reply that differs (or of the last line)
    step: Step
    problem: str


def _elements(lines: list[str]) -> list[str] | None:
    """The sorted values of a flat array reply (`1) "a"` lines), or None if it is not one."""
    matches = [_ELEMENT.match(line) for line in lines]
    if not lines or not all(matches):
        return None
    return sorted(match["value"] for match in matches if match)


def first_mismatch(transcript: Transcript, output_lines: list[str], port: int) -> Mismatch | None:
    """Walk the steps, taking as many output lines as each step expects, and compare."""
    position = 0
    for step in transcript.steps:
        expected = [point_at_test_server(reply.text, port) for reply in step.replies]
        actual = output_lines[position : position + len(expected)]
        position += len(expected)
        elements = _elements(expected)
        if step.name in UNORDERED_REPLIES and elements is not None:
            if elements == _elements(actual):
                continue
            problem = f"expected the elements {elements} in any order, redis-cli printed {actual}"
            return Mismatch(step.replies[0].line, step, problem)
        for index, expected_line in enumerate(expected):
            if index >= len(actual):
                problem = f"expected {expected_line!r}, redis-cli printed nothing more"
                return Mismatch(step.replies[index].line, step, problem)
            if actual[index] != expected_line:
                problem = f"expected {expected_line!r}, redis-cli printed {actual[index]!r}"
                return Mismatch(step.replies[index].line, step, problem)
    if position < len(output_lines):
        extra = output_lines[position]
        return Mismatch(
            transcript.last_line, transcript.steps[-1], f"redis-cli printed more: {extra!r}"
        )
    return None


def replay(transcript: Transcript, *, cli: str, port: int) -> subprocess.CompletedProcess[str]:
    commands = "".join(point_at_test_server(step.command, port) + "\n" for step in transcript.steps)
    return subprocess.run(
        [cli, "--no-raw", "-h", "127.0.0.1", "-p", str(port)],
        input=commands,
        capture_output=True,
        text=True,
        timeout=_REPLAY_SECONDS,
        check=False,
    )


def output_lines(stdout: str) -> list[str]:
    return [line.rstrip() for line in stdout.splitlines() if line.strip()]


def evaluate_transcript(example: Example) -> str | None:
    page: NotePage = example.document  # type: ignore[assignment]
    transcript: Transcript = example.parsed
    if page.redis is None:
        return f"{page.where(example.line)}: ```redis block needs the test redis-server"
    errors = prompt_errors(transcript)
    if errors:
        return "\n".join(f"{page.where(line)}: {message}" for line, message in errors)
    done = replay(transcript, cli=str(page.redis.programs.cli), port=page.redis.port)
    actual = output_lines(done.stdout)
    mismatch = first_mismatch(transcript, actual, page.redis.port)
    if mismatch is None:
        return None
    expected = [
        point_at_test_server(reply.text, page.redis.port)
        for step in transcript.steps
        for reply in step.replies
    ]
    diff = difflib.unified_diff(
        expected,
        actual,
        fromfile=f"{page.path} (transcript)",
        tofile="redis-cli --no-raw",
        lineterm="",
    )
    stderr = f"\nredis-cli stderr:\n{done.stderr}" if done.stderr.strip() else ""
    return (
        f"{page.where(mismatch.line)}: reply differs from the transcript "
        f"(after `{mismatch.step.command}` at {page.where(mismatch.step.line)}): "
        f"{mismatch.problem}\n" + "\n".join(diff) + stderr
    )
