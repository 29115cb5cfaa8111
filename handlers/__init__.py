"""Slack listeners: read the payload, ack, call bot/ or knowledge/, reply."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import commands, questions


def register(app: App, services: Services) -> None:
    questions.register(app, services)
    commands.register(app, services)
