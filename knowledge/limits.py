"""How much of a message the engine reads: the one cap on user text, for every entry point.

A Slack message may hold 40,000 characters, but a question is a sentence or a paragraph, and a
message asks at most a few (three are answered). Matching costs grow faster than the text
(a long unbroken token costs roughly its length squared), so whatever the length of what was
typed, only its first MAX_QUESTION_CHARS characters are read: several long paragraphs, far more
than a question needs, and a bound on the time one message can take.
"""

from __future__ import annotations

MAX_QUESTION_CHARS = 2_000


def clip_question(text: str) -> str:
    """The part of `text` the engine reads: all of it, or its first MAX_QUESTION_CHARS
    characters, cut at the last space before the limit when there is one."""
    if len(text) <= MAX_QUESTION_CHARS:
        return text
    head = text[:MAX_QUESTION_CHARS]
    space = head.rfind(" ")
    return head[:space] if space > MAX_QUESTION_CHARS // 2 else head
