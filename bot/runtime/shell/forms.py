"""A modal, asked in the terminal field by field, read from the view the app sent Slack.

Every input block becomes one question: text (plain, URL, email, number; several lines with a
trailing backslash), choices listed and numbered (a multi-select takes several, "1 3" or
"1,3" or "2-4"), people and channels by id. An optional field is skipped with an empty line
(or cleared with "-"), an initial value is offered as the default, and Slack's own checks
(lengths, a link's form, how many choices) are made before the app sees the answer. What the
user typed comes back as `view.state.values`, shaped as Slack shapes it, so the app reads a
shell's submission as it reads Slack's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.runtime.shell.transcript import rich_text, text_of

CANCEL = "/cancel"
SHOWN_DEFAULT = 50  # characters of a default shown in the prompt

TEXTS = {"plain_text_input", "url_text_input", "email_text_input", "number_input"}
ONE_CHOICE = {"static_select", "radio_buttons"}
CHOICES = {"multi_static_select", "checkboxes"}
ONE_ID = {
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}
IDS = {
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
}
DATES = {"datepicker": "selected_date", "timepicker": "selected_time"}
INITIAL_IDS = {
    "selected_user": "initial_user",
    "selected_conversation": "initial_conversation",
    "selected_channel": "initial_channel",
    "selected_users": "initial_users",
    "selected_conversations": "initial_conversations",
    "selected_channels": "initial_channels",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
}
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_CONVERSATION_ID = re.compile(r"[CDG][A-Z0-9]{2,}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_NUMBERS = re.compile(r"\d+(-\d+)?([\s,]+\d+(-\d+)?)*")


class Cancelled(Exception):
    """The user stopped filling in the form."""


class Invalid(ValueError):
    """An answer a field does not take; the message says what it takes."""


@dataclass(frozen=True)
class Field:
    """One input block of a modal."""

    block_id: str
    element: dict
    label: str
    optional: bool
    hint: str

    @property
    def kind(self) -> str:
        return self.element.get("type", "")

    @property
    def action_id(self) -> str:
        return self.element.get("action_id", "")

    @property
    def key(self) -> str | None:
        """The name of the value in `view.state.values` (None: the shell cannot fill it)."""
        if self.kind in TEXTS:
            return "value"
        if self.kind == "rich_text_input":
            return "rich_text_value"
        if self.kind in ONE_CHOICE:
            return "selected_option"
        if self.kind in CHOICES:
            return "selected_options"
        return ONE_ID.get(self.kind) or IDS.get(self.kind) or DATES.get(self.kind)

    @property
    def multiline(self) -> bool:
        return bool(self.element.get("multiline")) or self.kind == "rich_text_input"

    def options(self) -> list[dict]:
        if "options" in self.element:
            return list(self.element["options"])
        return [o for group in self.element.get("option_groups", []) for o in group["options"]]

    def state(self, value: object) -> dict:
        key = self.key
        return {"type": self.kind} if key is None else {"type": self.kind, key: value}

    def empty(self) -> dict:
        plural = self.kind in CHOICES or self.kind in IDS
        return self.state([] if plural else None)

    def initial(self) -> dict | None:
        """The element's initial value as state, or None."""
        key, element = self.key, self.element
        if key is None:
            return None
        if key in ("value", "rich_text_value"):
            found = element.get("initial_value")
        elif key == "selected_option":
            found = element.get("initial_option")
        elif key == "selected_options":
            found = element.get("initial_options")
        else:
            found = element.get(INITIAL_IDS[key])
        return self.state(found) if found else None


def value_of(state: dict | None) -> object:
    """What a state value holds (None or [] when nothing)."""
    if not state:
        return None
    return next((v for k, v in state.items() if k != "type"), None)


def fields_of(view: dict) -> list[Field | dict]:
    """The view's input blocks as Fields, its other blocks as they are (shown as text)."""
    found: list[Field | dict] = []
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            found.append(block)
            continue
        found.append(
            Field(
                block_id=block.get("block_id", ""),
                element=block.get("element", {}),
                label=text_of(block.get("label")),
                optional=bool(block.get("optional")),
                hint=text_of(block.get("hint")),
            )
        )
    return found


