"""One rule for ratings, counted the same by the Home tab's knowledge gaps and by `partnerbot
report`: each person's last click on one card (a question and the entry shown on it)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bot.core.models import Feedback, Question
from bot.curation import gaps, report
from knowledge.index import load_index

# clicks as (user, entry shown on the card, helpful), in order -> (helpful, not helpful)
SCENARIOS = {
    "one Not helpful": ([("U1", "sector-dams", False)], (0, 1)),
    "a mind changed on the same card": (
        [("U1", "sector-dams", False), ("U1", "sector-dams", True)],
        (1, 0),
    ),
    "Helpful on the card swapped in, then Not helpful on the first card": (
        [("U1", "sector-energy", True), ("U1", "sector-dams", False)],
        (1, 1),
    ),
    "two people": ([("U1", "sector-dams", False), ("U2", "sector-dams", False)], (0, 2)),
    "a click from before cards named their entry, then one on the card": (
        [("U1", None, True), ("U1", "sector-dams", False)],
        (1, 1),
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_home_and_report_count_the_same_ratings(name, engine):
    clicks, (helpful, not_helpful) = SCENARIOS[name]
    with Session(engine) as session:
        asked = Question(
            user_id="U1", surface="dm", text="who leads dams", answered=True, entry_id="sector-dams"
        )
        session.add(asked)
        session.flush()
        for user, entry_id, rated in clicks:
            session.add(
                Feedback(question_id=asked.id, user_id=user, helpful=rated, entry_id=entry_id)
            )
        session.commit()

    figures = report.usage(engine=engine, index=load_index(None)).total
    assert (figures.helpful, figures.not_helpful) == (helpful, not_helpful)
    top, open_questions = gaps.top_gaps(engine=engine)
    assert sum(gap.not_helpful for gap in top) == not_helpful  # what Home shows
    assert open_questions == (1 if not_helpful else 0)
