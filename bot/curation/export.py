"""`partnerbot kb drafts export DIR`: what staff wrote and changed from Slack, as knowledge files
for the repository to take in.

* drafts.yaml: the drafts not yet in the knowledge files (an approved one as it now reads, with
  its later revisions, review or retirement applied);
* revisions.yaml: each entry of the knowledge files changed from Slack (an approved revision, a
  review, a retirement), in full as it now reads, unless the files read the same already.

Both pass `partnerbot kb validate`. Once the files hold an entry as it now reads, the bot serves
the files' entry again (bot.curation.revisions.mark_merged) and the next export leaves it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.core.models import DraftEntry, EntryRevision, EntryState
from bot.curation import drafts, revisions
from knowledge.schema import Entry

REVISIONS_FILE = "revisions.yaml"
REVISIONS_HEADER = """\
# Entries of the knowledge base that partnership office staff changed from Slack
# (partnerbot kb drafts export), each in full as it now reads. Replace the entry of the same id
# in knowledge/ with each one. A retired entry keeps its place with its `retired` date, so that
# its id is never used again; the bot never serves it.
"""


@dataclass(frozen=True)
class Exported:
    drafts_file: Path
    drafts: int
    revisions_file: Path
    revisions: int


def changed(files: Sequence[Entry], found: dict[str, EntryState]) -> list[Entry]:
    """The knowledge files' entries that read differently now, as they now read."""
    now = [revisions.reads(entry, found.get(entry.id)) for entry in files if entry.id in found]
    by_id = {entry.id: entry for entry in files}
    return [entry for entry in now if entry != by_id[entry.id]]


def _approvals(engine: Engine) -> dict[str, EntryRevision]:
    """The latest approved revision of each entry."""
    with Session(engine) as session:
        rows = session.exec(
            select(EntryRevision)
            .where(EntryRevision.status == "approved")
            .order_by(EntryRevision.decided_at)
        ).all()
    return {row.entry_id: row for row in rows}


def _comment(state: EntryState, approved: EntryRevision | None) -> str:
    said = []
    if approved is not None and state.content is not None and not state.merged:
        day = approved.decided_at.date().isoformat() if approved.decided_at else "?"
        said.append(f"revised by {approved.author_id}, approved by {approved.decided_by} on {day}")
    if state.reviewed_on is not None and state.reviewed_by:
        said.append(f"reviewed by {state.reviewed_by} on {state.reviewed_on.isoformat()}")
    if state.retired_on is not None and state.retired_by:
        said.append(f"retired by {state.retired_by} on {state.retired_on.isoformat()}")
    return f"# {'; '.join(said) or 'changed from Slack'}\n"


def revisions_yaml(entries: Sequence[Entry], engine: Engine, found: dict[str, EntryState]) -> str:
    approvals = _approvals(engine)
    parts = [REVISIONS_HEADER]
    for entry in entries:
        comment = _comment(found[entry.id], approvals.get(entry.id))
        parts.append("\n" + comment + drafts.yaml_block(drafts.yaml_data(entry)))
    return "".join(parts)


def export(
    *, engine: Engine, rows: Sequence[DraftEntry], files: Sequence[Entry], folder: Path
) -> Exported:
    """Write FOLDER/drafts.yaml and FOLDER/revisions.yaml. `files`: the knowledge files'
    entries, retired ones too."""
    found = revisions.states(engine)
    in_files = {entry.id for entry in files}
    waiting = [row for row in rows if row.entry_id not in in_files]
    reading = {
        row.entry_id: revisions.reads(drafts.to_entry(row), found[row.entry_id])
        for row in waiting
        if row.status == "approved" and row.entry_id in found
    }
    drafts_file = drafts.export(waiting, folder, reading)
    entries = changed(files, found)
    revisions_file = folder / REVISIONS_FILE
    revisions_file.write_text(revisions_yaml(entries, engine, found), encoding="utf-8")
    return Exported(drafts_file, len(waiting), revisions_file, len(entries))
