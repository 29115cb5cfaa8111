"""Knowledge entries changed from Slack: revisions (proposed, then approved or rejected),
reviews ("Still correct") and retirement, with every change kept in the history.

What partners are served is the knowledge files' entry (or an approved draft), with the entry's
state applied on top (`serve`): the content of its last approved revision, the date of its
latest review, or its retirement. Once the knowledge files hold an approved revision's content
(staff exported it and the repository took it in), the files are served again (`merged`).

Every change runs in one transaction that first makes sure the entry has a state row, so two
changes of one entry are taken one after the other. An edit form carries the entry's `version`
as it was opened; a proposal, a rejection or a retirement moves the version on with a
conditional UPDATE, so a form opened before is refused instead of overwriting the change.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from bot.core.db import upsert_insert
from bot.core.models import EntryEvent, EntryRevision, EntryState, utcnow
from knowledge.schema import Entry

log = logging.getLogger(__name__)

# Fields a review or an approval sets; two contents that differ only there read the same.
REVIEW_FIELDS = ("reviewed", "expires")


class Conflict(Exception):
    """The entry changed after the edit form was opened (or was retired meanwhile)."""


def content_of(entry: Entry) -> dict:
    """An entry as JSON-ready data, without the fields left at their defaults (as YAML has it)."""
    return entry.model_dump(mode="json", exclude_defaults=True)


def same_content(one: Entry, other: Entry) -> bool:
    """The same entry, whatever the review dates say."""
    cleared = dict.fromkeys(REVIEW_FIELDS)
    return one.model_copy(update=cleared) == other.model_copy(update=cleared)


def as_reviewed(content: dict, day: dt.date) -> dict:
    """The content as reviewed on `day`: a review confirms the entry, so an expiry date it is
    past is cleared (an entry cannot expire before its review)."""
    reviewed = content.get("reviewed")
    if reviewed and dt.date.fromisoformat(str(reviewed)) >= day:
        return content
    updated = {**content, "reviewed": day.isoformat()}
    expires = content.get("expires")
    if expires and dt.date.fromisoformat(str(expires)) < day:
        del updated["expires"]
    return updated


def reads(base: Entry, state: EntryState | None) -> Entry:
    """The entry as it now reads, a retirement included (as its `retired` date): what the
    knowledge files should hold."""
    if state is None:
        return base
    content = content_of(base)
    if state.content is not None and not state.merged:
        content = state.content
    if state.reviewed_on is not None:
        content = as_reviewed(content, state.reviewed_on)
    if state.retired_on is not None:
        content = {**content, "retired": state.retired_on.isoformat()}
    return Entry.model_validate(content)


def serve(base: Entry, state: EntryState | None) -> Entry | None:
    """The entry partners get: `base` with the state applied; None once retired."""
    if state is not None and state.retired_on is not None:
        return None
    try:
        return reads(base, state)
    except ValidationError as invalid:
        # The schema changed under a stored revision: the files' entry beats no answer.
        log.warning("the revised entry %s is no valid entry: %s", base.id, invalid)
        return base


def states(engine: Engine) -> dict[str, EntryState]:
    with Session(engine) as session:
        return {s.entry_id: s for s in session.exec(select(EntryState))}


def apply(base: Iterable[Entry], found: dict[str, EntryState]) -> list[Entry]:
    """The served entries, in the order of `base`, retired ones left out."""
    served = (serve(entry, found.get(entry.id)) for entry in base)
    return [entry for entry in served if entry is not None]


def mark_merged(engine: Engine, files: Iterable[Entry], found: dict[str, EntryState]) -> int:
    """Note each approved content the knowledge files now hold: from then on the files are
    served, and a later edit in the files is not undone by the revision. Returns how many."""
    by_id = {entry.id: entry for entry in files}
    merged = 0
    with Session(engine) as session:
        for state in found.values():
            held = by_id.get(state.entry_id)
            if held is None or state.content is None or state.merged:
                continue
            try:
                revised = Entry.model_validate(state.content)
            except ValidationError:
                continue
            if same_content(held, revised):
                result = session.execute(
                    update(EntryState)
                    .where(
                        EntryState.entry_id == state.entry_id,
                        EntryState.updated_at == state.updated_at,  # not approved again since
                    )
                    .values(merged=True)
                )
                merged += result.rowcount
        session.commit()
    if merged:
        log.info("%d revised entr(ies) are now in the knowledge files", merged)
    return merged


# -- changes --------------------------------------------------------------------------------


def _ensure_state(session: OrmSession, entry_id: str) -> EntryState:
    """The entry's state row, created if missing. The INSERT comes first so that on SQLite the
    transaction holds the write lock from here on; on PostgreSQL the conditional UPDATEs that
    follow lock the row."""
    insert = upsert_insert(session.get_bind())(EntryState).values(
        entry_id=entry_id, version=0, merged=False, updated_at=utcnow()
    )
    session.execute(insert.on_conflict_do_nothing(index_elements=["entry_id"]))
    return session.exec(select(EntryState).where(EntryState.entry_id == entry_id)).one()


def _record(session: OrmSession, entry_id: str, action: str, actor: str, **fields) -> None:
    session.add(EntryEvent(entry_id=entry_id, action=action, actor_id=actor, **fields))


def _pending(session: OrmSession, entry_id: str) -> EntryRevision | None:
    return session.exec(
        select(EntryRevision)
        .where(EntryRevision.entry_id == entry_id, EntryRevision.status == "pending")
        .order_by(EntryRevision.id.desc())
    ).first()


def _supersede(session: OrmSession, entry_id: str, actor: str, now: dt.datetime) -> None:
    """Pending revisions of the entry are replaced by what is done now."""
    waiting = session.exec(
        select(EntryRevision.id).where(
            EntryRevision.entry_id == entry_id, EntryRevision.status == "pending"
        )
    ).all()
    for revision_id in waiting:
        done = session.execute(
            update(EntryRevision)
            .where(EntryRevision.id == revision_id, EntryRevision.status == "pending")
            .values(status="superseded", decided_by=actor, decided_at=now)
        )
        if done.rowcount:
            _record(session, entry_id, "supersede", actor, revision_id=revision_id, at=now)


def _last_change(session: OrmSession, entry_id: str) -> EntryEvent | None:
    return session.exec(
        select(EntryEvent)
        .where(
            EntryEvent.entry_id == entry_id,
            EntryEvent.action.in_(["propose", "reject", "retire"]),
        )
        .order_by(EntryEvent.id.desc())
    ).first()


def _conflict(session: OrmSession, entry_id: str, retired: bool) -> Conflict:
    last = _last_change(session, entry_id)
    who = f" by <@{last.actor_id}>" if last else ""
    if retired:
        return Conflict(f"This entry was retired{who} while you were editing it.")
    what = {"propose": "changed", "reject": "changed (a change was rejected)"}.get(
        last.action if last else "", "changed"
    )
    return Conflict(
        f"This entry was {what}{who} while you were editing it. Nothing was saved: close "
        "this form and press Edit again to start from the new version."
    )


def conflict(engine: Engine, entry_id: str) -> Conflict:
    """Why an edit form opened before the entry's last change is refused."""
    with Session(engine) as session:
        state = session.get(EntryState, entry_id)
        return _conflict(session, entry_id, state is not None and state.retired_on is not None)


