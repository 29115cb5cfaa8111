"""Draft knowledge entries: what staff wrote in answer to a knowledge gap.

A draft is stored when staff answer a gap. Once a staff member approves it, the matcher serves
it (bot.answering.live_knowledge), until the same id appears in the YAML knowledge base, which
then takes over.
`partnerbot kb drafts export DIR` writes drafts as YAML that `partnerbot kb validate` accepts.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from rapidfuzz import utils
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.core.forms import text_problem
from bot.core.models import DraftEntry, EntryState, utcnow
from knowledge.schema import Entry, not_official_message

log = logging.getLogger(__name__)

KIND = "faq"
ID_PREFIX = "faq-"
SLUG_LENGTH = 48
TITLE_LIMIT = 150
ANSWER_LIMIT = 2800  # the answer card shows title and answer in one 3,000-character section
QUESTION_LIMIT = 300
QUESTIONS_LIMIT = 30
SOURCE_TITLE = "Source"
EXPORT_FILE = "drafts.yaml"
# Where each entry field is typed in the answer modal, for inline errors.
FIELD_BLOCKS = {
    "title": "title",
    "answer": "answer",
    "sector": "sector",
    "links": "source",
    "questions": "questions",
}


@dataclass(frozen=True)
class DraftInput:
    """What staff typed into the answer modal."""

    title: str
    answer: str
    questions: tuple[str, ...] = ()
    sector: str | None = None
    source_url: str | None = None


def one_line(text: str) -> str:
    return " ".join(text.split())


def sample_questions(texts: Iterable[str]) -> tuple[str, ...]:
    """Distinct one-line phrasings (case and punctuation aside), in order, within the limits
    of an entry."""
    seen: dict[str, str] = {}
    for text in texts:
        line = one_line(text)[:QUESTION_LIMIT]
        key = utils.default_process(line)
        if key and key not in seen:
            seen[key] = line
    return tuple(seen.values())[:QUESTIONS_LIMIT]


def entry_data(draft: DraftInput, entry_id: str, reviewed: dt.date) -> dict:
    """The draft as the fields of a knowledge entry (as a YAML file would hold them)."""
    data: dict = {
        "id": entry_id,
        "kind": KIND,
        "title": one_line(draft.title),
        "answer": draft.answer.strip(),
    }
    if draft.sector:
        data["sector"] = draft.sector
    if draft.questions:
        data["questions"] = list(draft.questions)
    if draft.source_url:
        data["links"] = [{"title": SOURCE_TITLE, "url": draft.source_url.strip()}]
    data["reviewed"] = reviewed
    return data


def problems(draft: DraftInput) -> dict[str, str]:
    """Modal block id -> what is wrong, checked by the knowledge schema itself."""
    texts = {
        "title": text_problem(
            draft.title,
            name="title",
            limit=TITLE_LIMIT,
            missing="Give the entry a title (what the question is about).",
        ),
        "answer": text_problem(
            draft.answer,
            name="answer",
            limit=ANSWER_LIMIT,
            missing="Write the answer partners will get.",
            over="; link to the full text in Source",
        ),
    }
    found = {block: problem for block, problem in texts.items() if problem}
    if found:
        return found
    try:
        entry = Entry.model_validate(entry_data(draft, f"{ID_PREFIX}check", utcnow().date()))
    except ValidationError as invalid:
        for error in invalid.errors():
            field = str(error["loc"][0]) if error["loc"] else "answer"
            found.setdefault(FIELD_BLOCKS.get(field, "answer"), _message(field, error))
        return found
    for _, url in entry.unofficial_links():  # a partner is only ever sent to an official page
        found.setdefault("source", "The source " + not_official_message(url) + ".")
    return found


def _message(field: str, error: dict) -> str:
    if field == "links":
        return "The source must be a web link (https://...)."
    if field == "sector":
        return "Choose a sector from the list."
    return error["msg"].removeprefix("Value error, ")


def slug(title: str) -> str:
    """ "How do I report a drone?" -> "how-do-i-report-a-drone", cut at a word boundary."""
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > SLUG_LENGTH:
            break
        text = f"{text}-{word}" if text else word
    return text or (words[0][:SLUG_LENGTH] if words else "draft")


def new_entry_id(title: str, taken: set[str]) -> str:
    """A readable id for the entry, unique among the knowledge base's and the drafts' ids."""
    base = ID_PREFIX + slug(title)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def taken_ids(session: Session, knowledge_ids: Iterable[str]) -> set[str]:
    """The knowledge files' ids, the drafts', and every id changed from Slack (a retired
    entry's id among them, even once it is gone from the files): none is given out again."""
    return {
        *knowledge_ids,
        *session.exec(select(DraftEntry.entry_id)).all(),
        *session.exec(select(EntryState.entry_id)).all(),
    }


def add(
    session: Session, *, draft: DraftInput, author_id: str, knowledge_ids: Iterable[str]
) -> DraftEntry:
    """Store a new draft in the caller's transaction (the gap it answers is claimed in it too)."""
    row = DraftEntry(
        entry_id=new_entry_id(draft.title, taken_ids(session, knowledge_ids)),
        title=one_line(draft.title),
        answer=draft.answer.strip(),
        sector=draft.sector or None,
        source_url=(draft.source_url or "").strip() or None,
        questions=list(draft.questions),
        author_id=author_id,
    )
    session.add(row)
    session.flush()
    return row


def _input_of(row: DraftEntry) -> DraftInput:
    return DraftInput(row.title, row.answer, tuple(row.questions), row.sector, row.source_url)


def _reviewed(row: DraftEntry) -> dt.date:
    return (row.approved_at or row.created_at).date()


def to_entry(row: DraftEntry) -> Entry:
    """The draft as a knowledge entry, reviewed the day it was approved (or written)."""
    return Entry.model_validate(entry_data(_input_of(row), row.entry_id, _reviewed(row)))


def _decide(engine: Engine, draft_id: int, actor_id: str, status: str) -> DraftEntry | None:
    """Move a draft waiting for approval to `status`; None if it is not waiting any more."""
    with Session(engine) as session:
        row = session.get(DraftEntry, draft_id)
        if row is None or row.status != "draft":
            return None
        row.status, row.approver_id, row.updated_at = status, actor_id, utcnow()
        if status == "approved":
            row.approved_at = row.updated_at
        session.add(row)
        session.commit()
        session.refresh(row)
        return row


def approve(*, engine: Engine, draft_id: int, approver_id: str) -> DraftEntry | None:
    """From now on the matcher serves the draft, in every process sharing the database."""
    return _decide(engine, draft_id, approver_id, "approved")


def discard(*, engine: Engine, draft_id: int, actor_id: str) -> DraftEntry | None:
    return _decide(engine, draft_id, actor_id, "discarded")


def listing(*, engine: Engine, statuses: Sequence[str] | None = None) -> list[DraftEntry]:
    with Session(engine) as session:
        query = select(DraftEntry).order_by(DraftEntry.id)
        if statuses is not None:
            query = query.where(DraftEntry.status.in_(list(statuses)))
        return list(session.exec(query).all())


def approved_entries(engine: Engine) -> list[Entry]:
    """The approved drafts as entries."""
    return [entry for entry, _ in _as_entries(listing(engine=engine, statuses=["approved"]))]


def approved_since(engine: Engine, since: dt.datetime) -> list[tuple[Entry, dt.datetime]]:
    """The drafts approved at or after `since`, as entries, each with when it was approved."""
    with Session(engine) as session:
        rows = session.exec(
            select(DraftEntry)
            .where(DraftEntry.status == "approved", DraftEntry.approved_at >= since)
            .order_by(DraftEntry.approved_at)
        ).all()
    return _as_entries(rows)


def _as_entries(rows: Iterable[DraftEntry]) -> list[tuple[Entry, dt.datetime]]:
    """(entry, approved at) for each row; one the schema no longer accepts is left out, logged,
    rather than stop the bot answering."""
    entries = []
    for row in rows:
        try:
            entries.append((to_entry(row), row.approved_at or row.updated_at))
        except ValidationError as invalid:
            log.warning("approved draft %s is not a valid entry: %s", row.entry_id, invalid)
    return entries


# -- YAML for review into knowledge/ ---------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Knowledge-file style: multi-line answers as literal blocks, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)

EXPORT_HEADER = """\
# Draft entries written by partnership office staff in answer to partners' questions
# (partnerbot kb drafts export). Review each one, then move it into the knowledge file of its
# kind; once an id is in knowledge/, the YAML entry is served instead of the draft.
"""


def _comment(row: DraftEntry) -> str:
    written = f"written by {row.author_id} on {row.created_at.date().isoformat()}"
    if row.status == "approved" and row.approved_at:
        decided = f"approved by {row.approver_id} on {row.approved_at.date().isoformat()}"
        return f"# {row.status}: {written}, {decided}\n"
    return f"# {row.status} (not yet served): {written}\n"


DATE_FIELDS = ("reviewed", "expires", "next_session", "retired")


def yaml_data(entry: Entry) -> dict:
    """An entry as a knowledge file writes it: fields left at their defaults omitted, dates as
    dates."""
    data = entry.model_dump(mode="json", exclude_defaults=True)
    for field in DATE_FIELDS:
        if data.get(field):
            data[field] = dt.date.fromisoformat(data[field])
    return data


def yaml_block(data: dict) -> str:
    """One entry as a YAML list item."""
    return yaml.dump([data], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def as_yaml(rows: Iterable[DraftEntry], reading: Mapping[str, Entry] | None = None) -> str:
    """The drafts as one knowledge file, each entry with a comment on where it stands;
    `reading`: entries as they now read (changed from Slack since), by id, written instead."""
    parts = [EXPORT_HEADER]
    for row in rows:
        to_entry(row)  # a draft that is no valid entry is refused here, not at review time
        now = (reading or {}).get(row.entry_id)
        data = yaml_data(now) if now else entry_data(_input_of(row), row.entry_id, _reviewed(row))
        parts.append("\n" + _comment(row) + yaml_block(data))
    return "".join(parts)


def export(
    rows: Sequence[DraftEntry], folder: Path, reading: Mapping[str, Entry] | None = None
) -> Path:
    """Write the drafts to FOLDER/drafts.yaml; returns the file written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / EXPORT_FILE
    path.write_text(as_yaml(rows, reading), encoding="utf-8")
    return path
