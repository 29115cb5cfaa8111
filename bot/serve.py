"""`partnerbot serve`: HTTP on a production WSGI server (waitress), or Socket Mode."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.app import create_app
from bot.config import Settings
from bot.db import database_answers
from bot.services import Services

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


def wsgi_app(app: App, engine: Engine) -> WsgiApp:
    """POST /slack/events for everything Slack sends; GET /healthz for the load balancer."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            healthy = database_answers(engine)
            status = "200 OK" if healthy else "503 Service Unavailable"
            body = b"ok\n" if healthy else b"database unavailable\n"
            start_response(
                status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return application


def serve(settings: Settings, *, host: str, port: int) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    missing = settings.missing_for_serve()
    if missing:
        print(
            f"partnerbot serve: set {' and '.join(missing)} (unset or a placeholder); "
            "see README, 'Connect to Slack'.",
            file=sys.stderr,
        )
        return 2
    services = Services.start(settings)
    app = create_app(services)
    services.outbox.start()  # resumes what a previous run left pending
    if settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("connecting to Slack over Socket Mode")
        SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
        return 0
    from waitress import serve as waitress_serve

    log.info("serving Slack requests on http://%s:%d%s", host, port, EVENTS_PATH)
    waitress_serve(wsgi_app(app, services.engine), host=host, port=port, ident="partnerbot")
    return 0