@dataclass(frozen=True)
class Head:
    """What an edit form opens with: the pending revision if there is one, else the entry as
    served, and the version to carry."""

    entry: Entry
    version: int
    pending: EntryRevision | None
    retired: bool


def head(engine: Engine, base: Entry) -> Head:
    with Session(engine) as session:
        state = session.get(EntryState, base.id)
        pending = _pending(session, base.id)
    served = serve(base, state)
    retired = served is None
    entry = Entry.model_validate(pending.after) if pending else (served or base)
    return Head(entry, state.version if state else 0, pending, retired)


def propose(
    *, engine: Engine, base: Entry, version: int, after: Entry, author_id: str
) -> EntryRevision:
    """Store a change for approval; raise Conflict when the entry changed since `version`.
    A pending revision of the entry is superseded by this one (which was built on it)."""
    now = utcnow()
    with Session(engine) as session:
        state = _ensure_state(session, base.id)
        if state.retired_on is not None or state.version != version:
            raise _conflict(session, base.id, state.retired_on is not None)
        pending = _pending(session, base.id)
        served = serve(base, state) or base
        before = pending.after if pending else content_of(served)
        moved = session.execute(
            update(EntryState)
            .where(EntryState.entry_id == base.id, EntryState.version == version)
            .values(version=EntryState.version + 1, updated_at=now)
        )
        if moved.rowcount != 1:
            session.rollback()
            with Session(engine) as fresh:
                raise _conflict(fresh, base.id, retired=False)
        _supersede(session, base.id, author_id, now)
        revision = EntryRevision(
            entry_id=base.id, before=before, after=content_of(after), author_id=author_id
        )
        session.add(revision)
        session.flush()
        _record(
            session,
            base.id,
            "propose",
            author_id,
            revision_id=revision.id,
            before=before,
            after=revision.after,
            at=now,
        )
        session.commit()
        session.refresh(revision)
        return revision


@dataclass(frozen=True)
class Decided:
    revision: EntryRevision
    entry: Entry | None  # as now served (None: rejected)


