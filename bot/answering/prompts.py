"""Questions to suggest when someone opens the assistant pane: sample questions of a few entries
of the knowledge base, one per kind of need (who leads a sector, how to reach a program, which
training, which resource), each one the bot answers with its own entry's card."""

from __future__ import annotations

import random

from bot.core.render import clip
from knowledge.matcher import Matcher
from knowledge.reading import read
from knowledge.schema import Entry

KINDS = ("sector", "contact", "training", "resource")  # Slack shows at most four prompts
TITLE_LIMIT = 60  # a prompt's title is a short label; its message is the whole question


def _answers_itself(question: str, entry: Entry, matcher: Matcher) -> bool:
    reading = read(question, matcher)
    answers = reading.answers
    return (
        reading.kind == "question"
        and len(answers) == 1
        and answers[0].result.certain
        and answers[0].result.best.entry.id == entry.id
    )


def suggested_prompts(matcher: Matcher, seed: str) -> list[dict[str, str]]:
    """Up to four prompts ({"title", "message"}), the same for the same seed (a thread's ts),
    different from one thread to the next."""
    chooser = random.Random(seed)
    prompts = []
    for kind in KINDS:
        entries = [e for e in matcher.index.entries if e.kind == kind and e.questions]
        chooser.shuffle(entries)
        for entry in entries:
            question = chooser.choice(entry.questions)
            question = question[:1].upper() + question[1:]  # sample questions are typed lower case
            if _answers_itself(question, entry, matcher):
                prompts.append({"title": clip(question, TITLE_LIMIT), "message": question})
                break
    return prompts
