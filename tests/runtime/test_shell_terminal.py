"""`partnerbot shell` at a real terminal (a pseudo-terminal from the standard library's `pty`):
the up arrow recalls the last line, the history outlives the session, and an arrow key's
escape never reaches the app as a question."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import Session
from sqlmodel import select as sql_select

from bot.core.db import make_engine
from bot.core.models import Question

ROOT = Path(__file__).resolve().parents[2]
UP = "\x1b[A"
WAIT = 60.0  # seconds; the first prompt waits for the knowledge base to load


class Terminal:
    """A `partnerbot shell` process on a pseudo-terminal: type keys, wait for text."""

    def __init__(self, tmp_path: Path, history: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERBOT_")}
        env.update(
            DATABASE_URL=f"sqlite:///{tmp_path / 'terminal.db'}",
            HOME=str(tmp_path),
            TERM="xterm",
            PYTHONPATH=str(ROOT),
        )
        main, child = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "shell", "--history", str(history)],
            stdin=child,
            stdout=child,
            stderr=child,
            cwd=tmp_path,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(child)
        self.fd = main
        self.output = ""

    def expect(self, pattern: str, count: int = 1) -> None:
        """Wait until `pattern` (a regex) has been printed `count` times."""
        deadline = time.monotonic() + WAIT
        while len(re.findall(pattern, self.output)) < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, (
                f"waited for {pattern!r} x{count}; the terminal shows:\n{self.output}"
            )
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536).decode(errors="replace")
                except OSError:  # the process ended and the terminal closed
                    raise AssertionError(f"the shell ended; it showed:\n{self.output}") from None

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> int:
        self.type("/quit\r")
        try:
            code = self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.fd)
        return code


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "history"


def questions(tmp_path: Path) -> list[str]:
    with Session(make_engine(f"sqlite:///{tmp_path / 'terminal.db'}")) as session:
        return [q.text for q in session.exec(sql_select(Question).order_by(Question.id))]


def test_the_up_arrow_recalls_the_last_line_and_never_becomes_a_question(tmp_path, history):
    terminal = Terminal(tmp_path, history)
    try:
        terminal.expect(r"you> ")
        terminal.type("/ci subscriptions\r")
        terminal.expect(r"This channel has no subscriptions")
        terminal.expect(r"you> ", 2)
        terminal.type(UP + "\r")  # the same command again
        terminal.expect(r"This channel has no subscriptions", 2)
        terminal.expect(r"you> ", 3)
        terminal.type("who leads the dams sector\r")
        terminal.expect(r"you> ", 4)
        terminal.type(UP + "\r")
        terminal.expect(r"you> ", 5)
    finally:
        assert terminal.close() == 0
    assert questions(tmp_path) == ["who leads the dams sector"] * 2
    assert "[A" not in terminal.output.replace(UP, "")
    assert history.read_text().splitlines()[-2:] == [
        "/ci subscriptions",
        "who leads the dams sector",
    ]


def test_the_history_outlives_the_session(tmp_path, history):
    history.write_text("/ci subscribe dams\n")
    terminal = Terminal(tmp_path, history)
    try:
        terminal.expect(r"you> ")
        terminal.type(UP + "\r")  # the last line of an earlier session
        terminal.expect(r"Dams Sector: subscribed: alerts, weekly digest")
    finally:
        assert terminal.close() == 0
    assert questions(tmp_path) == []
