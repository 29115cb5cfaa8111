"""A knowledge entry's history of changes from Slack, and a readable diff of two versions of it
(for `partnerbot kb history ID` and for the approval card)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.core.models import DraftEntry, EntryEvent
from bot.curation import drafts, revisions
from knowledge.schema import Entry

FIELD_ORDER = tuple(Entry.model_fields)
SHORT_TEXT = 80  # a text up to this long, on one line, reads best as "before" -> "after"
WORD_CONTEXT = 6  # unchanged words shown around each change of a long text
ALIKE = 0.5  # below this share of words in common, a text is shown before and after in full
DONE = {
    "propose": "proposed a change",
    "approve": "approved the change, now served",
    "reject": "rejected the change",
    "supersede": "replaced the waiting change with a newer one",
    "review": "reviewed it: still correct",
    "retire": "retired it: no longer served, its id kept",
    "draft": "wrote it as a draft",
    "draft_approved": "approved the draft, now served",
    "draft_discarded": "discarded the draft",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


def changes(before: dict | None, after: dict | None) -> list[FieldChange]:
    """The fields that differ, in the entry's field order."""
    before, after = before or {}, after or {}
    keys = [k for k in FIELD_ORDER if k in before or k in after]
    keys += sorted((before.keys() | after.keys()) - set(keys))
    return [
        FieldChange(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)
    ]


def _item(value: object) -> str:
    """One list item on one line: a link, a contact, or a phrase."""
    if not isinstance(value, dict):
        return str(value)
    if "url" in value and "title" in value:
        return f"{value['title']} <{value['url']}>"
    reach = " · ".join(str(value[k]) for k in ("email", "phone", "url") if value.get(k))
    extra = [str(value[k]) for k in ("status", "instructions") if value.get(k)]
    if value.get("urgent"):
        extra.append("urgent")
    text = f"{value.get('name', '?')}: {reach}"
    return text + (f" ({'; '.join(extra)})" if extra else "")


def _shown(value: object) -> str:
    return "(none)" if value in (None, "", [], ()) else f"“{value}”"


def _removed(words: list[str], limit: int | None) -> str:
    if limit is not None and len(words) > limit:
        words = [*words[: limit // 2], "…", *words[-(limit // 2) :]]
    return " ".join(words)


def _word_diff(before: str, after: str, removed_limit: int | None = None) -> str:
    """The changed words marked [-removed-] and {+added+}, with a few words around each;
    `removed_limit`: at most this many removed words shown in a row (the rest as "…")."""
    old, new = before.split(), after.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old[i1:i2]
            first, last = position == 0, position == len(opcodes) - 1
            if len(words) > 2 * WORD_CONTEXT and not (first or last):
                words = [*words[:WORD_CONTEXT], "…", *words[-WORD_CONTEXT:]]
            elif first and len(words) > WORD_CONTEXT:
                words = ["…", *words[-WORD_CONTEXT:]]
            elif last and len(words) > WORD_CONTEXT:
                words = [*words[:WORD_CONTEXT], "…"]
            parts.append(" ".join(words))
            continue
        if i2 > i1:
            parts.append(f"[-{_removed(old[i1:i2], removed_limit)}-]")
        if j2 > j1:
            parts.append(f"{{+{' '.join(new[j1:j2])}+}}")
    return " ".join(parts)


def _alike(before: str, after: str) -> bool:
    """Enough words in common that marking the changed ones reads better than both texts."""
    matcher = difflib.SequenceMatcher(a=before.split(), b=after.split(), autojunk=False)
    return matcher.ratio() >= ALIKE


def describe(change: FieldChange, removed_limit: int | None = None) -> list[str]:
    """A change as readable lines: "title: “old” → “new”", a word diff, or items +/-."""
    before, after = change.before, change.after
    if isinstance(before, list) or isinstance(after, list):
        old = [_item(v) for v in before or []]
        new = [_item(v) for v in after or []]
        lines = [f"{change.field}:"]
        lines += [f"  - {item}" for item in old if item not in new]
        lines += [f"  + {item}" for item in new if item not in old]
        if len(lines) == 1:  # the same items, in another order
            lines[0] += " reordered"
        return lines
    long = (
        isinstance(before, str)
        and isinstance(after, str)
        and (max(len(before), len(after)) > SHORT_TEXT or "\n" in before + after)
    )
    if long and _alike(before, after):
        return [f"{change.field}: {_word_diff(before, after, removed_limit)}"]
    return [f"{change.field}: {_shown(before)} → {_shown(after)}"]


def diff_lines(
    before: dict | None, after: dict | None, removed_limit: int | None = None
) -> list[str]:
    return [line for change in changes(before, after) for line in describe(change, removed_limit)]


# -- the history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change of an entry: who, when, what, and the fields before and after."""

    at: str
    action: str
    actor: str
    revision: int | None
    fields: list[FieldChange]

    def as_dict(self) -> dict:
        return {
            "at": self.at,
            "action": self.action,
            "actor": self.actor,
            "revision": self.revision,
            "changes": [
                {"field": c.field, "before": c.before, "after": c.after} for c in self.fields
            ],
        }


def _from_event(event: EntryEvent) -> Change:
    return Change(
        event.at.isoformat(),
        event.action,
        event.actor_id,
        event.revision_id,
        changes(event.before, event.after) if event.before or event.after else [],
    )


def _from_draft(row: DraftEntry) -> list[Change]:
    """A draft's own story: written, then approved or discarded."""
    try:
        written = [
            Change(
                row.created_at.isoformat(),
                "draft",
                row.author_id,
                None,
                changes(None, revisions.content_of(drafts.to_entry(row))),
            )
        ]
    except ValueError:  # a draft the schema no longer accepts
        written = [Change(row.created_at.isoformat(), "draft", row.author_id, None, [])]
    if row.status in ("approved", "discarded") and row.approver_id:
        decided = row.approved_at or row.updated_at
        action = f"draft_{row.status}"
        written.append(Change(decided.isoformat(), action, row.approver_id, None, []))
    return written


def entry_history(engine: Engine, entry_id: str) -> list[Change]:
    """Every change of the entry made from Slack, oldest first (its draft's too)."""
    with Session(engine) as session:
        draft = session.exec(select(DraftEntry).where(DraftEntry.entry_id == entry_id)).first()
    found = [_from_event(e) for e in revisions.events(engine, entry_id)]
    if draft is not None:
        found += _from_draft(draft)
    return sorted(found, key=lambda change: change.at)


def as_text(entry_id: str, title: str | None, found: Sequence[Change]) -> str:
    heading = f"{entry_id}: {title}" if title else entry_id
    if not found:
        return f"{heading}\nNo changes made from Slack."
    lines = [heading]
    for change in found:
        revision = f" (revision #{change.revision})" if change.revision else ""
        when = change.at[:16].replace("T", " ")
        lines.append(
            f"{when} UTC  {change.actor} {DONE.get(change.action, change.action)}{revision}"
        )
        # A text of several lines stays under its field, indented.
        lines += [f"    {line}".replace("\n", "\n      ") for line in _described(change.fields)]
    return "\n".join(lines)


def _described(fields: Iterable[FieldChange]) -> list[str]:
    return [line for change in fields for line in describe(change)]


def as_json(found: Sequence[Change]) -> str:
    return json.dumps([change.as_dict() for change in found], indent=2)
