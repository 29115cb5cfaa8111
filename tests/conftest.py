"""Shared fixtures: a fake Slack Web API, settings pointing at it, and the app served for real."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import create_engine
from waitress.server import create_server

from bot.core.config import Settings
from bot.runtime.app import create_app, create_inbox_worker
from bot.runtime.intake import QuestionInbox
from bot.runtime.serve import EVENTS_PATH, wsgi_app
from bot.services import Services
from tests.support.fake_slack import FakeSlack
from tests.support.processes import Processes
from tests.support.slack_requests import SlackSender

# The same examples on every run: a property test that fails must fail every time, not one run
# in ten (hypothesis still keeps the examples it found failing, and tries them first). No
# deadline: the properties are about what is said, not how fast, and one example that waits on
# a shared machine's database must not fail the run.
hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

SIGNING_SECRET = "test-signing-secret-0123456789"
STAFF = "USTAFF"
REVIEW = "CREVIEW"
# .ci/run starts a real PostgreSQL server and sets this; every database test then runs on both.
POSTGRES_URL = os.environ.get("PARTNERBOT_TEST_POSTGRES_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start partnerbot's own processes are `slow`: `make test-fast` leaves them out."""
    for item in items:
        if "partnerbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'partnerbot.db'}"
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: PARTNERBOT_TEST_POSTGRES_URL is not set")
        pytest.skip("PARTNERBOT_TEST_POSTGRES_URL is not set (bash .ci/postgres.sh prints one)")
    url = _own_postgres_url()
    engine = create_engine(url)
    with engine.begin() as connection:  # each test starts from an empty database
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@functools.cache
def _own_postgres_url() -> str:
    """The database of this test process: under pytest-xdist each worker has its own, named
    after the given one and created on first use, so workers never drop each other's schema."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return POSTGRES_URL
    given = make_url(POSTGRES_URL)
    name = f"{given.database}_{worker}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = "SELECT 1 FROM pg_database WHERE datname = :name"
        if connection.execute(text(found), {"name": name}).scalar() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """The fake Slack Web API. A test fails if the app sent it a message or view that breaks
    Block Kit's limits (Slack refuses those, and the app may never notice: a response_url post
    is answered but not checked), unless the test set `refusals_expected`."""
    with FakeSlack() as fake:
        yield fake
        refused = [(call.method, problems) for call, problems in fake.refused_payloads]
        assert fake.refusals_expected or not refused, f"Slack would refuse: {refused}"


def make_settings(database_url: str, fake_slack: FakeSlack, **extra) -> Settings:
    """Settings for the fake Slack, with STAFF as staff and a review channel (unless `extra`
    says otherwise)."""
    fields = {"PARTNERBOT_STAFF_USERS": STAFF, "PARTNERBOT_REVIEW_CHANNEL": REVIEW, **extra}
    return Settings(
        _env_file=None,
        slack_bot_token=SecretStr("xoxb-test-token"),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=fake_slack.base_url,
        database_url=database_url,
        **fields,
    )


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return make_settings(database_url, fake_slack)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    services = Services.start(settings)
    yield services
    services.outbox.stop()
    services.engine.dispose()


@pytest.fixture
def partnerbot(tmp_path, settings: Settings) -> Iterator[Processes]:
    """Real partnerbot processes (`serve`, `worker`) on this test's database and fake Slack."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": settings.slack_api_url,
        "DATABASE_URL": settings.database_url,
        "PARTNERBOT_STAFF_USERS": STAFF,
    }
    env.pop("SLACK_APP_TOKEN", None)
    started = Processes(tmp_path, env)
    yield started
    started.stop_all()


@pytest.fixture
def slack(services: Services) -> Iterator[SlackSender]:
    """The app on a real HTTP server on a free loopback port, its questions answered by an
    inbox worker on threads of this process; a sender that signs like Slack."""
    worker = create_inbox_worker(services)
    questions = QuestionInbox(services.engine, on_stored=worker.notify)
    app = create_app(services, questions)
    worker.start()
    application = wsgi_app(app, services.engine, SIGNING_SECRET, questions.over_http())
    server = create_server(application, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield SlackSender(f"http://127.0.0.1:{server.effective_port}{EVENTS_PATH}", SIGNING_SECRET)
    # Closed from its own loop. If another thread's wake-up runs the thunk between queueing it
    # and this pull, the trigger is closed already and the wake-up byte finds no pipe.
    with contextlib.suppress(OSError):
        server.trigger.pull_trigger(server.close)
    thread.join(timeout=5)
    worker.stop()
