"""The matcher the bot answers with: the YAML knowledge base plus the approved drafts.

Approving a draft in any process changes the drafts' version in the shared database; each
process checks that version (one cheap query, at most once a second) before it answers, and
rebuilds its index when it moved, so an approved draft is served within a second everywhere
without a restart, and at once by the process that approved it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.curation import drafts
from knowledge.index import BUNDLED_DIR, KnowledgeIndex
from knowledge.matcher import Matcher
from knowledge.schema import Entry, load_entries

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 1.0  # questions in between are answered from the index in hand


class LiveKnowledge:
    """Hands out the current matcher, rebuilt when the approved drafts change."""

    def __init__(self, entries: Sequence[Entry], engine: Engine | None) -> None:
        self.entries = tuple(entries)  # the YAML knowledge base, as loaded at start
        self.entry_ids = frozenset(e.id for e in self.entries)
        self.engine = engine
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._next_check = 0.0
        self._matcher = Matcher(KnowledgeIndex.build(self.entries))
        self.current()

    @classmethod
    def load(cls, folder: Path | None, engine: Engine | None) -> LiveKnowledge:
        return cls(load_entries(folder or BUNDLED_DIR), engine)

    def current(self) -> Matcher:
        """The matcher to answer with now; rebuilt first if drafts changed since the last call."""
        if self.engine is None or time.monotonic() < self._next_check:
            return self._matcher
        self._next_check = time.monotonic() + CHECK_EVERY_SECONDS
        try:
            version = drafts.version(self.engine)
            if version != self._version:
                with self._lock:  # one rebuild; the others wait for it rather than answer stale
                    if version != self._version:
                        self._rebuild(version)
        except SQLAlchemyError as error:
            # The database is down: answering from the last good index beats not answering.
            log.warning("could not check the draft entries: %s", error)
        return self._matcher

    def refresh(self) -> Matcher:
        """The current matcher, checked now: after this process approved or discarded a draft."""
        self._next_check = 0.0
        return self.current()

    def _rebuild(self, version: tuple) -> None:
        # An approved draft whose id is now in the YAML knowledge base was merged: YAML wins.
        extra = [e for e in drafts.approved_entries(self.engine) if e.id not in self.entry_ids]
        self._matcher = Matcher(KnowledgeIndex.build([*self.entries, *extra]))
        self._version = version
        log.info("knowledge index rebuilt with %d approved draft(s)", len(extra))
