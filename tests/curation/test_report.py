"""Usage figures: `partnerbot report [--json]` on a known data set, on both databases, and the
pure summary behind it."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine
from sqlmodel import Session

from bot.cli import main
from bot.core.models import Feedback, Question, utcnow
from bot.curation import report


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


# (asked, text, answered by entry, ratings as (user, helpful) clicks in order, resolved by staff)
KNOWN = [
    (at("2026-11-16"), "who leads the dams sector", "sector-dams", [("U1", True)], False),
    # U2 changed their mind: only the last click counts
    (at("2026-11-17"), "dams contact", "sector-dams", [("U2", False), ("U2", True)], False),
    (at("2026-11-22", 23), "what is the weather like today", None, [], False),
    (at("2026-11-23", 0), "energy lead", "sector-energy", [("U4", False), ("U5", False)], False),
    (at("2026-11-25"), "is the dams sector hiring", None, [], False),
    (at("2026-11-26"), "what is cipac", "body-cipac", [], False),  # an entry of no sector
    (at("2026-11-27"), "parking at the summit", None, [], True),
]
FIGURES = ("asked", "answered", "abstained", "resolved_by_staff", "helpful", "not_helpful")


def figures(*values, ratio) -> dict:
    return {**dict(zip(FIGURES, values, strict=True)), "helpful_ratio": ratio}


EXPECTED = {
    "since": None,
    **figures(7, 4, 3, 1, 2, 2, ratio=0.5),
    "by_sector": [
        {"sector": "dams", **figures(3, 2, 1, 0, 2, 0, ratio=1.0)},
        {"sector": "energy", **figures(1, 1, 0, 0, 0, 2, ratio=0.0)},
        {"sector": None, **figures(3, 1, 2, 1, 0, 0, ratio=None)},
    ],
    "by_week": [
        {"week": "2026-W47", **figures(3, 2, 1, 0, 2, 0, ratio=1.0)},
        {"week": "2026-W48", **figures(4, 2, 2, 1, 0, 2, ratio=0.0)},
    ],
}


def store(engine: Engine, rows) -> None:
    with Session(engine) as session:
        for number, (asked, text, entry_id, ratings, resolved) in enumerate(rows):
            question = Question(
                asked_at=asked,
                user_id=f"UASK{number}",
                surface="dm",
                text=text,
                answered=entry_id is not None,
                entry_id=entry_id,
                resolved_at=asked + dt.timedelta(days=1) if resolved else None,
            )
            session.add(question)
            session.flush()
            for user, helpful in ratings:
                session.add(Feedback(question_id=question.id, user_id=user, helpful=helpful))
        session.commit()


def test_report_json_on_a_known_data_set(engine, capsys):
    store(engine, KNOWN)
    assert main(["report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_report_text_reads_the_same_figures(engine, capsys):
    store(engine, KNOWN)
    assert main(["report"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "Questions: 7 asked, 4 answered (57 %), 3 abstained, 1 answered later by staff; "
        "helpful 50 % of 4 rating(s)"
    )
    assert (
        "  Dams Sector: 3 asked, 2 answered (67 %), 1 abstained; helpful 100 % of 2 rating(s)"
        in out
    )
    assert (
        "  (no sector): 3 asked, 1 answered (33 %), 2 abstained, 1 answered later by staff" in out
    )
    assert (
        "  2026-W48: 4 asked, 2 answered (50 %), 2 abstained, 1 answered later by staff; "
        "helpful 0 % of 2 rating(s)" in out
    )


def test_report_weeks_counts_only_the_recent_questions(engine, capsys):
    now = utcnow()
    store(
        engine,
        [
            (now - dt.timedelta(days=2), "who leads the dams sector", "sector-dams", [], False),
            (now - dt.timedelta(days=40), "what is cipac", "body-cipac", [], False),
        ],
    )
    assert main(["report", "--json", "--weeks", "2"]) == 0
    recent = json.loads(capsys.readouterr().out)
    assert (recent["asked"], recent["since"][:4]) == (1, str((now - dt.timedelta(weeks=2)).year))
    assert main(["report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["asked"] == 2


def test_an_empty_database_reports_zeroes_and_no_ratio(engine, capsys):
    assert main(["report", "--json"]) == 0
    empty = json.loads(capsys.readouterr().out)
    assert (empty["asked"], empty["helpful_ratio"], empty["by_week"]) == (0, None, [])


def test_summarise_counts_each_question_once_in_total_sector_and_week():
    asked = [
        report.Asked(at("2026-12-28"), True, "dams", (True, False)),
        report.Asked(at("2027-01-03"), False, None, ()),  # ISO week 53 of 2026
        report.Asked(at("2027-01-04"), False, "dams", (), resolved=True),
    ]
    summary = report.summarise(asked)
    assert summary.total.as_dict() == figures(3, 1, 2, 1, 1, 1, ratio=0.5)
    assert [(w, f.asked) for w, f in summary.weeks()] == [("2026-W53", 2), ("2027-W01", 1)]
    assert [(s, f.asked) for s, f in summary.sectors()] == [("dams", 2), (None, 1)]
