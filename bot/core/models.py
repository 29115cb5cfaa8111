"""Every table of partnerbot, in one place."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    """A time read back from SQLite (which keeps no time zone) as the UTC time it was."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Question(SQLModel, table=True):
    """A question a partner asked, what the bot answered, and where (for follow-ups)."""

    # An answer Slack refused is read and recorded again when the inbox retries its message:
    # the message's key and the question's place in it keep that one question.
    __table_args__ = (Index("ux_question_message_part", "message_key", "part", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    asked_at: dt.datetime = Field(default_factory=utcnow, index=True)
    user_id: str = Field(index=True)
    channel_id: str | None = None
    thread_ts: str | None = None
    surface: str  # mention | dm | command | shell
    text: str
    answered: bool = Field(index=True)
    entry_id: str | None = Field(default=None, index=True)
    score: float = 0.0
    swapped: bool = False  # the asker picked a "Did you mean" entry instead
    # Staff answered it (a knowledge gap no more): when, and with which draft entry.
    resolved_at: dt.datetime | None = None
    draft_id: int | None = Field(default=None, foreign_key="draftentry.id", index=True)
    message_key: str | None = None  # the Slack message (channel/ts) or command (trigger id)
    part: int = 0  # which question of the message (up to three)


class DraftEntry(SQLModel, table=True):
    """A knowledge entry staff wrote in answer to a knowledge gap: served by the matcher once
    approved, exported as YAML for review into knowledge/ (where the YAML then takes over)."""

    __table_args__ = (UniqueConstraint("entry_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: str  # the knowledge entry's id, unique across the knowledge base and the drafts
    title: str
    answer: str
    sector: str | None = None
    source_url: str | None = None
    questions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="draft", index=True)  # draft | approved | discarded
    author_id: str
    approver_id: str | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    approved_at: dt.datetime | None = None


class Feedback(SQLModel, table=True):
    """A "Helpful" / "Not helpful" click on an answer card."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    user_id: str
    helpful: bool
    entry_id: str | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A channel's subscription to one sector: alerts, a digest, and AMBER clearance."""

    __table_args__ = (UniqueConstraint("channel_id", "sector"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(index=True)
    sector: str = Field(index=True)
    alerts: bool = True
    digest: str | None = None  # daily | weekly
    digest_always: bool = False  # send the digest even when nothing is new
    amber: bool = False  # cleared by staff for TLP:AMBER and AMBER+STRICT
    created_by: str
    created_at: dt.datetime = Field(default_factory=utcnow)


class Alert(SQLModel, table=True):
    """An information-sharing alert, stored before anything is posted."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    details: str
    sectors: list[str] = Field(sa_column=Column(JSON, nullable=False))
    tlp: str  # CLEAR | GREEN | AMBER | AMBER+STRICT | RED
    source_url: str | None = None
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", index=True)  # pending | published | rejected | retracted
    author_id: str
    reviewer_id: str | None = None
    review_reason: str | None = None
    review_channel: str | None = None
    review_ts: str | None = None
    # The publisher's receipt (a direct message): refreshed when a delivery ends for good.
    receipt_channel: str | None = None
    receipt_ts: str | None = None
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    published_at: dt.datetime | None = Field(default=None, index=True)


class Delivery(SQLModel, table=True):
    """One (alert, destination) row of the outbox: what was posted where, or still has to be."""

    __table_args__ = (
        UniqueConstraint("alert_id", "destination"),
        Index("ix_delivery_due", "status", "next_attempt_at", "id"),  # the outbox's claim
    )

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    destination: str  # a channel id, or a user id for TLP:RED direct messages
    direct: bool = False
    # pending | sending | sent | withheld | failed (never posted) | update_failed (posted, but
    # an edit or retraction could not reach the copy)
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utcnow, index=True)
    last_error: str | None = None
    posted_channel: str | None = None
    message_ts: str | None = None
    stale: bool = False  # the alert changed after it was posted: the copy needs chat.update
    updated_at: dt.datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Every staff decision on an alert: who, what, when, and the alert before and after."""

    __table_args__ = (Index("ux_auditevent_submission", "submission", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    actor_id: str
    action: str  # publish | submit | approve | reject | edit | retract
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    # The Slack form submission the decision came from (its view's id and hash): taken once,
    # however often Slack delivers it. None for a button click or a command.
    submission: str | None = None


class InboxEvent(SQLModel, table=True):
    """A question Slack delivered (an event, or a `/ci` question), stored before the ack and
    answered by an inbox worker. Its event_id is the key: a redelivery (a retry, a restart,
    another process) is not stored again, so it is never answered twice."""

    __table_args__ = (Index("ix_inboxevent_due", "status", "next_attempt_at"),)

    event_id: str = Field(primary_key=True)
    received_at: dt.datetime = Field(default_factory=utcnow)
    # pending | working | done | failed (still unanswered after hours: staff see it, and it is
    # still tried) | dropped (can never be answered: the channel is gone, say)
    status: str = "pending"
    # The request body, until answered: it names the asker and their words, so it goes then.
    body: str | None = None
    claimed_at: dt.datetime | None = None
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utcnow)  # a retry waits until then
    last_error: str | None = None


class DigestLedger(SQLModel, table=True):
    """One row per (channel, period), written before a digest is sent: never a second one."""

    __table_args__ = (UniqueConstraint("channel_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(index=True)
    period: str  # "daily:2026-11-24" or "weekly:2026-W48"
    status: str = "sending"  # sending | sent | failed | withheld
    # While `sending`: when its sender last showed it is alive (the lease; a row whose lease ran
    # out lost its sender, and the next run takes it over).
    claimed_at: dt.datetime | None = None
    items: int = 0
    parts_sent: int = 0  # messages of a split digest already posted: a retry goes on from there
    created_at: dt.datetime = Field(default_factory=utcnow)
    sent_at: dt.datetime | None = None
    message_ts: str | None = None
    last_error: str | None = None


class Conversation(SQLModel, table=True):
    """What a thread or a DM is about, so a follow-up ("and for water?") is read against it:
    the sector, topic and entry answered last, and the few answered before. A DM's messages
    outside any thread share the key thread "" (one conversation per DM)."""

    channel_id: str = Field(primary_key=True)
    thread_key: str = Field(primary_key=True)  # the thread's ts, "" for a DM's main timeline
    sector: str | None = None
    topic: str | None = None
    entry_id: str | None = None
    # The entries answered before it, oldest first, space-separated ("the first one").
    earlier: str = ""
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)
    # The message that left this context, and the context it was read against: a retry of that
    # message (its answer refused by Slack) is read as it was the first time.
    message_key: str | None = None
    before_sector: str | None = None
    before_topic: str | None = None
    before_entry_id: str | None = None
    before_earlier: str = ""


class KnowledgeVersion(SQLModel, table=True):
    """The last seen content of each knowledge entry, so digests can list what changed."""

    entry_id: str = Field(primary_key=True)
    content_hash: str
    changed_at: dt.datetime = Field(default_factory=utcnow, index=True)


class EntryState(SQLModel, table=True):
    """What staff changed of one knowledge entry from Slack: the content an approved revision
    serves instead of the YAML's (or an approved draft's), the latest review, and retirement.
    `version` is the edit token: an edit form carries the version it was opened on, and a
    proposal, a rejection or a retirement moves it on, so a form opened before is refused."""

    entry_id: str = Field(primary_key=True)
    version: int = 0
    content: dict | None = Field(default=None, sa_column=Column(JSON))
    # The knowledge files now hold `content`: from then on they are served, not the content.
    merged: bool = False
    reviewed_on: dt.date | None = None
    reviewed_by: str | None = None
    retired_on: dt.date | None = None
    retired_by: str | None = None
    updated_at: dt.datetime = Field(default_factory=utcnow)


class EntryRevision(SQLModel, table=True):
    """A change of a knowledge entry proposed from Slack, served once a staff member approves
    it. One entry has at most one pending revision: a newer one supersedes it."""

    id: int | None = Field(default=None, primary_key=True)
    entry_id: str = Field(index=True)
    status: str = Field(default="pending", index=True)  # pending | approved | rejected | superseded
    before: dict = Field(sa_column=Column(JSON, nullable=False))
    after: dict = Field(sa_column=Column(JSON, nullable=False))
    author_id: str
    created_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: str | None = None
    decided_at: dt.datetime | None = None


class EntryEvent(SQLModel, table=True):
    """Every change of a knowledge entry made from Slack: who, what, when, before and after.
    Never deleted: the live knowledge counts these rows to see that something changed."""

    id: int | None = Field(default=None, primary_key=True)
    entry_id: str = Field(index=True)
    action: str  # propose | approve | reject | supersede | review | retire
    actor_id: str
    revision_id: int | None = None
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class ReviewLedger(SQLModel, table=True):
    """One row per (recipient, week), written before the weekly review message is sent; a row
    left "sending" past its lease (a crash mid-send) is taken again and goes on from the parts
    already posted."""

    __table_args__ = (UniqueConstraint("recipient", "week"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str  # user:U123 | group:S123 | team:<name> | unowned
    week: str  # "2026-W48"
    status: str = "sending"  # sending | sent | failed | gave_up
    # The entry ids of each message of the review, fixed when first claimed: a retry posts the
    # same parts, from the first one not yet sent.
    parts: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    channel: str | None = None  # where it goes: a user id (a DM) or the review channel
    parts_sent: int = 0
    attempts: int = 0  # claims so far; also the token a sender holds its claim by
    claimed_at: dt.datetime = Field(default_factory=utcnow)
    created_at: dt.datetime = Field(default_factory=utcnow)
    sent_at: dt.datetime | None = None
    last_error: str | None = None
