"""Slack listeners: read the payload, ack, call the domains, reply. One module per surface, each
listener a module-level function that takes the app's services from its request's context."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import browse, curation, home, questions, sharing, subscriptions
from handlers.ci import CiCommand
from handlers.context import provide

CI = CiCommand(
    {
        "ask": browse.ask,
        "sectors": browse.sectors,
        "training": browse.training,
        "resources": browse.resources,
        "contacts": browse.contacts,
        "subscribe": subscriptions.subscribe,
        "digest": subscriptions.digest,
        "unsubscribe": subscriptions.unsubscribe,
        "subscriptions": subscriptions.subscriptions,
        "share": sharing.share,
    },
    default=browse.ask,
)


def register(app: App, services: Services) -> None:
    """Every listener of the app, with `services` in each request's context."""
    provide(app, services)
    app.command("/ci")(CI.on_ci)
    for surface in (questions, sharing, home, curation, subscriptions):
        surface.register(app)
