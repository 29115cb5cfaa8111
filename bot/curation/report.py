"""Usage figures for staff: questions asked, answered, abstained, answered later by staff, and
how helpful partners found the answers; in all, by sector and by ISO week (UTC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.core.models import DraftEntry, Question
from bot.curation import ratings
from knowledge.index import KnowledgeIndex

NO_SECTOR_LABEL = "(no sector)"


@dataclass(frozen=True)
class Asked:
    """One asked question, reduced to what the figures count."""

    asked_at: dt.datetime
    answered: bool
    sector: str | None = None
    # Its ratings (bot.curation.ratings, as the Home tab counts them): True "Helpful".
    ratings: tuple[bool, ...] = ()
    resolved: bool = False  # answered later by staff, through the knowledge-gap loop


@dataclass
class Figures:
    asked: int = 0
    answered: int = 0
    resolved: int = 0
    helpful: int = 0
    not_helpful: int = 0

    @property
    def abstained(self) -> int:
        return self.asked - self.answered

    @property
    def helpful_ratio(self) -> float | None:
        """Helpful clicks among all ratings; None before anyone rated an answer."""
        rated = self.helpful + self.not_helpful
        return round(self.helpful / rated, 3) if rated else None

    def add(self, question: Asked) -> None:
        self.asked += 1
        self.answered += question.answered
        self.resolved += question.resolved
        self.helpful += sum(question.ratings)
        self.not_helpful += len(question.ratings) - sum(question.ratings)

    def as_dict(self) -> dict:
        return {
            "asked": self.asked,
            "answered": self.answered,
            "abstained": self.abstained,
            "resolved_by_staff": self.resolved,
            "helpful": self.helpful,
            "not_helpful": self.not_helpful,
            "helpful_ratio": self.helpful_ratio,
        }


@dataclass
class UsageReport:
    total: Figures = field(default_factory=Figures)
    by_sector: dict[str | None, Figures] = field(default_factory=dict)
    by_week: dict[str, Figures] = field(default_factory=dict)

    def sectors(self) -> list[tuple[str | None, Figures]]:
        """Busiest sector first; questions of no sector last."""
        return sorted(
            self.by_sector.items(), key=lambda kv: (kv[0] is None, -kv[1].asked, kv[0] or "")
        )

    def weeks(self) -> list[tuple[str, Figures]]:
        return sorted(self.by_week.items())

    def as_dict(self) -> dict:
        """The shape of `partnerbot report --json`."""
        return {
            **self.total.as_dict(),
            "by_sector": [{"sector": s, **f.as_dict()} for s, f in self.sectors()],
            "by_week": [{"week": w, **f.as_dict()} for w, f in self.weeks()],
        }


def week_of(moment: dt.datetime) -> str:
    """The ISO week of a moment in UTC: "2026-W49"."""
    year, week, _ = moment.astimezone(dt.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def summarise(questions: Iterable[Asked]) -> UsageReport:
    report = UsageReport()
    for question in questions:
        report.total.add(question)
        report.by_sector.setdefault(question.sector, Figures()).add(question)
        report.by_week.setdefault(week_of(question.asked_at), Figures()).add(question)
    return report


def asked_questions(
    *,
    engine: Engine,
    entry_sectors: Mapping[str, str | None],
    sectors_named: Callable[[str], list[str]],
    since: dt.datetime | None = None,
) -> list[Asked]:
    """Every stored question (or those asked since), with its sector: the sector of the entry
    that answered it, else the first sector the question names."""
    query = select(Question)
    if since is not None:
        query = query.where(Question.asked_at >= since)
    with Session(engine) as session:
        rows = session.exec(query.order_by(Question.id)).all()
        rated = ratings.by_question(session, since)
    found = []
    for row in rows:
        sector = entry_sectors.get(row.entry_id) if row.answered and row.entry_id else None
        if sector is None:
            named = sectors_named(row.text)
            sector = named[0] if named else None
        found.append(
            Asked(
                asked_at=row.asked_at,
                answered=row.answered,
                sector=sector,
                ratings=tuple(rated.get(row.id, ())),
                resolved=row.resolved_at is not None,
            )
        )
    return found


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "-"


def figures_line(figures: Figures) -> str:
    """One line: "12 asked, 9 answered (75 %), 3 abstained; helpful 80 % of 5 rating(s)"."""
    line = (
        f"{figures.asked} asked, {figures.answered} answered "
        f"({percent(figures.answered, figures.asked)}), {figures.abstained} abstained"
    )
    if figures.resolved:
        line += f", {figures.resolved} answered later by staff"
    rated = figures.helpful + figures.not_helpful
    if rated:
        line += f"; helpful {percent(figures.helpful, rated)} of {rated} rating(s)"
    return line


def as_text(report: UsageReport, sector_title: Callable[[str], str] = str) -> str:
    """The readable form of `partnerbot report`."""
    lines = [f"Questions: {figures_line(report.total)}"]
    if report.by_sector:
        lines += ["", "By sector:"]
        for sector, figures in report.sectors():
            name = sector_title(sector) if sector else NO_SECTOR_LABEL
            lines.append(f"  {name}: {figures_line(figures)}")
    if report.by_week:
        lines += ["", "By week:"]
        lines += [f"  {week}: {figures_line(figures)}" for week, figures in report.weeks()]
    return "\n".join(lines)


def usage(
    *, engine: Engine, index: KnowledgeIndex, since: dt.datetime | None = None
) -> UsageReport:
    """The figures over the stored questions (those asked since, if given); an entry's sector
    is looked up in the knowledge base and in every draft (one may have answered, then gone)."""
    with Session(engine) as session:
        draft_sectors = dict(session.exec(select(DraftEntry.entry_id, DraftEntry.sector)).all())
    sectors = {**draft_sectors, **{e.id: e.sector for e in index.entries}}
    asked = asked_questions(
        engine=engine, entry_sectors=sectors, sectors_named=index.sectors_in, since=since
    )
    return summarise(asked)