def block_text(block: dict) -> list[str]:
    """A modal's non-input block as lines of text (its buttons are not pressable here)."""
    kind = block.get("type")
    if kind == "section":
        lines = text_of(block.get("text")).splitlines()
        return lines + [text_of(f) for f in block.get("fields") or []]
    if kind == "header":
        return [text_of(block.get("text")).upper()]
    if kind == "context":
        return ["  " + text_of(e) for e in block.get("elements", []) if "text" in e]
    if kind == "rich_text":
        return rich_text(block.get("elements", [])).splitlines()
    if kind == "actions":
        labels = [text_of(e.get("text")) for e in block.get("elements", []) if e.get("text")]
        return [" ".join(f"[{label}]" for label in labels) + " (not pressable in the shell)"]
    return []


class FormFiller:
    """Asks a view's fields through `read` (a prompt -> a line, None at the end of input) and
    shows what it needs to through `write`. `me` is the user's id ("me" in a people field),
    `here` the channel's ("here" in a channel field)."""

    def __init__(
        self,
        read: Callable[[str], str | None],
        write: Callable[[str], None],
        *,
        me: str,
        here: str,
    ) -> None:
        self._read_line, self.write, self.me, self.here = read, write, me, here

    def fill(
        self, view: dict, *, previous: dict | None = None, only: Collection[str] | None = None
    ) -> dict:
        """`view.state.values` for the view; `previous` values are offered as defaults, and
        with `only`, only those blocks are asked again. Raises Cancelled."""
        values: dict = {}
        for item in fields_of(view):
            if not isinstance(item, Field):
                if only is None:
                    for line in block_text(item):
                        self.write(f"  {line}")
                continue
            earlier = ((previous or {}).get(item.block_id) or {}).get(item.action_id)
            default = earlier if earlier and value_of(earlier) else item.initial()
            if only is not None and item.block_id not in only:
                answer = earlier or item.empty()
            else:
                answer = self._ask(item, default)
            values[item.block_id] = {item.action_id: answer}
        return values

    # -- one field -----------------------------------------------------------------------

    def _read(self, prompt: str) -> str:
        line = self._read_line(prompt)
        if line is None or line == CANCEL:
            raise Cancelled
        return line

    def _ask(self, field: Field, default: dict | None) -> dict:
        if field.key is None:
            self.write(
                f"  (“{field.label}” is a {field.kind} field, which the shell cannot fill in: "
                "left empty)"
            )
            return field.empty()
        self._introduce(field)
        prompt = self._prompt(field, default)
        while True:
            line = self._read(prompt)
            if line == "":
                if default is not None:
                    return default
                if field.optional:
                    return field.empty()
                raise Cancelled
            if line == "-" and field.optional:
                return field.empty()
            try:
                return field.state(self._parse(field, line))
            except Invalid as problem:
                self.write(f"  {problem}")

    def _introduce(self, field: Field) -> None:
        if field.hint:
            self.write(f"  ({field.hint})")
        if field.kind in ONE_CHOICE or field.kind in CHOICES:
            for number, option in enumerate(field.options(), 1):
                about = text_of(option.get("description"))
                label = text_of(option.get("text")) + (f" - {about}" if about else "")
                self.write(f"  {number:>2}. {label}")
        if field.multiline:
            self.write("  (several lines: end a line with \\ to write the next)")

    def _prompt(self, field: Field, default: dict | None) -> str:
        marks = []
        if field.kind in ONE_CHOICE:
            marks.append("a number")
        elif field.kind in CHOICES:
            marks.append("numbers, e.g. 1 3")
        elif field.kind in IDS or field.kind in ONE_ID:
            marks.append("ids, or me" if "users" in field.kind else "ids, or here")
        elif field.kind in DATES:
            marks.append("YYYY-MM-DD" if field.kind == "datepicker" else "HH:MM")
        if field.optional and "optional" not in field.label.lower():
            marks.append("optional")
        shown = _shown(field, default)
        if shown:
            marks.append(f"Enter keeps “{shown}”")
        return f"{field.label}{' (' + '; '.join(marks) + ')' if marks else ''}: "

    def _text(self, field: Field, first: str) -> str:
        lines = [first]
        while field.multiline and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1]
            lines.append(self._read("  ... "))
        return "\n".join(lines)

    def _parse(self, field: Field, line: str) -> object:
        kind = field.kind
        if kind in TEXTS or kind == "rich_text_input":
            text = self._text(field, line)
            _check_text(field, text)
            if kind == "rich_text_input":
                return _rich_text_value(text)
            return text
        if kind in ONE_CHOICE:
            [chosen] = _choose(field.options(), line, many=False)
            return chosen
        if kind in CHOICES:
            chosen = _choose(field.options(), line, many=True)
            limit = field.element.get("max_selected_items")
            if limit and len(chosen) > limit:
                raise Invalid(f"Choose at most {limit}.")
            return chosen
        if kind in ONE_ID or kind in IDS:
            ids = self._ids(field, line)
            if kind in ONE_ID:
                if len(ids) != 1:
                    raise Invalid("Give one id.")
                return ids[0]
            limit = field.element.get("max_selected_items")
            if limit and len(ids) > limit:
                raise Invalid(f"Give at most {limit}.")
            return ids
        if kind == "datepicker":
            try:
                return dt.date.fromisoformat(line).isoformat()
            except ValueError:
                raise Invalid("Give a date as YYYY-MM-DD.") from None
        if _TIME.fullmatch(line):
            return line
        raise Invalid("Give a time as HH:MM.")

    def _ids(self, field: Field, line: str) -> list[str]:
        users = "users" in field.kind
        ids = []
        for token in re.split(r"[\s,]+", line.strip()):
            token = token.strip("<>@#").split("|")[0].upper()
            if token == "ME" and users:
                token = self.me
            elif token == "HERE" and not users:
                token = self.here
            pattern = _USER_ID if users else _CONVERSATION_ID
            if not pattern.fullmatch(token):
                example = "U012ABC, or me" if users else "C012ABC, or here"
                raise Invalid(f"“{token}” is not an id: give ids like {example}.")
            if token not in ids:
                ids.append(token)
        return ids


