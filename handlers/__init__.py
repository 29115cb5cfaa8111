"""Slack listeners: read the payload, ack, call the domains, reply. One module per surface, each
listener a module-level function that takes the app's services from its request's context."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import assistant, curation, home, questions, sharing, subscriptions
from handlers.commands import CI
from handlers.context import provide

__all__ = ["CI", "register"]


def register(app: App, services: Services) -> None:
    """Every listener of the app, with `services` in each request's context."""
    provide(app, services)
    app.command("/ci")(CI.on_ci)
    # The assistant first: the message listeners registered after it share its thread store.
    for surface in (assistant, questions, sharing, home, curation, subscriptions):
        surface.register(app)
