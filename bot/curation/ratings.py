"""Ratings: what the Home tab's knowledge gaps and `partnerbot report` both count, by one rule.

A rating is one person's last Helpful / Not helpful click on one answer card, a card being a
question and the entry shown on it. Clicking again on the same card replaces that person's
rating; a click on another card of the same question (the card first shown, or the entry a
"Did you mean" swapped in) is a rating of that other entry. A click stored before cards named
their entry counts for the entry the question had then.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from bot.core.models import Feedback, Question

_later = aliased(Feedback)


def _is_last() -> ColumnElement[bool]:
    """No later click by the same person on the same card."""
    return ~exists().where(
        _later.question_id == Feedback.question_id,
        _later.user_id == Feedback.user_id,
        _later.entry_id.is_not_distinct_from(Feedback.entry_id),
        _later.id > Feedback.id,
    )


def not_helpful_count(question_id: ColumnElement[int]) -> ColumnElement[int]:
    """How many ratings of a question are "Not helpful" (a correlated subquery)."""
    return (
        select(func.count(Feedback.id))
        .where(Feedback.question_id == question_id, Feedback.helpful == False, _is_last())  # noqa: E712
        .scalar_subquery()
    )


def rated_not_helpful(question_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Someone's rating of one of the question's cards is "Not helpful"."""
    return exists().where(
        Feedback.question_id == question_id,
        Feedback.helpful == False,  # noqa: E712
        _is_last(),
    )


def by_question(session: Session, since: dt.datetime | None = None) -> dict[int, list[bool]]:
    """Question id -> its ratings (True: "Helpful"), for questions asked since `since`."""
    query = select(Feedback.question_id, Feedback.helpful).where(_is_last())
    if since is not None:
        query = query.join(Question, Question.id == Feedback.question_id).where(
            Question.asked_at >= since
        )
    found: dict[int, list[bool]] = {}
    for question_id, helpful in session.execute(query.order_by(Feedback.id)):
        found.setdefault(question_id, []).append(helpful)
    return found
