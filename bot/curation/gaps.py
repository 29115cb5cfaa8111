"""Knowledge gaps: what partners asked that the bot could not answer, or whose answer they found
"Not helpful"; near-duplicates grouped; answered once by staff, for every asker.

The answer loop: staff answer a gap -> a draft entry is stored and the gap's questions are
claimed in one transaction (so two staff members never both answer the same askers) -> the
answer is posted to each asker's thread, or by direct message.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import ColumnElement, Engine, and_, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.models import DraftEntry, Question, utcnow
from bot.curation import drafts, ratings

log = logging.getLogger(__name__)

NEAR_DUPLICATE = 85.0  # token_sort_ratio of two normalised questions that ask the same thing
GAP_WINDOW = 1000  # the most recent open questions considered, so the Home tab stays quick
CLAIM_ATTEMPTS = 3  # a draft id taken by another process at the same moment: try the next one
# Words that change no question's meaning, dropped before comparing.
FILLER = frozenset(
    {
        *("a", "an", "the", "is", "are", "was", "be", "do", "does", "did", "please"),
        *("i", "we", "you", "me", "us", "my", "our", "your", "it", "this", "that"),
        *("to", "of", "for", "in", "on", "at", "can", "could", "would", "should"),
    }
)
# Where the asker saw the bot's answer, so the staff answer can go to the same place.
THREADED_SURFACES = frozenset({"mention", "dm", "assistant", "shell"})


@dataclass(frozen=True)
class GapQuestion:
    id: int
    text: str
    user_id: str
    asked_at: dt.datetime
    answered: bool  # answered, then rated "Not helpful"
    not_helpful: int  # its ratings that are "Not helpful"


@dataclass(frozen=True)
class Gap:
    """Near-duplicate open questions; the first asked is the anchor the others resemble."""

    questions: tuple[GapQuestion, ...]

    @property
    def anchor(self) -> GapQuestion:
        return self.questions[0]

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def askers(self) -> int:
        return len({q.user_id for q in self.questions})

    @property
    def unanswered(self) -> int:
        return sum(not q.answered for q in self.questions)

    @property
    def not_helpful(self) -> int:
        return sum(q.not_helpful for q in self.questions)

    @property
    def last_asked(self) -> dt.datetime:
        return max(q.asked_at for q in self.questions)

    @property
    def phrasings(self) -> tuple[str, ...]:
        return drafts.sample_questions(q.text for q in self.questions)


def normalise(text: str) -> str:
    """Lower case, no punctuation, no filler words: what two askers' wordings are compared on."""
    words = utils.default_process(text).split()
    return " ".join([w for w in words if w not in FILLER] or words)


def near(a: str, b: str) -> bool:
    """Two normalised questions ask the same thing."""
    return fuzz.token_sort_ratio(a, b) >= NEAR_DUPLICATE


def group(questions: Iterable[GapQuestion]) -> list[Gap]:
    """Near-duplicates together (each joins the closest earlier anchor), largest gap first."""
    anchors: list[str] = []
    members: list[list[GapQuestion]] = []
    for question in sorted(questions, key=lambda q: (q.asked_at, q.id)):
        text = normalise(question.text)
        found = process.extractOne(
            text, anchors, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_DUPLICATE
        )
        if found is None:
            anchors.append(text)
            members.append([question])
        else:
            members[found[2]].append(question)
    gaps = [Gap(tuple(m)) for m in members]
    return sorted(gaps, key=lambda g: (-g.count, -g.last_asked.timestamp(), g.anchor.id))


def _is_open() -> ColumnElement[bool]:
    """Not resolved by staff, and the bot could not answer it or someone's rating of one of its
    cards is "Not helpful" (ratings: bot.curation.ratings, as `partnerbot report` counts them)."""
    return and_(
        Question.resolved_at.is_(None),
        or_(Question.answered == False, ratings.rated_not_helpful(Question.id)),  # noqa: E712
    )


def _open_questions(session: Session, *, limit: int, ids: Sequence[int] = ()) -> list[GapQuestion]:
    """Open questions: the newest `limit`, or the ones named by `ids`."""
    query = select(Question, ratings.not_helpful_count(Question.id)).where(_is_open())
    if ids:
        query = query.where(Question.id.in_(list(ids)))
    query = query.order_by(Question.asked_at.desc(), Question.id.desc()).limit(limit)
    return [
        GapQuestion(q.id, q.text, q.user_id, q.asked_at, q.answered, unhelpful)
        for q, unhelpful in session.exec(query).all()
    ]


