"""The form staff edit a knowledge entry in: built from the entry, read back into a revised
entry, and checked by the knowledge schema itself, each problem shown under its field.

Each field is plain text a person can type: sample questions and keywords one a line, links
"title | https://address" one a line, contacts as "field: value" lines with a blank line
between two contacts. A field whose text would not fit a form (3,000 characters) is left out
and kept as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core import render
from bot.core.forms import ModalState, text_problem
from bot.core.render import clip, escape, sector_name
from bot.curation.revisions import Head, content_of
from knowledge.schema import OWNER_HELP, SECTOR_SLUGS, Entry, parse_entries

EDIT = "entry_edit"  # the Edit button (cards, Home, the weekly review); its value: the entry id
EDIT_CALLBACK = "entry_edit_submit"
INPUT_LIMIT = 3000  # a plain-text input's largest value
TITLE_LIMIT = 150
ANSWER_LIMIT = 2800  # the card shows title and answer in one 3,000-character section
OWNER_LIMIT = 80
NO_SECTOR = "none"
CONTACT_KEYS = ("name", "email", "phone", "url", "status", "urgent", "instructions", "note")
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", ""})


@dataclass(frozen=True)
class Field:
    block: str
    label: str
    multiline: bool = False
    optional: bool = True
    hint: str | None = None
    limit: int = INPUT_LIMIT


FIELDS = (
    Field("title", "Title", optional=False, limit=TITLE_LIMIT),
    Field("answer", "Answer", multiline=True, optional=False, limit=ANSWER_LIMIT),
    Field("questions", "Sample questions (one a line)", multiline=True),
    Field("keywords", "Keywords (one a line)", multiline=True),
    Field(
        "links",
        "Links partners see (one a line: title | https://address)",
        multiline=True,
        hint="Official pages only: .gov or .mil, first.org/tlp, or a web-archive copy of a "
        ".gov page. The first link is the card's source.",
    ),
    Field(
        "contacts",
        "Contacts (field: value lines; a blank line between two)",
        multiline=True,
        hint="Fields: " + ", ".join(CONTACT_KEYS) + ". Status is current, legacy or verify; "
        "urgent is yes or no; note is for staff only.",
    ),
    Field(
        "evidence",
        "Evidence, for staff only (one a line: title | https://address)",
        multiline=True,
        hint="Where a fact was found: any web page. Partners never see it.",
    ),
    Field(
        "owner",
        "Owner (who keeps it current)",
        hint=OWNER_HELP[0].upper() + OWNER_HELP[1:] + ".",
        limit=OWNER_LIMIT,
    ),
    Field("note", "Note for staff", multiline=True, hint="Partners never see it."),
)
BY_BLOCK = {field.block: field for field in FIELDS}
LINE_FIELDS = ("questions", "keywords")
LINK_FIELDS = ("links", "evidence")


# -- the entry as text --------------------------------------------------------------------------


def _link_lines(links: Iterable[dict]) -> str:
    return "\n".join(f"{link['title']} | {link['url']}" for link in links)


def _contact_text(contact: dict) -> str:
    lines = []
    for key in CONTACT_KEYS:
        value = contact.get(key)
        if key == "urgent":
            if value:
                lines.append("urgent: yes")
        elif value not in (None, ""):
            lines.append(f"{key}: {' '.join(str(value).split())}")
    return "\n".join(lines)


def field_text(content: dict, block: str) -> str:
    """What the form shows for one field of the entry."""
    value = content.get(block)
    if block in LINE_FIELDS:
        return "\n".join(value or [])
    if block in LINK_FIELDS:
        return _link_lines(value or [])
    if block == "contacts":
        return "\n\n".join(_contact_text(c) for c in value or [])
    return value or ""


# -- the modal ----------------------------------------------------------------------------------


def _sector_input(initial: str | None) -> InputBlock:
    options = [Option(value=NO_SECTOR, text="No sector (all sectors)")]
    options += [Option(value=slug, text=sector_name(slug)) for slug in SECTOR_SLUGS]
    chosen = next((o for o in options if o.value == (initial or NO_SECTOR)), None)
    return InputBlock(
        block_id="sector",
        label="Sector",
        element=StaticSelectElement(action_id="value", options=options, initial_option=chosen),
    )


def _input(field: Field, text: str) -> InputBlock:
    return InputBlock(
        block_id=field.block,
        label=field.label,
        optional=field.optional,
        hint=field.hint,
        element=PlainTextInputElement(
            action_id="value",
            multiline=field.multiline,
            initial_value=text or None,
            max_length=max(field.limit, len(text)),
        ),
    )


def edit_modal(head: Head) -> dict:
    """The edit form, prefilled with the entry (or the change waiting for approval), carrying
    the version it was opened on."""
    entry = head.entry
    content = content_of(entry)
    about = f"`{escape(entry.id)}` · {entry.kind}"
    if entry.reviewed:
        about += f" · last reviewed {entry.reviewed.isoformat()}"
    blocks: list[Block] = [render.context(about)]
    if head.pending is not None:
        blocks.append(
            render.context(
                f":hourglass: A change by <@{head.pending.author_id}> is waiting for approval: "
                "this form starts from it, and what you save replaces it."
            )
        )
    shown, kept = [], []
    for field in FIELDS:
        text = field_text(content, field.block)
        if len(text) > INPUT_LIMIT:
            kept.append(field.label.split(" (")[0].lower())
            continue
        blocks.append(_input(field, text))
        shown.append(field.block)
        if field.block == "answer":
            blocks.append(_sector_input(entry.sector))
            shown.append("sector")
    if kept:
        blocks.append(
            render.context(
                f"Too long to edit here, kept as they are: {', '.join(kept)}. "
                "Change them in the knowledge files."
            )
        )
    blocks.append(
        render.context(
            "Partners get your change once a staff member (you too) approves it; until then "
            "they get the entry as it is."
        )
    )
    metadata = {"entry": entry.id, "version": head.version, "fields": shown}
    return View(
        type="modal",
        callback_id=EDIT_CALLBACK,
        title="Edit entry",
        submit="Save for approval",
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps(metadata),
    ).to_dict()


@dataclass(frozen=True)
class Opened:
    """What a submitted edit form says of itself."""

    entry_id: str
    version: int
    fields: tuple[str, ...]


def opened(view: dict) -> Opened | None:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        fields = tuple(str(f) for f in data.get("fields", []) if str(f) in (*BY_BLOCK, "sector"))
        return Opened(str(data["entry"]), int(data["version"]), fields)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


# -- reading the form back ----------------------------------------------------------------------


class FormProblems(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


def _lines(text: str) -> list[str]:
    """Each line once, in order (case kept: "CLEAR" and "clear" may both be keywords)."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return list(dict.fromkeys(line for line in lines if line))


