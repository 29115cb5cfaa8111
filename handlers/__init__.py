"""Slack listeners: read the payload, ack, call bot/ or knowledge/, reply."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import browse, home, questions, sharing, subscriptions
from handlers.commands import CiCommand


def register(app: App, services: Services) -> None:
    ci = CiCommand()
    browse.register(ci, services)
    subscriptions.register(ci, services)
    sharing.register(app, ci, services)
    questions.register(app, services)
    home.register(app, services)
    ci.register(app)
