"""How a listener reaches the app's services: a middleware puts them in every request's context,
so listeners are plain module-level functions a test can call with a context of its own."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.services import Services

SERVICES = "partnerbot_services"


def provide(app: App, services: Services) -> None:
    """Every request the app handles from now on carries `services` in its context."""

    @app.middleware
    def with_services(context: BoltContext, next: Callable[[], None]) -> None:
        context[SERVICES] = services
        next()


def services_of(context: BoltContext | dict) -> Services:
    return context[SERVICES]
