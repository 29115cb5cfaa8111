"""`/home` in `partnerbot shell`: the Home tab as text, its buttons pressable like Slack's."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pydantic import SecretStr

from bot.core.config import Settings
from bot.runtime.shell import USER, run_shell

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


def shell(database_url: str, steps: list[Step], **extra) -> str:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        slack_bot_token=SecretStr("xoxb-unused"),
        **extra,
    )
    out = io.StringIO()
    assert run_shell(settings, lines=Typing(out, steps), out=out) == 0
    return out.getvalue()


def press(label: str) -> Callable[[str], str]:
    def line(printed: str) -> str:
        return "!" + re.findall(rf"\[!(\d+) {label}\]", printed)[-1]

    return line


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_home_shows_the_guide_and_the_shells_subscriptions(database_url):
    out = shell(database_url, ["/ci subscribe dams", "/home"])
    assert "PARTNERBOT" in out and "/ci share" in out
    assert "• #DLOCALSHELL: Dams Sector: alerts, weekly digest" in out
    assert "PARTNERSHIP OFFICE" not in out


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_staff_press_answer_on_a_gap_from_the_shell(database_url):
    out = shell(
        database_url,
        ["how do I report a drone flying over our reservoir", "/home", press("Answer")],
        PARTNERBOT_STAFF_USERS=USER,
    )
    assert "PARTNERSHIP OFFICE" in out
    assert "the form “Answer a knowledge gap”" in out