def _decide(
    session: OrmSession, revision_id: int, status: str, actor_id: str, at: dt.datetime
) -> EntryRevision | None:
    """Take a pending revision to `status`, in a conditional update: of two decisions at once,
    only one finds it pending. None (rolled back) when it is not pending any more."""
    revision = session.get(EntryRevision, revision_id)
    if revision is None or revision.status != "pending":
        return None
    _ensure_state(session, revision.entry_id)
    decided = session.execute(
        update(EntryRevision)
        .where(EntryRevision.id == revision_id, EntryRevision.status == "pending")
        .values(status=status, decided_by=actor_id, decided_at=at)
    )
    if decided.rowcount != 1:
        session.rollback()
        return None
    return revision


def approve(
    *, engine: Engine, revision_id: int, approver_id: str, base_of: Callable[[str], Entry | None]
) -> Decided | None:
    """Serve a pending revision from now on, in every process; approving is reviewing, so the
    entry reads as reviewed today. None when the revision is not pending any more."""
    now = utcnow()
    today = now.date()
    with Session(engine) as session:
        revision = _decide(session, revision_id, "approved", approver_id, now)
        if revision is None:
            return None
        base = base_of(revision.entry_id)
        served = serve(base, _ensure_state(session, revision.entry_id)) if base else None
        before = content_of(served) if served else revision.before
        after = as_reviewed(revision.after, today)
        entry = Entry.model_validate(after)
        session.execute(
            update(EntryState)
            .where(EntryState.entry_id == revision.entry_id)
            .values(
                content=after,
                merged=False,
                reviewed_on=today,
                reviewed_by=approver_id,
                updated_at=now,
            )
        )
        _record(
            session,
            revision.entry_id,
            "approve",
            approver_id,
            revision_id=revision_id,
            before=before,
            after=after,
            at=now,
        )
        session.commit()
        session.refresh(revision)
        return Decided(revision, entry)


def reject(*, engine: Engine, revision_id: int, actor_id: str) -> Decided | None:
    """Drop a pending revision; a form built on it is refused from now on."""
    now = utcnow()
    with Session(engine) as session:
        if (revision := _decide(session, revision_id, "rejected", actor_id, now)) is None:
            return None
        session.execute(
            update(EntryState)
            .where(EntryState.entry_id == revision.entry_id)
            .values(version=EntryState.version + 1, updated_at=now)
        )
        _record(session, revision.entry_id, "reject", actor_id, revision_id=revision_id, at=now)
        session.commit()
        session.refresh(revision)
        return Decided(revision, None)


def record_review(*, engine: Engine, base: Entry, reviewer_id: str) -> Entry | None:
    """ "Still correct": the entry reads as reviewed today, by whom is kept. None when the
    entry was retired."""
    now = utcnow()
    with Session(engine) as session:
        state = _ensure_state(session, base.id)
        before = serve(base, state)
        reviewed = session.execute(
            update(EntryState)
            .where(EntryState.entry_id == base.id, EntryState.retired_on.is_(None))
            .values(reviewed_on=now.date(), reviewed_by=reviewer_id, updated_at=now)
        )
        if before is None or reviewed.rowcount != 1:
            session.rollback()
            return None
        after = as_reviewed(content_of(before), now.date())
        _record(
            session,
            base.id,
            "review",
            reviewer_id,
            before=content_of(before),
            after=after,
            at=now,
        )
        session.commit()
        return Entry.model_validate(after)


def retire(*, engine: Engine, base: Entry, actor_id: str) -> bool:
    """Take the entry out of answers, in every process; its id stays taken. False when it was
    retired already."""
    now = utcnow()
    with Session(engine) as session:
        state = _ensure_state(session, base.id)
        before = serve(base, state)
        retired = session.execute(
            update(EntryState)
            .where(EntryState.entry_id == base.id, EntryState.retired_on.is_(None))
            .values(
                retired_on=now.date(),
                retired_by=actor_id,
                version=EntryState.version + 1,
                updated_at=now,
            )
        )
        if retired.rowcount != 1:
            session.rollback()
            return False
        _supersede(session, base.id, actor_id, now)
        content = content_of(before) if before else None
        _record(
            session,
            base.id,
            "retire",
            actor_id,
            before=content,
            after={**content, "retired": now.date().isoformat()} if content else None,
            at=now,
        )
        session.commit()
        return True


# -- reading --------------------------------------------------------------------------------


def pending_revisions(engine: Engine) -> list[EntryRevision]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(EntryRevision)
                .where(EntryRevision.status == "pending")
                .order_by(EntryRevision.id)
            ).all()
        )


def get(engine: Engine, revision_id: int) -> EntryRevision | None:
    with Session(engine) as session:
        return session.get(EntryRevision, revision_id)


def events(engine: Engine, entry_id: str) -> list[EntryEvent]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(EntryEvent).where(EntryEvent.entry_id == entry_id).order_by(EntryEvent.id)
            ).all()
        )