def _shown(field: Field, default: dict | None) -> str:
    value = value_of(default)
    if not value:
        return ""
    if isinstance(value, dict) and "text" in value:
        text = text_of(value["text"])
    elif isinstance(value, dict):  # a rich_text value
        text = rich_text(value.get("elements", []))
    elif isinstance(value, list):
        text = ", ".join(text_of(v["text"]) if isinstance(v, dict) else str(v) for v in value)
    else:
        text = str(value)
    text = " / ".join(text.splitlines())
    return text if len(text) <= SHOWN_DEFAULT else text[: SHOWN_DEFAULT - 1] + "…"


def _check_text(field: Field, text: str) -> None:
    element, kind = field.element, field.kind
    longest, shortest = element.get("max_length"), element.get("min_length")
    if longest and len(text) > longest:
        raise Invalid(f"Keep it to {longest} characters ({len(text)} now).")
    if shortest and len(text) < shortest:
        raise Invalid(f"Write at least {shortest} characters.")
    if kind == "url_text_input":
        parts = urlparse(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            raise Invalid("Give a link starting with https://")
    elif kind == "email_text_input" and not _EMAIL.fullmatch(text):
        raise Invalid("Give an email address.")
    elif kind == "number_input":
        _check_number(element, text)


def _check_number(element: dict, text: str) -> None:
    decimal = bool(element.get("is_decimal_allowed"))
    try:
        number = float(text) if decimal else int(text)
    except ValueError:
        raise Invalid("Give a number." if decimal else "Give a whole number.") from None
    low, high = element.get("min_value"), element.get("max_value")
    if low is not None and number < float(low):
        raise Invalid(f"Give {low} or more.")
    if high is not None and number > float(high):
        raise Invalid(f"Give {high} or less.")


def _rich_text_value(text: str) -> dict:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "elements": [section]}


def _numbers(line: str, count: int) -> list[int]:
    picked: list[int] = []
    for token in re.split(r"[\s,]+", line.strip()):
        first, _, last = token.partition("-")
        for number in range(int(first), int(last or first) + 1):
            if not 1 <= number <= count:
                raise Invalid(f"Choose numbers from 1 to {count}.")
            picked.append(number - 1)
    return picked


def _by_text(options: list[dict], text: str) -> int:
    """The one option whose label or value is `text`, or alone contains it."""
    wanted = text.strip().lower()
    labels = [text_of(o.get("text")).lower() for o in options]
    for place, option in enumerate(options):
        if wanted in (labels[place], str(option.get("value", "")).lower()):
            return place
    near = [place for place, label in enumerate(labels) if wanted and wanted in label]
    if len(near) == 1:
        return near[0]
    if near:
        raise Invalid(f"“{text}” could be {len(near)} of them: give the number.")
    raise Invalid(f"“{text}” is none of them: give the number from 1 to {len(options)}.")


def _choose(options: list[dict], line: str, *, many: bool) -> list[dict]:
    if _NUMBERS.fullmatch(line.strip()):
        picked = _numbers(line, len(options))
    else:
        pieces = line.split(",") if many else [line]
        picked = [_by_text(options, piece) for piece in pieces if piece.strip()]
    if not many and len(picked) != 1:
        raise Invalid("Choose one.")
    return [options[place] for place in dict.fromkeys(picked)]
