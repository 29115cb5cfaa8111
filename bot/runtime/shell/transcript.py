"""What the bot says, as text: each message under a header that says where it went, its
buttons numbered for `!N`."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.runtime.shell.console import Console
from bot.runtime.shell.text import mrkdwn_to_text

REPLY_WAIT = 10.0  # seconds to wait for an answer to a question before prompting again


@dataclass(frozen=True)
class Button:
    """A pressable button and the message it sits on (channel and ts None on the Home tab)."""

    element: dict
    block_id: str
    channel: str | None
    ts: str | None
    response_url: str | None
    ephemeral: bool = False
    message: dict | None = None

    @property
    def home(self) -> bool:
        return self.channel is None


@dataclass(frozen=True)
class Where:
    """Where a message shows, for its header and for the buttons on it."""

    header: str  # "bot>", "bot → #C123>", "bot (Home tab)>" ...
    channel: str | None
    ts: str | None = None
    response_url: str | None = None
    ephemeral: bool = False


def text_of(element: dict | None) -> str:
    """A text object (mrkdwn or plain) as plain text."""
    if not element:
        return ""
    text = element.get("text", "")
    return mrkdwn_to_text(text) if element.get("type") == "mrkdwn" else text


def rich_text(node: object) -> str:
    """The words of a rich_text block, run together."""
    if isinstance(node, list):
        return "".join(rich_text(item) for item in node)
    if not isinstance(node, dict):
        return ""
    if node.get("type") == "text":
        return node.get("text", "")
    if node.get("type") == "link":
        return node.get("text") or node.get("url", "")
    if node.get("type") == "user":
        return f"@{node.get('user_id', '')}"
    return rich_text(node.get("elements", []))


class Transcript:
    """Prints messages; remembers their buttons by number."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.buttons: dict[int, Button] = {}
        self.replies = 0
        self._changed = threading.Condition()

    def show(self, message: dict, where: Where) -> None:
        with self._changed:
            lines: list[str] = []
            for block in message.get("blocks") or []:
                lines.extend(self._block_lines(block, where, message))
            if not lines and message.get("text"):
                lines.extend(mrkdwn_to_text(message["text"]).splitlines())
            if lines:
                self.console.write("\n".join([where.header, *("  " + line for line in lines)]))
            self.replies += 1
            self._changed.notify_all()

    def wait_for_reply(self, seen: int, timeout: float = REPLY_WAIT) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.replies > seen, timeout=timeout)

    def _block_lines(self, block: dict, where: Where, message: dict) -> list[str]:
        kind = block.get("type")
        block_id = block.get("block_id", "")
        if kind == "section":
            lines = text_of(block.get("text")).splitlines()
            lines += [text_of(field) for field in block.get("fields") or []]
            accessory = block.get("accessory")
            if accessory:
                lines.append(self._element(accessory, block_id, where, message))
            return lines
        if kind == "header":
            return [text_of(block.get("text")).upper()]
        if kind == "context":
            texts = [text_of(e) for e in block.get("elements", []) if "text" in e]
            return ["  " + text for text in texts if text]
        if kind == "actions":
            elements = block.get("elements", [])
            return [" ".join(self._element(e, block_id, where, message) for e in elements)]
        if kind == "divider":
            return ["-" * 40]
        if kind == "image":
            return [f"[image: {block.get('alt_text', '')}]"]
        if kind == "rich_text":
            return rich_text(block.get("elements", [])).splitlines()
        return []

    def _element(self, element: dict, block_id: str, where: Where, message: dict) -> str:
        if element.get("type") != "button":
            return f"[{element.get('type', 'element')}: not pressable in the shell]"
        label = text_of(element.get("text"))
        if element.get("url"):
            return f"[{label}: {element['url']}]"
        number = len(self.buttons) + 1
        self.buttons[number] = Button(
            element,
            block_id,
            where.channel,
            where.ts,
            where.response_url,
            where.ephemeral,
            None if where.ephemeral else message,
        )
        return f"[!{number} {label}]"
