"""The matcher the bot answers with: the YAML knowledge base plus the approved drafts, with what
staff changed from Slack applied (approved revisions, reviews, retirements).

Every change of a draft or of an entry moves a version in the shared database. Each process
reads that version (one indexed read) before it answers, and rebuilds its index when it moved,
so an approved draft or revision is served, and a retired entry dropped, in every process at
once, without a restart.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.core.models import DraftEntry, EntryEvent
from bot.curation import drafts, revisions
from knowledge.index import BUNDLED_DIR, KnowledgeIndex
from knowledge.matcher import Matcher
from knowledge.schema import Entry, load_entries

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 0.0  # the version is read before every question
RETRY_AFTER_ERROR_SECONDS = 1.0  # the database is down: the index in hand answers meanwhile

# Drafts change their updated_at when decided; entry events are never deleted, so their count
# moves with every change, even one committed after a change with a higher id.
_VERSION = select(
    select(func.count(DraftEntry.id)).scalar_subquery(),
    select(func.max(DraftEntry.updated_at)).scalar_subquery(),
    select(func.count(EntryEvent.id)).scalar_subquery(),
    select(func.max(EntryEvent.id)).scalar_subquery(),
)


@functools.lru_cache(maxsize=4)
def matcher_for(entries: tuple[Entry, ...]) -> Matcher:
    """A matcher over these entries. Built once for the same entries: several deployments in
    one process (the shell's, the tests') share it, and a rebuild with nothing changed from
    Slack costs nothing. Entries are frozen, and the index is never changed once built."""
    return Matcher(KnowledgeIndex.build(entries))


def version(engine: Engine) -> tuple:
    """Moves whenever a draft or an entry is changed from Slack."""
    with engine.connect() as connection:
        return tuple(connection.execute(_VERSION).one())


class LiveKnowledge:
    """Hands out the current matcher, rebuilt when drafts or entries change."""

    def __init__(
        self, entries: Sequence[Entry], engine: Engine | None, retired: Sequence[str] = ()
    ) -> None:
        self.entries = tuple(e for e in entries if e.retired is None)  # the YAML, as loaded
        # Every id the knowledge files use, retired ones too: none is given to a new draft.
        self.entry_ids = frozenset([*(e.id for e in entries), *retired])
        self.engine = engine
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._next_check = 0.0
        self._base: dict[str, Entry] = {e.id: e for e in self.entries}
        self._matcher = matcher_for(self.entries)
        self.current()

    @classmethod
    def load(cls, folder: Path | None, engine: Engine | None) -> LiveKnowledge:
        return cls(load_entries(folder or BUNDLED_DIR, retired=True), engine)

    def current(self) -> Matcher:
        """The matcher to answer with now; rebuilt first if anything changed since."""
        if self.engine is None or time.monotonic() < self._next_check:
            return self._matcher
        self._next_check = time.monotonic() + CHECK_EVERY_SECONDS
        try:
            found = version(self.engine)
            if found != self._version:
                with self._lock:  # one rebuild; the others wait for it rather than answer stale
                    if found != self._version:
                        self._rebuild(found)
        except SQLAlchemyError as error:
            # The database is down: answering from the last good index beats not answering.
            self._next_check = time.monotonic() + RETRY_AFTER_ERROR_SECONDS
            log.warning("could not check the knowledge base's changes: %s", error)
        return self._matcher

    def refresh(self) -> Matcher:
        """The current matcher, checked now: after this process changed a draft or an entry."""
        self._next_check = 0.0
        return self.current()

    def base(self, entry_id: str) -> Entry | None:
        """The entry as the files (or its approved draft) have it, before changes from Slack;
        None for an id that is neither."""
        self.current()
        return self._base.get(entry_id)

    def _rebuild(self, found: tuple) -> None:
        # An approved draft whose id is now in the YAML knowledge base was merged: YAML wins.
        extra = [e for e in drafts.approved_entries(self.engine) if e.id not in self.entry_ids]
        base = [*self.entries, *extra]
        changed = revisions.states(self.engine)
        self._base = {e.id: e for e in base}
        self._matcher = matcher_for(tuple(revisions.apply(base, changed)))
        self._version = found
        log.info(
            "knowledge index rebuilt: %d approved draft(s), %d entr(ies) changed from Slack",
            len(extra),
            len(changed),
        )
        revisions.mark_merged(self.engine, self.entries, changed)
