"""Driving `partnerbot shell` from a test: typed lines in, the transcript out.

`session(database_url, steps)` runs the shell with each step as a typed line (a step may be
written from what the shell has printed so far: `press("Approve")` presses the last button of
that label) and returns everything printed. Lines are echoed after their prompts, so
`said_after(out, line)` reads what one line caused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from pydantic import SecretStr

from bot.core.config import Settings
from bot.runtime.shell import run_shell

Step = str | Callable[[str], str]  # a line, or a line written from what the shell printed


class Typing:
    """Stands in for stdin: each line may depend on the transcript so far."""

    def __init__(self, out: io.StringIO, steps: list[Step]) -> None:
        self.out, self.steps = out, list(steps)

    def readline(self) -> str:
        if not self.steps:
            return ""
        step = self.steps.pop(0)
        return (step(self.out.getvalue()) if callable(step) else step) + "\n"


def shell_settings(database_url: str, **extra) -> Settings:
    """Settings as a newcomer has them: no staff, no review channel, unless `extra` says."""
    fields = {"PARTNERBOT_STAFF_USERS": "", "PARTNERBOT_REVIEW_CHANNEL": None, **extra}
    return Settings(
        _env_file=None,
        database_url=database_url,
        slack_bot_token=SecretStr("xoxb-unused"),
        **fields,
    )


def session(database_url: str, steps: list[Step], *, staff: bool = False, **extra) -> str:
    """Run the shell over `steps`; everything it printed."""
    out = io.StringIO()
    typing = Typing(out, steps)
    settings = shell_settings(database_url, **extra)
    assert run_shell(settings, lines=typing, out=out, staff=staff) == 0
    assert not typing.steps, f"the shell stopped with lines left: {typing.steps}"
    return out.getvalue()


def press(label: str) -> Callable[[str], str]:
    """`!N` for the last button shown with this label."""

    def line(printed: str) -> str:
        found = re.findall(rf"\[!(\d+) {re.escape(label)}\]", printed)
        assert found, f"no button “{label}” was shown:\n{printed}"
        return "!" + found[-1]

    return line


def after(printed: str, marker: str, occurrence: int = -1) -> str:
    """What the shell printed after `marker` (its last occurrence by default), up to the next
    main prompt."""
    parts = printed.split(marker)
    assert len(parts) > 1, f"“{marker}” was never printed:\n{printed}"
    return re.split(r"(?m)^you> ", parts[1:][occurrence])[0]


def said_after(printed: str, line: str, occurrence: int = -1) -> str:
    """What typing `line` at the main prompt caused (the last time it was typed, by default)."""
    return after(printed, f"you> {line}\n", occurrence)
