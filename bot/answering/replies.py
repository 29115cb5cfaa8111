"""What the bot says in its own words, apart from the knowledge base's answers. Plain text and
mrkdwn only, no Slack: `partnerbot ask` uses it too."""

from __future__ import annotations

NOT_KNOWN = "I don't know that one yet, so I won't guess."
NOTED = "I've noted your question for the partnership team."
# Kept for code that shows the no-answer of a stored question.
NO_ANSWER = f"{NOT_KNOWN} {NOTED}"

WHAT_I_DO = (
    "I answer questions about the 16 critical infrastructure sectors: who leads each one and "
    "what it covers, how to reach a program, and which training and resources exist."
)
EXAMPLES = "For example: _who leads the dams sector?_ or _what training is there for energy?_"
HELLO = f"Hi! {WHAT_I_DO} {EXAMPLES} Type `/ci help` for more."
THANKS = (
    "You're welcome! Ask me anything else about the sectors, their contacts, training or resources."
)
BYE = "Bye for now. I'm here whenever you have another question."
MISSED = (
    "Sorry that missed. Ask me again in other words, naming the sector, program or course you "
    "mean, and I'll look again."
)
# In Slack, where each answer has the feedback buttons.
MISSED_IN_SLACK = f"{MISSED} Tapping *Not helpful* under an answer tells the partnership team."
CANNOT = (
    "Sorry, I can't do that: I only answer from the partnership office's knowledge base. "
    + WHAT_I_DO
)
# Where a surface has no `/ci` (partnerbot ask): the same words without it.
PLAIN_HELLO = f"Hi! {WHAT_I_DO} {EXAMPLES.replace('_', '')}"
PLAIN_HELP = f"{WHAT_I_DO} {EXAMPLES.replace('_', '')}"

ASSISTANT_GREETING = f"Hi! {WHAT_I_DO} Ask me anything, or pick one of the questions below."
LOOKING = "is looking in the knowledge base…"


def no_answer(*, recorded: bool) -> str:
    """The honest "I don't know"; it says the question was noted only when it was."""
    return NO_ANSWER if recorded else NOT_KNOWN


def small_talk(kind: str | None, *, slack: bool = True) -> str:
    """The reply to a greeting, thanks, a goodbye, an answer said to have missed, or a message
    with no words (emoji only)."""
    if kind == "thanks":
        return THANKS
    if kind == "bye":
        return BYE
    if kind == "missed":
        return MISSED_IN_SLACK if slack else MISSED
    return HELLO if slack else PLAIN_HELLO


def cannot(*, slack: bool = True) -> str:
    """The reply to a request the bot cannot carry out, with what it can do."""
    return f"{CANNOT} Type `/ci help` to see everything I can do." if slack else CANNOT