_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _links(text: str, block: str) -> list[dict]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, bar, url = line.rpartition("|")
        title, url = (title.strip(), url.strip()) if bar else ("", line)
        if not _URL.match(url):
            raise FormProblems(
                {
                    block: f"Line {number} is not a link: write the title, then | and the "
                    "address (https://...)."
                }
            )
        found.append({"title": title or "Source", "url": url})
    return found


def _contacts(text: str) -> list[dict]:
    found: list[dict] = []
    for number, chunk in enumerate(re.split(r"\n\s*\n", text.strip()), start=1):
        if not chunk.strip():
            continue
        contact: dict = {}
        for line in chunk.splitlines():
            key, colon, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if not colon or key not in CONTACT_KEYS:
                raise FormProblems(
                    {
                        "contacts": f"Contact {number}: “{clip(line.strip(), 60)}” is not a "
                        f"field: value line (fields: {', '.join(CONTACT_KEYS)})."
                    }
                )
            if key == "urgent":
                if value.lower() not in YES | NO:
                    raise FormProblems({"contacts": f"Contact {number}: urgent is yes or no."})
                contact[key] = value.lower() in YES
            elif value:
                contact[key] = value
        found.append(contact)
    return found


def _typed(state: ModalState, block: str) -> object:
    text = state.text(block)
    if block == "sector":
        choice = state.choice("sector")
        return None if choice in (None, NO_SECTOR) else choice
    if block == "title":
        return " ".join(text.split())
    if block in ("answer", "note", "owner"):
        return text.strip() or None
    if block in LINE_FIELDS:
        return _lines(text)
    if block in LINK_FIELDS:
        return _links(text, block)
    return _contacts(text)


def _text_problems(state: ModalState, fields: Iterable[str]) -> dict[str, str]:
    problems = {}
    for block in fields:
        field = BY_BLOCK.get(block)
        if field is None:
            continue
        text = state.text(block)
        if not field.optional:
            missing = f"The {field.label.lower()} cannot be empty."
            found = text_problem(text, name=block, limit=field.limit, missing=missing)
        elif len(text) > field.limit:
            found = f"Keep the {block} under {field.limit} characters ({len(text)} now)."
        else:
            found = None
        if found:
            problems[block] = found
    return problems


def _where(field: str | None, fields: tuple[str, ...]) -> tuple[str, str]:
    """(block, what to prefix) for a schema error on `field` ("links.0.url")."""
    parts = (field or "").split(".")
    block = parts[0]
    prefix = ""
    if len(parts) > 1 and parts[1].isdigit():
        noun = {"links": "Link", "evidence": "Evidence link", "contacts": "Contact"}.get(
            block, "Line"
        )
        prefix = f"{noun} {int(parts[1]) + 1}: "
        if block == "contacts" and len(parts) > 2:
            prefix += f"{parts[2]}: "
    if block in fields:
        return block, prefix
    # A field the form does not show (a date, the lead agency): named on the first field.
    fallback = "answer" if "answer" in fields else fields[0]
    return fallback, f"{field}: {prefix}" if field else prefix


def revised(values: dict, form: Opened, current: Entry) -> Entry:
    """The entry as the submitted form has it; raise FormProblems naming each field wrong.
    Checked by the knowledge schema, official links included."""
    state = ModalState(values)
    fields = tuple(f for f in form.fields if f in (values or {}))
    problems = _text_problems(state, fields)
    if problems:
        raise FormProblems(problems)
    content = content_of(current)
    for block in fields:
        value = _typed(state, block)
        if value in (None, [], ""):
            content.pop(block, None)
        else:
            content[block] = value
    entries, errors = parse_entries([content], "form")
    if errors:
        found: dict[str, str] = {}
        for error in errors:
            block, prefix = _where(error.field, fields or ("title",))
            found.setdefault(block, prefix + error.message)
        raise FormProblems(found)
    return entries[0]