def top_gaps(*, engine: Engine, limit: int = 10) -> tuple[list[Gap], int]:
    """The largest gaps among the newest open questions, and how many are open in all."""
    with Session(engine) as session:
        questions = _open_questions(session, limit=GAP_WINDOW)
        total = session.exec(select(func.count(Question.id)).where(_is_open())).one()
    return group(questions)[:limit], total


def gap_for(*, engine: Engine, anchor_id: int) -> Gap | None:
    """The anchor, if still open, with every open question near it; None once answered."""
    with Session(engine) as session:
        anchor = _open_questions(session, limit=1, ids=[anchor_id])
        if not anchor:
            return None
        others = _open_questions(session, limit=GAP_WINDOW)
    key = normalise(anchor[0].text)
    alike = [q for q in others if q.id != anchor_id and near(key, normalise(q.text))]
    return Gap((anchor[0], *sorted(alike, key=lambda q: (q.asked_at, q.id))))


@dataclass(frozen=True)
class Answered:
    draft: DraftEntry
    questions: list[Question]  # the askers this answer is for


def answer_gap(
    *,
    engine: Engine,
    anchor_id: int,
    draft: drafts.DraftInput,
    author_id: str,
    knowledge_ids: Iterable[str],
) -> Answered | None:
    """Store the staff answer as a draft and claim the gap's questions for it, in one
    transaction; None when the anchor was answered already (by someone else, just now)."""
    gap = gap_for(engine=engine, anchor_id=anchor_id)
    if gap is None:
        return None
    ids = [q.id for q in gap.questions]
    known = frozenset(knowledge_ids)
    for _ in range(CLAIM_ATTEMPTS):
        try:
            return _claim(engine, anchor_id, ids, draft, author_id, known)
        except IntegrityError:
            continue  # another process took the same entry id at the same moment
    raise RuntimeError("could not find a free id for the draft entry")


def _claim(
    engine: Engine,
    anchor_id: int,
    ids: list[int],
    draft: drafts.DraftInput,
    author_id: str,
    knowledge_ids: frozenset[str],
) -> Answered | None:
    with Session(engine) as session:
        row = drafts.add(session, draft=draft, author_id=author_id, knowledge_ids=knowledge_ids)
        session.execute(
            update(Question)
            .where(Question.id.in_(ids), Question.resolved_at.is_(None))
            .values(resolved_at=utcnow(), draft_id=row.id)
        )
        claimed = list(session.exec(select(Question).where(Question.draft_id == row.id)).all())
        if anchor_id not in {q.id for q in claimed}:
            session.rollback()
            return None
        session.commit()
        session.refresh(row)
        for question in claimed:
            session.refresh(question)
        return Answered(row, claimed)


@dataclass(frozen=True)
class ReplyTarget:
    """Where one asker hears the staff answer: their thread, their DM, or a new DM."""

    channel: str
    thread_ts: str | None
    question: str  # what they asked, quoted in the reply


def reply_targets(questions: Iterable[Question]) -> list[ReplyTarget]:
    """One reply per thread or DM, even when an asker asked twice there."""
    targets: dict[tuple[str, str | None], ReplyTarget] = {}
    for question in sorted(questions, key=lambda q: q.id or 0):
        if question.surface in THREADED_SURFACES and question.channel_id:
            key = (question.channel_id, question.thread_ts)
        else:
            # A /ci answer was visible only to the asker: a direct message reaches them again.
            key = (question.user_id, None)
        targets.setdefault(key, ReplyTarget(key[0], key[1], question.text))
    return list(targets.values())


Message = Callable[[str], tuple[list[dict], str]]


def send_answer(
    client: WebClient, targets: Iterable[ReplyTarget], message: Message
) -> tuple[int, list[str]]:
    """Post the answer to each target; `message(question)` gives (blocks, text). Returns how
    many were sent and the channels Slack refused (logged, the others still get theirs)."""
    sent, refused = 0, []
    for target in targets:
        blocks, text = message(target.question)
        try:
            client.chat_postMessage(
                channel=target.channel, thread_ts=target.thread_ts, blocks=blocks, text=text
            )
            sent += 1
        except SlackApiError as error:
            log.warning(
                "could not send the staff answer to %s: %s",
                target.channel,
                error.response.get("error"),
            )
            refused.append(target.channel)
    return sent, refused
