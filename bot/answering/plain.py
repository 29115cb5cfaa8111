"""A reading as plain text and as the JSON of `partnerbot ask --json`. No Slack and no database
here, so `partnerbot ask` starts fast. `ask` stores nothing, so its "I don't know" never says the
question was noted."""

from __future__ import annotations

from collections.abc import Mapping

from bot.answering import freshness, replies, wording
from bot.answering.shown import shown
from knowledge.answers import REPLIES, Browse, Reading
from knowledge.index import KnowledgeIndex
from knowledge.matcher import MatchResult
from knowledge.reading import describe
from knowledge.schema import Entry


def match_json(result: MatchResult) -> dict:
    """The fields `partnerbot ask --json` has always had, from one match."""
    best = result.best
    return {
        "question": result.question,
        "answered": result.answered,
        "answer": best.entry.answer.strip() if best else replies.no_answer(recorded=False),
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


def as_json(reading: Reading, index: KnowledgeIndex) -> dict:
    """`question`, `answered`, `match` and `alternatives` of the first question's match, and
    `answer`, what the bot replies; then how the message was read (`describe`: kind, reply,
    answers, list)."""
    found = match_json(reading.result)
    first = next(iter(shown(reading, index)), None)
    best = reading.result.best
    card_first = first is not None and best is not None and first.entry is best.entry
    if reading.kind in REPLIES or (first is not None and not card_first):
        # A reply of the bot's own, or a list shown first: not the match's answer.
        found["answer"] = as_text(reading, index)
    return {**found, "question": reading.text, **describe(reading)}


def as_text(reading: Reading, index: KnowledgeIndex) -> str:
    """What the bot replies, as a terminal shows it."""
    if reading.kind == "smalltalk":
        return replies.small_talk(reading.talk, slack=False)
    if reading.kind == "help":
        return replies.PLAIN_HELP
    if reading.kind == "cannot":
        return replies.cannot(slack=False)
    found = [
        _list_text(item.browse, index.sector_titles)
        if item.browse is not None
        else _entry_text(item.entry)
        for item in shown(reading, index)
    ]
    if not found:
        return _no_answer_text(reading.result)
    return "\n\n---\n\n".join(found)


def _no_answer_text(result: MatchResult) -> str:
    lines = [replies.no_answer(recorded=False)]
    if result.alternatives:
        lines.append("Closest topics: " + "; ".join(c.entry.title for c in result.alternatives))
    return "\n".join(lines)


def _contact_text(entry: Entry, indent: str = "") -> list[str]:
    lines = []
    for contact in wording.urgent_first(entry.contacts):
        reach = " · ".join(x for x in (contact.email, contact.phone, contact.url) if x)
        lines.append(f"{indent}- {contact.name}: {reach} ({wording.contact_status(contact)})")
        if contact.instructions:
            lines.append(f"{indent}  {contact.instructions}")
    return lines


def _entry_text(entry: Entry) -> str:
    """Title, answer, a warning if expired, the contacts, the source."""
    parts = [entry.title, entry.answer.strip()]
    if freshness.expired(entry, freshness.today()):
        parts.append(freshness.expiry_warning(entry.expires))
    if entry.contacts:
        parts.append("\n".join(["Contacts:", *_contact_text(entry)]))
    if entry.links:
        parts.append(f"Source: {entry.links[0].url}")
    return "\n\n".join(parts)


def _list_text(browse: Browse, titles: Mapping[str, str]) -> str:
    heading, honest = wording.list_heading(browse, titles)
    lines = [heading, *([honest] if honest else [])]
    if not browse.entries:
        return "\n".join([*lines, wording.empty_list(browse)])
    if browse.kind == "sectors":
        return "\n".join([*lines, *(f"- {e.title}: {e.lead_agency}" for e in browse.entries)])
    groups = wording.contact_groups(browse.entries) if browse.kind == "contacts" else []
    for group, entries in groups or [(None, list(browse.entries))]:
        if group:
            lines.append(f"{group}:")
        for entry in entries:
            link = f" ({entry.links[0].url})" if entry.links else ""
            lines.append(f"- {entry.title}{link}")
            lines += _contact_text(entry, "  ")
    return "\n".join(lines)
