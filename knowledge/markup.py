"""Slack's markup read, not matched: a message as Slack sends it -> the words a person wrote.

Slack sends text escaped (``&amp;``, ``&lt;``, ``&gt;``) with its own tokens in angle brackets:
mentions (``<@U123>``), broadcasts (``<!here>``), channels (``<#C123|name>``) and links
(``<https://...|label>``). People add emoji (``:factory:``, Unicode), formatting (``*bold*``,
``_italic_``, ``~strike~``, code), quotes and bullets; a terminal adds escape sequences. None of
that is the question: a ``:factory:`` is not a factory. What is kept: a channel's name and a
link's label (as words), the words of a link's path, the text inside formatting and quotes, and
one line per line, so bullets stay apart.
"""

from __future__ import annotations

import re
import unicodedata

# ESC [ ... final byte (CSI: cursor keys, colours), ESC ] ... BEL or ESC \ (OSC), ESC + one byte.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
# Control characters (a line end aside) part words: a translation, faster than a pattern.
_CONTROL = str.maketrans(
    dict.fromkeys([*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)], " ")
)
_ANGLED = re.compile(r"<([^<>\n]*)>")
_PLACED = re.compile(r"\b(?:in|on|from|to|into|at|via|across)\s*$", re.IGNORECASE)
_SHORTCODE = re.compile(
    r"(?<![A-Za-z0-9]):(?:[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*|[+-]1|100|1234):(?::skin-tone-\d:)*"
)
_STRUCK = re.compile(r"(?<![\w~])~[^~\n]+~(?![\w~])")
_MARKERS = re.compile(r"[*`]+|(?<![a-z0-9])_+|_+(?![a-z0-9])", re.IGNORECASE)
# A quote mark, a bullet or a list number at the start of a line.
_LINE_START = re.compile(r"^[ \t]*(?:>+[ \t]?|[•◦▪‣·∙-][ \t]+|\d{1,2}[.)][ \t]+)", re.MULTILINE)
_URL_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# A list numbered inside a line: "(1) what is AIS and (2) where do we report phishing".
_NUMBERED_INLINE = re.compile(r"[,;]?[ \t]+(?:and[ \t]+)?\(?(?:[1-9]|[a-e])\)[ \t]+")
_NUMBERED_FIRST = re.compile(r"^[ \t]*\(?(?:1|a)\)[ \t]+")
# What is left of a Slack token that was never closed ("<@", "<!here"): no words, no ping.
_HALF_TOKEN = re.compile(r"<(?=[@!#])")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>]+")
# The bot mentioned by a name typed after "@" (in the shell, or where Slack did not link it):
# a mention, as <@U…> is.
_TYPED_MENTION = re.compile(r"(?<![\w@.])@partnerbot\b[:,]?", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
# Emoji and pictographs: symbols, modifiers, private use; joiners and variation selectors.
_DROPPED_CATEGORIES = frozenset({"So", "Sk", "Co", "Cs", "Cn"})
_JOINERS = frozenset("\u200b\u200c\u200d\u2060\ufe0e\ufe0f")
# A link's path words that say nothing of its topic.
_URL_NOISE = {"https", "http", "www", "html", "htm", "aspx", "php", "index", "gov", "com", "org"}


def _angled(found: re.Match[str]) -> str:
    """A Slack token: a mention or a broadcast says nothing; a channel keeps its name; a link
    its label or, without one, its path's words."""
    inside = found.group(1)
    target, _, label = inside.partition("|")
    if target[:1] in "@!" or not target:
        # <!date^...|fallback> shows its fallback text; mentions and broadcasts nothing.
        return f" {label} " if target.startswith("!date") else " "
    if target.startswith("#"):
        return _channel(found, label)
    if label:
        return f" {label} "
    if target.startswith("mailto:"):
        return f" {target[len('mailto:') :]} "
    return f" {_url_words(target)} "


# A channel typed by its name, not picked from Slack's list: "unsubscribe #general".
_TYPED_CHANNEL = re.compile(r"(?<![\w&#/])#([A-Za-z][\w-]{1,79})")


def _channel(found: re.Match[str], name: str) -> str:
    """A channel, linked or typed, said as what it is: "alerts into <#C01|ops-floor>" asks of
    a channel. Tagged at the end ("... emergency services stuff <#C02|ess-ops>"), it is where
    the message is posted too, not what it asks; "saw it in <#C01|dams-partners>" says."""
    if not found.string[found.end() :].strip(" .!?\n") and not _PLACED.search(
        found.string, 0, found.start()
    ):
        return " "
    return f" {name.replace('-', ' ').replace('_', ' ')} channel "


def _typed_channel(found: re.Match[str]) -> str:
    return _channel(found, found.group(1))


def _url_words(url: str) -> str:
    """The words of a link's path ("/resources/cyber-hygiene-services"): the address says what
    the page is about, the host says little."""
    path = url.split("://", 1)[-1].partition("/")[2].split("?")[0].split("#")[0]
    words = [w for w in _URL_WORDS.findall(path) if w.lower() not in _URL_NOISE]
    return " ".join(words[-6:])


# Where an emoji stood: a line's end when a capital follows ("certificate program 🤓 What is
# NIAC?"), a sentence's end when a question word does ("got this invite :sweat_smile: what
# does an SRMA do?"), a space otherwise.
_EMOJI = "\x1f"
_EMOJI_ENDS = re.compile(rf"[ \t]*{_EMOJI}[{_EMOJI} \t]*(?=[A-Z])")
_EMOJI_ASKS = re.compile(
    rf"(?<=[^\s{_EMOJI}])[ \t]*{_EMOJI}[{_EMOJI} \t]*"
    r"(?=(?:who|what|whats|which|where|when|why|how|is|are|can|do|does|did|any)\b)"
)


def _symbols_out(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        c
        if c.isascii() or not (c in _JOINERS or unicodedata.category(c) in _DROPPED_CATEGORIES)
        else _EMOJI
        for c in text
    )


def unescape(text: str) -> str:
    """Slack's three HTML escapes, the ampersand last so "&amp;lt;" stays "&lt;"."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str) -> str:
    """The words a person wrote, one line per line, without Slack's or a terminal's markup."""
    # Each pattern is tried only on a text with the character it needs: most have none.
    text = text.replace("\r\n", "\n")
    if "\x1b" in text:
        text = _ESCAPES.sub(" ", text)
    text = text.translate(_CONTROL)
    if "<" in text:
        text = _ANGLED.sub(_angled, text)
    if "http" in text:
        text = _BARE_URL.sub(lambda found: f" {_url_words(found.group())} ", text)
    text = unescape(text)
    if "<" in text:
        text = _HALF_TOKEN.sub(" ", text)
    if "#" in text:
        text = _TYPED_CHANNEL.sub(_typed_channel, text)
    if "@" in text:
        text = _TYPED_MENTION.sub(" ", text)
    if ":" in text:
        text = _SHORTCODE.sub(_EMOJI, text)
    text = _symbols_out(text)
    if _EMOJI in text:
        text = _EMOJI_ENDS.sub("\n", text)
        text = _EMOJI_ASKS.sub(". ", text).replace(_EMOJI, " ")
    if "~" in text:
        text = _STRUCK.sub(" ", text)
    text = _LINE_START.sub("", text)
    if ("1)" in text and "2)" in text) or ("a)" in text and "b)" in text):
        text = "\n".join(_items_apart(line) for line in text.split("\n"))
    if any(mark in text for mark in "*`_"):
        text = _MARKERS.sub(" ", text)
    lines = (_spaced_once(line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _items_apart(line: str) -> str:
    """A line numbering its items, one line per item, as a list is."""
    items = _NUMBERED_INLINE.split(line)
    if len(items) < 2:
        return line
    return "\n".join([_NUMBERED_FIRST.sub("", items[0]), *items[1:]])


def _spaced_once(line: str) -> str:
    return _SPACES.sub(" ", line) if "  " in line or "\t" in line else line


def has_words(text: str) -> bool:
    """Whether a cleaned text has any letter or digit left (not only emoji, marks or escapes)."""
    return any(c.isalnum() for c in text)
