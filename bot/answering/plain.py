"""An answer as plain text and as the JSON of `partnerbot ask --json`. No Slack and no database
here, so `partnerbot ask` starts fast."""

from __future__ import annotations

from bot.answering import freshness
from bot.answering.replies import NO_ANSWER
from knowledge.matcher import MatchResult


def as_json(result: MatchResult) -> dict:
    """The answer in the shape `partnerbot ask --json` promises."""
    best = result.best
    return {
        "question": result.question,
        "answered": result.answered,
        "answer": best.entry.answer.strip() if best else NO_ANSWER,
        "match": None
        if best is None
        else {
            "id": best.entry.id,
            "kind": best.entry.kind,
            "title": best.entry.title,
            "sector": best.entry.sector,
            "score": best.score,
        },
        "alternatives": [
            {"id": c.entry.id, "title": c.entry.title, "score": c.score}
            for c in result.alternatives
        ],
    }


def as_text(result: MatchResult) -> str:
    """The answer as a terminal shows it: title, answer, a warning if expired, the source."""
    if result.best is None:
        lines = [NO_ANSWER]
        if result.alternatives:
            lines.append("Closest topics: " + "; ".join(c.entry.title for c in result.alternatives))
        return "\n".join(lines)
    entry = result.best.entry
    parts = [entry.title, entry.answer.strip()]
    if freshness.expired(entry, freshness.today()):
        parts.append(freshness.expiry_warning(entry.expires))
    if entry.links:
        parts.append(f"Source: {entry.links[0].url}")
    return "\n\n".join(parts)
