"""Where the shell reads lines and writes text.

At a terminal, lines are read with the standard library's readline: line editing, and the up
arrow recalls earlier lines, kept in a history file between sessions (only what was typed at
the main prompt, not the answers to a form's fields). Anywhere else (a pipe, a test) lines come
from a file and each is echoed after its prompt, so the output reads as a transcript. Either
way a line is cleaned of escape sequences and control characters before the shell sees it,
and everything written is cleaned the same way.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from pathlib import Path
from typing import Protocol, TextIO

from bot.runtime.shell.text import clean_line, without_controls

log = logging.getLogger(__name__)
HISTORY_LENGTH = 1000


class Lines(Protocol):
    def readline(self) -> str: ...


def default_history() -> Path:
    return Path.home() / ".partnerbot_history"


class Console:
    """Reads cleaned lines (None at the end of input), writes cleaned text, one writer at a
    time (replies arrive on other threads)."""

    def __init__(self, lines: Lines | None, out: TextIO, *, history: Path | None = None) -> None:
        self.out = out
        self._lines: Lines = lines or sys.stdin
        self._lock = threading.Lock()
        self.terminal = lines is None and out is sys.stdout and _is_terminal(sys.stdin, out)
        self._readline = _load_readline() if self.terminal else None
        self._history = history
        if self._readline is not None:
            self._readline.set_auto_history(False)  # the shell says which lines to keep
            self._readline.set_history_length(HISTORY_LENGTH)
            if history is not None:
                with contextlib.suppress(OSError):
                    self._readline.read_history_file(history)

    def write(self, text: str) -> None:
        with self._lock:
            self.out.write(without_controls(text) + "\n")
            self.out.flush()

    def read(self, prompt: str) -> str | None:
        """One line, cleaned; None at the end of input."""
        prompt = without_controls(prompt)  # it may quote text someone else typed
        if self.terminal:
            try:
                return clean_line(input(prompt))
            except EOFError:
                self.out.write("\n")
                return None
        raw = self._lines.readline()
        if not raw:
            return None
        line = clean_line(raw)
        self.write(f"{prompt}{line}")
        return line

    def remember(self, line: str) -> None:
        """Keep a line for the up arrow (once, if it repeats the one before)."""
        if self._readline is None or not line:
            return
        length = self._readline.get_current_history_length()
        if length and self._readline.get_history_item(length) == line:
            return
        self._readline.add_history(line)

    def close(self) -> None:
        """Keep the history for the next session."""
        if self._readline is None or self._history is None:
            return
        try:
            self._history.parent.mkdir(parents=True, exist_ok=True)
            self._readline.write_history_file(self._history)
        except OSError as error:
            log.warning("could not keep the shell's history in %s: %s", self._history, error)


def _is_terminal(stream: TextIO, out: TextIO) -> bool:
    try:
        return stream.isatty() and out.isatty()
    except (AttributeError, ValueError):
        return False


def _load_readline():
    """The readline module, where Python has one (not on Windows); line editing needs it."""
    try:
        import readline
    except ImportError:
        return None
    return readline
