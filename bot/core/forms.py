"""What the app's modals share: reading a submitted view's values, and checking a text field.

A modal's `max_length` counts characters as typed; Slack counts them as sent, after escaping
(`&` is `&amp;`). A text that must fit one Block Kit object is checked here as sent too, and a
person who went over is told so in the field, in words, before anything is stored.
"""

from __future__ import annotations

from bot.core.render import escape


class ModalState:
    """A submitted modal's `view.state.values`, read by block id (every input of the app's
    modals has the action id "value"); a missing or empty input reads as empty."""

    def __init__(self, values: dict) -> None:
        self._values = values or {}

    def _input(self, block: str) -> dict:
        return (self._values.get(block) or {}).get("value") or {}

    def text(self, block: str) -> str:
        return self._input(block).get("value") or ""

    def choice(self, block: str) -> str | None:
        return (self._input(block).get("selected_option") or {}).get("value") or None

    def choices(self, block: str) -> tuple[str, ...]:
        return tuple(o["value"] for o in self._input(block).get("selected_options") or [])

    def users(self, block: str) -> tuple[str, ...]:
        return tuple(self._input(block).get("selected_users") or [])


def text_problem(text: str, *, name: str, limit: int, missing: str, over: str = "") -> str | None:
    """What is wrong with a required text field, for an inline error; None when it is fine."""
    if not text.strip():
        return missing
    if len(text) > limit:
        return f"Keep the {name} under {limit} characters ({len(text)} now){over}."
    return None


def escaped_problem(text: str, *, name: str, room: int, over: str = "") -> str | None:
    """What is wrong with a text that must fit `room` characters once escaped for Slack; None
    when it fits."""
    sent = len(escape(text))
    if sent <= room:
        return None
    return (
        f"Keep the {name} shorter: Slack counts each &, < and > as 4 or 5 characters, which "
        f"makes it {sent} characters of the {room} it has room for{over}."
    )
