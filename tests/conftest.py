"""Shared fixtures: a fake Slack Web API, settings pointing at it, and the app served for real."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from waitress.server import create_server

from bot.app import create_app
from bot.config import Settings
from bot.serve import EVENTS_PATH, wsgi_app
from bot.services import Services
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SlackSender

SIGNING_SECRET = "test-signing-secret-0123456789"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def settings(tmp_path, fake_slack: FakeSlack) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token=SecretStr("xoxb-test-token"),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=fake_slack.base_url,
        database_url=f"sqlite:///{tmp_path / 'partnerbot.db'}",
    )


@pytest.fixture
def services(settings: Settings) -> Services:
    return Services.start(settings)


@pytest.fixture
def slack(services: Services) -> Iterator[SlackSender]:
    """The app on a real HTTP server on a free loopback port; a sender that signs like Slack."""
    app = create_app(services)
    server = create_server(wsgi_app(app, services.engine), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield SlackSender(f"http://127.0.0.1:{server.effective_port}{EVENTS_PATH}", SIGNING_SECRET)
    server.close()
    thread.join(timeout=5)
