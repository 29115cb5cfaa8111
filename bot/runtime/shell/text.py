"""What the terminal shows and takes: Slack's mrkdwn as plain text, and no control sequences
either way (an arrow key's escape never becomes a question; a pasted colour code is not
echoed raw)."""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (arrow keys, colours: ESC [ ... final), OSC (titles, links:
# ESC ] ... BEL or ESC \), SS3 (ESC O x, arrow keys in application mode), and any other
# two-character escape; the C1 forms of CSI and OSC (U+009B, U+009D) too.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1bO."
    r"|\x1b[@-Z\\-_]?"
)
# What is left that a terminal may act on: C0 controls but tab and newline, DEL, C1 controls,
# and the bidirectional overrides that make text display in another order than it reads.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)>")
_USER = re.compile(r"<@(\w+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#(\w+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(\w+)(?:\^\w+)?(?:\|([^>]*))?>")
_EMPHASIS = re.compile(r"(?<!\w)[*_~](\S[^*_~\n]*?)[*_~](?!\w)")


def without_controls(text: str) -> str:
    """`text` with escape sequences and control characters removed (tabs and newlines kept)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def clean_line(line: str) -> str:
    """A typed line as the shell takes it: no escape sequences or controls, tabs as spaces,
    trimmed."""
    return without_controls(line.replace("\t", " ").rstrip("\r\n")).strip()


def mrkdwn_to_text(text: str) -> str:
    """Slack's mrkdwn as a terminal shows it: links as "label (url)", mentions as @name,
    emphasis marks dropped, the three escaped characters restored."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _USER.sub(r"@\1", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)
    text = _SPECIAL.sub(lambda m: m.group(2) or f"@{m.group(1)}", text)
    text = _EMPHASIS.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
