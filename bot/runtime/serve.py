"""`partnerbot serve`: HTTP on a production WSGI server (waitress), or Socket Mode.

HTTP routes: POST /slack/events (events, commands, interactivity), GET /healthz (200 when the
database answers, 503 otherwise), GET /metrics (Prometheus). SIGTERM lets in-flight requests
finish, stops the outbox between two deliveries (what is pending stays pending), and exits.

A request to /slack/events passes bot.runtime.gate first (its size, then its signature: 413
and 401), so nothing unsigned is parsed, stored or logged; a signed body that is no Slack
payload gets 400. Waitress refuses a body over the same limit before it buffers it.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlalchemy import Engine

from bot.core import metrics
from bot.core.config import Settings
from bot.core.db import database_answers
from bot.runtime.app import create_app
from bot.runtime.gate import MAX_BODY_BYTES, Refused, SlackGate, well_formed
from bot.runtime.heap import freeze_startup_objects
from bot.runtime.intake import HttpAck, QuestionInbox
from bot.runtime.logs import configure_logging
from bot.runtime.metrics import exposition
from bot.runtime.scheduler import DigestScheduler
from bot.runtime.worker import AnswerProcess
from bot.services import Services

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
# waitress's threads: each parses, verifies, stores and acks one request. A question waits for
# the commit it shares with the others in flight, so more threads make larger shared commits.
WORKER_THREADS = 24

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


def _plain(start_response: Callable, status: str, body: bytes, content_type: str) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def wsgi_app(
    app: App, engine: Engine, signing_secret: str, questions: HttpAck | None = None
) -> WsgiApp:
    """Routes Slack's requests, once bot.runtime.gate admits them, to `questions` (which acks
    the questions it stores) and then to Bolt, and the operator's to health and metrics; logs
    each request in one line with its latency and outcome."""
    gate = SlackGate(signing_secret)

    def slack(environ: dict) -> tuple[int, dict, str]:
        """(status, headers, body) for a request to EVENTS_PATH; Refused for a bad one."""
        text = gate.admit(environ)
        if questions is not None and (ack := questions(text, environ)) is not None:
            return ack[0], {}, ack[1]
        try:
            request = BoltRequest(
                body=text,
                query=environ.get("QUERY_STRING", ""),
                headers=WsgiHttpRequest(environ).get_headers(),
            )
        except Exception:  # Bolt parses as it builds: a body that is no Slack payload
            raise Refused(400, "malformed request") from None
        if not well_formed(request.body):
            raise Refused(400, "malformed request")
        response = app.dispatch(request)
        return response.status, response.headers, response.body

    def route(environ: dict, start_response: Callable) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if method == "GET" and path == "/healthz":
            if database_answers(engine):
                return _plain(start_response, "200 OK", b"ok\n", "text/plain")
            return _plain(
                start_response, "503 Service Unavailable", b"database unavailable\n", "text/plain"
            )
        if method == "GET" and path == "/metrics":
            body, content_type = exposition(engine)
            return _plain(start_response, "200 OK", body, content_type)
        if method != "POST" or path != EVENTS_PATH:
            return _plain(start_response, "404 Not Found", b"not found\n", "text/plain")
        try:
            status, headers, body = slack(environ)
        except Refused as refused:
            line = f"{refused.status} {HTTPStatus(refused.status).phrase}"
            return _plain(start_response, line, f"{refused.reason}\n".encode(), "text/plain")
        response = WsgiHttpResponse(status=status, headers=headers, body=body)
        start_response(response.status, response.get_headers())
        return response.get_body()

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        outcome: list[str] = []

        def recording_start_response(status: str, headers: list, *args: object):
            outcome.append(status.split(" ", 1)[0])
            return start_response(status, headers, *args)

        try:
            return route(environ, recording_start_response)
        finally:
            status = outcome[0] if outcome else "500"
            elapsed = time.perf_counter() - started
            path = environ.get("PATH_INFO", "")
            metrics.count_request(path, status)
            log.info(
                "request method=%s path=%s status=%s latency_ms=%.1f retry=%s",
                environ.get("REQUEST_METHOD"),
                path,
                status,
                elapsed * 1000,
                environ.get("HTTP_X_SLACK_RETRY_NUM", "0"),
            )

    return application


def _stop_on_sigterm() -> None:
    def handler(signum: int, frame: object) -> None:
        raise SystemExit(0)  # waitress turns this into a graceful shutdown

    signal.signal(signal.SIGTERM, handler)


def serve(settings: Settings, *, host: str, port: int, answer: bool = True) -> int:
    """Serve until SIGTERM; with `answer`, a worker child process answers the questions. The
    settings have their secrets (`partnerbot serve` checks that first)."""
    configure_logging(settings)
    services = Services.start(settings)
    questions = QuestionInbox(services.engine)
    app = create_app(services, questions)
    scheduler = DigestScheduler(
        services.engine,
        services.digests,
        settings.timezone,
        settings.retention_days,
        reviews=services.reviews,
    )
    answers = AnswerProcess() if answer else None
    freeze_startup_objects()
    _stop_on_sigterm()
    try:
        services.outbox.start()  # takes up what a previous run left pending
        scheduler.start()
        if answers is not None:
            answers.start()
        if settings.slack_app_token is not None:
            _serve_socket_mode(app, settings.slack_app_token.get_secret_value())
        else:
            secret = settings.slack_signing_secret.get_secret_value()
            _serve_http(wsgi_app(app, services.engine, secret, questions.over_http()), host, port)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        log.info("stopping: pending deliveries and questions stay pending for the next start")
        if answers is not None:
            answers.stop()
        scheduler.stop()
        services.outbox.stop()
        services.engine.dispose()
    return 0


def _serve_socket_mode(app: App, app_token: str) -> None:
    log.info("connecting to Slack over Socket Mode")
    socket_mode = _socket_mode_handler(app, app_token)
    try:
        socket_mode.start()  # blocks until SIGTERM
    finally:
        socket_mode.close()


def _socket_mode_handler(app: App, app_token: str):
    """Bolt's Socket Mode handler, but an envelope whose payload is no Slack payload is
    acknowledged (Slack would only send it again) and logged in one line, without its body."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
    from slack_sdk.socket_mode.response import SocketModeResponse

    class CheckedSocketModeHandler(SocketModeHandler):
        def handle(self, client, req: SocketModeRequest) -> None:
            started = time.time()
            try:
                request = BoltRequest(
                    mode="socket_mode", body=req.payload, headers=build_headers(req)
                )
                malformed = not well_formed(request.body)
            except Exception:  # Bolt reads the payload as it builds the request
                malformed = True
            if malformed:
                log.warning("envelope %s: its payload is no Slack payload; dropped", req.type)
                client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
                return
            send_response(client, req, self.app.dispatch(request), started)

    return CheckedSocketModeHandler(app, app_token)


def _serve_http(application: WsgiApp, host: str, port: int) -> None:
    from waitress.server import create_server

    server = create_server(
        application,
        host=host,
        port=port,
        threads=WORKER_THREADS,
        ident="partnerbot",
        # waitress refuses (413) what is over it before buffering it; it counts from this size.
        max_request_body_size=MAX_BODY_BYTES + 1,
    )
    log.info("serving Slack requests on http://%s:%s%s", host, server.effective_port, EVENTS_PATH)
    server.run()  # returns after SIGTERM, once in-flight requests are done
