"""What the bot says in its own words, apart from the knowledge base's answers."""

from __future__ import annotations

NO_ANSWER = (
    "I don't know that one yet, so I won't guess. "
    "I've noted your question for the partnership team."
)
HELLO = (
    "Hi! Ask me about a critical infrastructure sector, its lead agency, contacts, training "
    "or resources. For example: _who leads the dams sector?_ Type `/ci help` for more."
)
