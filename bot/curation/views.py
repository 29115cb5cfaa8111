"""Block Kit for the knowledge-gap loop: the staff answer modal, and the answer askers get."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UrlInputElement,
)
from slack_sdk.models.views import View

from bot.core import render
from bot.core.forms import ModalState, escaped_problem
from bot.core.render import clip, escape, sector_name
from bot.curation.drafts import (
    ANSWER_LIMIT,
    QUESTION_LIMIT,
    TITLE_LIMIT,
    DraftInput,
    sample_questions,
)
from bot.curation.gaps import Gap
from knowledge.schema import SECTOR_SLUGS, Entry

ANSWER = "gap_answer"  # the button on each gap of the Home tab; its value is the anchor's id
ANSWER_CALLBACK = "answer_gap"
QUESTIONS_SHOWN = 10
PHRASINGS_LIMIT = 3000  # a plain-text input's largest initial value


def _quoted(text: str, limit: int = 200) -> str:
    return f"“{escape(clip(' '.join(text.split()), limit))}”"


def _asked(gap: Gap) -> list[Block]:
    """The askers' words, in as many sections as they take once escaped."""
    lines = [f"• {_quoted(text)}" for text in gap.phrasings[:QUESTIONS_SHOWN]]
    more = len(gap.phrasings) - QUESTIONS_SHOWN
    if more > 0:
        lines.append(f"… and {more} more wording(s)")
    heading = f"*{gap.count} question(s) from {gap.askers} partner(s)*"
    return render.sections([heading, *lines])


def sector_input(initial: str | None) -> InputBlock:
    options = [Option(value=slug, text=sector_name(slug)) for slug in SECTOR_SLUGS]
    chosen = next((o for o in options if o.value == initial), None)
    return InputBlock(
        block_id="sector",
        label="Sector (optional)",
        optional=True,
        element=StaticSelectElement(
            action_id="value",
            placeholder="All sectors",
            options=options,
            initial_option=chosen,
        ),
    )


def _phrasings_text(phrasings: tuple[str, ...]) -> str:
    text = ""
    for line in phrasings:
        if len(text) + len(line) + 1 > PHRASINGS_LIMIT:
            break
        text = f"{text}\n{line}" if text else line
    return text


def draft_inputs(
    *, title: str, answer: str = "", sector: str | None, phrasings: str, hint: str
) -> list[Block]:
    """The fields of a draft entry (title, answer, sector, source, sample questions), as the gap
    answer and *Save as answer* forms both ask them; `draft_from_state` reads them back."""
    return [
        InputBlock(
            block_id="title",
            label="Title (what the entry is about)",
            element=PlainTextInputElement(
                action_id="value",
                initial_value=clip(" ".join(title.split()), TITLE_LIMIT) or None,
                max_length=TITLE_LIMIT,
            ),
        ),
        InputBlock(
            block_id="answer",
            label="Answer",
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                initial_value=clip(answer, ANSWER_LIMIT) or None,
                max_length=ANSWER_LIMIT,
            ),
        ),
        sector_input(sector),
        InputBlock(
            block_id="source",
            label="Source (optional link to an official page)",
            optional=True,
            element=UrlInputElement(action_id="value"),
        ),
        InputBlock(
            block_id="questions",
            label="Sample questions (one a line)",
            hint=hint,
            optional=True,
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                initial_value=phrasings or None,
                max_length=PHRASINGS_LIMIT,
            ),
        ),
    ]


def answer_modal(gap: Gap, *, sector: str | None = None) -> dict:
    """Staff write one answer for every asker of a gap; it is kept as a draft entry."""
    blocks: list[Block] = [
        *_asked(gap),
        *draft_inputs(
            title=gap.anchor.text,
            sector=sector,
            phrasings=_phrasings_text(gap.phrasings),
            hint="The askers' own words teach the bot to recognise the question next time. "
            "Remove anything personal.",
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Your answer goes to every asker now (in their thread, or by direct "
                    "message) and is saved as a draft entry. Approve the draft on the Home tab "
                    "to have the bot answer the question itself from then on."
                )
            ]
        ),
    ]
    return View(
        type="modal",
        callback_id=ANSWER_CALLBACK,
        title="Answer a knowledge gap",
        submit="Send answer",
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps({"anchor": gap.anchor.id}),
    ).to_dict()


def anchor_of(view: dict) -> int:
    """The gap's anchor question named in a submitted answer modal (0 when missing)."""
    try:
        return int(json.loads(view.get("private_metadata") or "{}").get("anchor", 0))
    except (ValueError, TypeError, AttributeError):
        return 0


def draft_from_state(values: dict) -> DraftInput:
    """Read the answer modal's submitted state."""
    state = ModalState(values)
    typed_questions = state.text("questions").splitlines()
    return DraftInput(
        title=state.text("title"),
        answer=state.text("answer"),
        questions=sample_questions(line[:QUESTION_LIMIT] for line in typed_questions),
        sector=state.choice("sector"),
        source_url=state.text("source") or None,
    )


def answer_message(
    entry: Entry, question: str, sector_title: str | None = None
) -> tuple[list[dict], str]:
    """What one asker gets: their question quoted, and the staff answer as an answer card
    without feedback buttons (the next partner who asks gets the full card). The answer is
    never cut: once escaped it takes as many sections as it needs."""
    blocks: list[Block] = [
        render.section(f"*The partnership office answered your question* {_quoted(question)}"),
        *render.paragraphs(render.card_text(entry.title, entry.answer)),
    ]
    footer = render.entry_footer(entry, sector_title)
    if footer:
        blocks.append(render.context(footer))
    blocks.append(render.context("Thanks for asking: the answer now helps the next partner too."))
    text = f"The partnership office answered your question: {escape(entry.title)}"
    return render.as_dicts(blocks), render.message_text(text)


def answer_problem(title: str, answer: str) -> dict[str, str]:
    """The answer modal's error when title and answer, escaped, would not fit the one section
    of the answer card that serves them from then on (the modal's limit counts raw text)."""
    room = render.SECTION_LIMIT - len(render.card_text(" ".join(title.split()), ""))
    problem = escaped_problem(
        answer.strip(), name="answer", room=room, over="; link to the full text in Source"
    )
    return {"answer": problem} if problem else {}
