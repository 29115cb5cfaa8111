"""The digest scheduler (bot/runtime/scheduler.py): jobs in APScheduler's SQLAlchemy job
store in the app's database, fire times at 09:00 in PARTNERBOT_TIMEZONE, restarts that neither
duplicate nor lose jobs, and one scheduling process per database (a PostgreSQL advisory lock).

No test sleeps until 09:00: fire times are read from the jobs and triggers, and a job is made
due by moving its next run time to now (or its function is called). Every scheduler a test
starts is stopped at teardown. Schedulers start on a thread of their own: tests wait for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from bot.core.config import Settings
from bot.core.models import Alert, DigestLedger, utcnow
from bot.outreach import subscriptions as subs
from bot.outreach.periods import latest_due
from bot.runtime import scheduler as scheduler_module
from bot.runtime.scheduler import DigestScheduler, SchedulerLock
from bot.services import Services
from tests.support.fake_slack import FakeSlack

NEW_YORK = "America/New_York"
JOB_IDS = ["digest-daily", "digest-retry", "digest-weekly", "housekeeping", "knowledge-reviews"]
JOB_FUNCTIONS = {
    "digest-daily": "bot.runtime.scheduler:send_digests",
    "digest-retry": "bot.runtime.scheduler:retry_digests",
    "digest-weekly": "bot.runtime.scheduler:send_digests",
    "housekeeping": "bot.runtime.scheduler:housekeeping",
    "knowledge-reviews": "bot.runtime.scheduler:send_weekly_reviews",
}
WATER = "water-and-wastewater"
CHANNEL = "CSCHED"


# -- helpers -------------------------------------------------------------------------------------


def stored_jobs(engine: Engine) -> list[tuple[str, float]]:
    """(id, next_run_time as a POSIX timestamp) of every job row in the app's database."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, next_run_time FROM apscheduler_jobs ORDER BY id")
        ).all()
    return [(row[0], row[1]) for row in rows]


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def require(engine: Engine, dialect: str) -> None:
    if engine.dialect.name != dialect:
        pytest.skip(f"about {dialect} only")


def subscribe_daily(engine: Engine, channel_id: str = CHANNEL) -> None:
    request = subs.SubscriptionRequest(sectors=(WATER,), alerts=False, digest="daily", amber=False)
    subs.subscribe(engine=engine, channel_id=channel_id, request=request, user_id="USTAFF")


def publish_in_the_due_period(engine: Engine, title: str) -> None:
    """A published water alert one minute before the latest daily send time passed."""
    due = latest_due("daily", utcnow(), NEW_YORK)
    with Session(engine) as session:
        session.add(
            Alert(
                title=title,
                details="Details.",
                sectors=[WATER],
                tlp="GREEN",
                status="published",
                author_id="USTAFF",
                published_at=due.sends - dt.timedelta(minutes=1),
            )
        )
        session.commit()


def exit_process(scheduler: DigestScheduler) -> None:
    """What the exit of a scheduling process does: its database sessions close, so the server
    drops the advisory lock it held, and nothing of it runs any more."""
    if scheduler.lock._connection is not None:
        scheduler.lock._connection.invalidate()
        scheduler.lock._connection = None
    scheduler.stop()


def started(scheduler: DigestScheduler) -> DigestScheduler:
    """The scheduler, once it schedules."""
    assert wait_until(lambda: scheduler.running), "the scheduler never started"
    return scheduler


def ledger_periods(engine: Engine) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(DigestLedger)).all()
        return sorted((r.channel_id, r.period, r.status) for r in rows)


def primary_and_standby(make_scheduler, other_process: Services):
    """Two processes' schedulers, started in turn: the first schedules, the second stands by
    (retrying every 50 ms, as the fixture sets it)."""
    first = make_scheduler()
    second = make_scheduler(other_process)
    first.start()
    started(first)
    second.start()
    return first, second


def holder_backend(engine: Engine) -> list[int]:
    """The PostgreSQL backend holding the scheduler lock."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND objid::bigint = :key AND database ="
                    " (SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"key": scheduler_module.LOCK_KEY},
            ).scalars()
        )


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def make_scheduler(services: Services, monkeypatch) -> Iterator[Callable[..., DigestScheduler]]:
    """Build schedulers (for these services, or another process's); all stopped at teardown.

    Teardown also closes, for real, every database session that ever won the scheduler lock,
    so a lock the code under test failed to release cannot leak into the next test. A standby
    retries every 50 ms, a holder checks its lock every 50 ms, and a winner schedules at once
    (the tests about taking over set a grace of their own)."""
    monkeypatch.setattr(scheduler_module, "_current", None)
    monkeypatch.setattr(scheduler_module, "STANDBY_RETRY_SECONDS", 0.05)
    monkeypatch.setattr(scheduler_module, "LOCK_CHECK_SECONDS", 0.05)
    monkeypatch.setattr(scheduler_module, "TAKEOVER_GRACE_SECONDS", 0.0)
    built: list[DigestScheduler] = []
    lock_sessions = []
    real_acquire = SchedulerLock.acquire

    def acquire_and_remember(lock: SchedulerLock) -> bool:
        won = real_acquire(lock)
        if lock._connection is not None:
            lock_sessions.append(lock._connection.connection.dbapi_connection)
        return won

    monkeypatch.setattr(SchedulerLock, "acquire", acquire_and_remember)

    def build(process: Services | None = None) -> DigestScheduler:
        process = process or services
        scheduler = DigestScheduler(process.engine, process.digests, process.settings.timezone)
        built.append(scheduler)
        return scheduler

    yield build
    for scheduler in reversed(built):
        scheduler.stop()
    for session in lock_sessions:
        session.close()


@pytest.fixture
def other_process(settings: Settings) -> Iterator[Services]:
    """A second bot process on the same database: its own engine, so its own connections."""
    other = Services.start(settings)
    yield other
    other.engine.dispose()


# -- the job store -------------------------------------------------------------------------------


def test_jobs_live_in_the_apps_database_with_their_ids(services, make_scheduler):
    scheduler = make_scheduler()
    scheduler.start()
    started(scheduler)
    assert [job_id for job_id, _ in stored_jobs(services.engine)] == JOB_IDS

    # What another process would read back from the same store.
    store = SQLAlchemyJobStore(engine=services.engine)
    jobs = {job.id: job for job in store.get_all_jobs()}
    assert sorted(jobs) == JOB_IDS
    for job in jobs.values():
        assert job.func_ref == JOB_FUNCTIONS[job.id]
        assert (job.coalesce, job.misfire_grace_time, job.max_instances) == (True, None, 1)


def test_next_fire_times_are_nine_in_the_configured_timezone(services, make_scheduler):
    scheduler = make_scheduler()
    scheduler.start()
    started(scheduler)
    now = dt.datetime.now(ZoneInfo(NEW_YORK))
    weekly = scheduler.scheduler.get_job("digest-weekly")
    # The daily job's first run is the start's catch-up: its trigger says what comes after.
    daily_fire = scheduler.scheduler.get_job("digest-daily").trigger.get_next_fire_time(None, now)

    for fire in (daily_fire, weekly.next_run_time):
        assert str(fire.tzinfo) == NEW_YORK
        assert (fire.hour, fire.minute, fire.second) == (9, 0, 0)
        assert fire > now
    assert daily_fire - now <= dt.timedelta(days=1)
    assert weekly.next_run_time.weekday() == 0
    assert weekly.next_run_time - now <= dt.timedelta(days=7)
    stored = dict(stored_jobs(services.engine))
    assert stored["digest-weekly"] == pytest.approx(weekly.next_run_time.timestamp())


@pytest.mark.parametrize(
    ("job_id", "after", "fires_utc"),
    [
        # the evening before clocks go forward: 09:00 EDT is 13:00 UTC
        ("digest-daily", dt.datetime(2026, 3, 7, 22), dt.datetime(2026, 3, 8, 13)),
        # the evening before clocks go back: 09:00 EST is 14:00 UTC
        ("digest-daily", dt.datetime(2026, 10, 31, 22), dt.datetime(2026, 11, 1, 14)),
        # at 09:00 sharp it fires now; a second later, tomorrow
        ("digest-daily", dt.datetime(2026, 11, 24, 9), dt.datetime(2026, 11, 24, 14)),
        ("digest-daily", dt.datetime(2026, 11, 24, 9, 0, 1), dt.datetime(2026, 11, 25, 14)),
        # a Tuesday: next Monday; the Monday after clocks go forward
        ("digest-weekly", dt.datetime(2026, 11, 24, 12), dt.datetime(2026, 11, 30, 14)),
        ("digest-weekly", dt.datetime(2026, 3, 3, 12), dt.datetime(2026, 3, 9, 13)),
    ],
)
def test_triggers_fire_at_nine_local_across_dst_and_match_the_digest_periods(
    services, make_scheduler, job_id, after, fires_utc
):
    scheduler = make_scheduler()
    scheduler.start()
    trigger = started(scheduler).scheduler.get_job(job_id).trigger
    fire = trigger.get_next_fire_time(None, after.replace(tzinfo=ZoneInfo(NEW_YORK)))
    assert fire == fires_utc.replace(tzinfo=dt.UTC)
    # The job fires exactly when the period it sends has just become due.
    cadence = job_id.removeprefix("digest-")
    assert latest_due(cadence, fire.astimezone(dt.UTC), NEW_YORK).sends == fire


def test_the_retry_job_fires_every_few_minutes(services, make_scheduler):
    scheduler = make_scheduler()
    scheduler.start()
    trigger = started(scheduler).scheduler.get_job("digest-retry").trigger
    now = dt.datetime.now(ZoneInfo(NEW_YORK))
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first)
    assert dt.timedelta(0) <= first - now <= dt.timedelta(minutes=scheduler_module.RETRY_MINUTES)
    assert second - first == dt.timedelta(minutes=scheduler_module.RETRY_MINUTES)


def test_a_restart_keeps_exactly_the_same_jobs(services, other_process, make_scheduler):
    first = make_scheduler()
    first.start()
    started(first)
    exit_process(first)
    assert [job_id for job_id, _ in stored_jobs(services.engine)] == JOB_IDS  # kept while down

    again = make_scheduler()
    again.start()
    assert sorted(job.id for job in started(again).scheduler.get_jobs()) == JOB_IDS
    exit_process(again)

    elsewhere = make_scheduler(other_process)  # a new process on the same database
    elsewhere.start()
    assert sorted(job.id for job in started(elsewhere).scheduler.get_jobs()) == JOB_IDS
    assert [job_id for job_id, _ in stored_jobs(services.engine)] == JOB_IDS


# -- running the jobs ------------------------------------------------------------------------------


def test_starting_sends_the_period_missed_while_no_scheduler_ran(
    services, fake_slack: FakeSlack, make_scheduler
):
    subscribe_daily(services.engine)
    publish_in_the_due_period(services.engine, "Missed while down")
    make_scheduler().start()
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == CHANNEL
    due = latest_due("daily", utcnow(), NEW_YORK)
    assert wait_until(lambda: ledger_periods(services.engine) == [(CHANNEL, due.key, "sent")])


def test_a_due_job_sends_the_digests(services, fake_slack: FakeSlack, make_scheduler, caplog):
    caplog.set_level(logging.INFO, scheduler_module.__name__)
    scheduler = make_scheduler()
    scheduler.start()
    assert wait_until(lambda: "digests: 0 sent" in caplog.text)  # the start's catch-up is done
    subscribe_daily(services.engine)
    publish_in_the_due_period(services.engine, "Sent by the job")

    scheduler.scheduler.get_job("digest-daily").modify(next_run_time=utcnow())
    [post] = fake_slack.wait_for("chat.postMessage")
    assert "Sent by the job" in str(post.params["blocks"])
    due = latest_due("daily", utcnow(), NEW_YORK)
    assert wait_until(lambda: ledger_periods(services.engine) == [(CHANNEL, due.key, "sent")])


def test_a_digest_that_failed_is_sent_again_by_the_retry_job_within_its_period(
    services, fake_slack: FakeSlack, make_scheduler, monkeypatch
):
    """Slack refuses the 09:00 digest: the retry job (called here as APScheduler calls it)
    sends it again; when nothing failed it does nothing, not even read the period's news."""
    subscribe_daily(services.engine)
    publish_in_the_due_period(services.engine, "Retried")
    fake_slack.fail_next("chat.postMessage", status=200, body={"ok": False, "error": "fatal"})
    scheduler = make_scheduler()
    scheduler.start()  # its catch-up tries, and fails
    due = latest_due("daily", utcnow(), NEW_YORK)
    assert wait_until(lambda: ledger_periods(services.engine) == [(CHANNEL, due.key, "failed")])
    scheduler.stop()  # the job is called here, not by the scheduler's threads
    scheduler_module._current = scheduler
    scheduler.lock.acquire()

    scheduler_module.retry_digests()
    assert ledger_periods(services.engine) == [(CHANNEL, due.key, "sent")]
    assert [post.status for post in fake_slack.calls_to("chat.postMessage")] == [200, 200]
    assert "Retried" in str(fake_slack.calls_to("chat.postMessage")[-1].params["blocks"])

    sent = []
    monkeypatch.setattr(services.digests, "send_due", lambda *a, **k: sent.append(a))
    scheduler_module.retry_digests()
    assert sent == []
    scheduler.lock.release()


# -- one scheduler per database ----------------------------------------------------------------


def test_on_sqlite_the_lock_is_always_granted(services, make_scheduler):
    require(services.engine, "sqlite")
    assert SchedulerLock(services.engine).acquire() is True
    assert SchedulerLock(services.engine).acquire() is True
    scheduler = make_scheduler()
    scheduler.start()
    started(scheduler)
    assert scheduler.lock.held()


def test_on_postgresql_only_one_of_two_processes_schedules(services, other_process, make_scheduler):
    require(services.engine, "postgresql")
    first, second = primary_and_standby(make_scheduler, other_process)

    assert first.running and first.lock.held()
    assert not wait_until(lambda: second.running, timeout=0.5)  # it keeps standing by
    assert second.scheduler is None and not second.lock.held()
    assert second._thread.is_alive()
    assert SchedulerLock(other_process.engine).acquire() is False


def test_on_postgresql_the_standby_takes_over_when_the_first_stops(
    services, other_process, make_scheduler
):
    require(services.engine, "postgresql")
    first, second = primary_and_standby(make_scheduler, other_process)
    assert not second.running

    first.stop()
    assert not first.running
    assert wait_until(lambda: second.running), "the standby never acquired the released lock"
    assert sorted(job.id for job in second.scheduler.get_jobs()) == JOB_IDS


def test_on_postgresql_stopping_releases_the_lock(services, other_process, make_scheduler):
    require(services.engine, "postgresql")
    scheduler = make_scheduler()
    scheduler.start()
    started(scheduler)
    assert SchedulerLock(other_process.engine).acquire() is False
    scheduler.stop()
    assert SchedulerLock(other_process.engine).acquire() is True


def test_on_postgresql_a_dead_holders_lock_passes_to_the_standby(
    services, other_process, make_scheduler
):
    """The server drops a session's advisory lock when its connection goes, as when the
    process holding it dies."""
    require(services.engine, "postgresql")
    first, second = primary_and_standby(make_scheduler, other_process)
    assert not second.running

    exit_process(first)
    assert wait_until(lambda: second.running)


def test_on_postgresql_a_holder_whose_connection_is_ended_stops_and_another_takes_over(
    services, other_process, make_scheduler, monkeypatch
):
    """A PostgreSQL restart, or an administrator, ends the holder's connection, and the lock
    with it; the holder's process lives on. It finds the lock gone and stops scheduling; the
    standby wins the lock, waits out the grace, and schedules; the two never schedule at once.
    The first then stands by, and takes over again when the second stops."""
    require(services.engine, "postgresql")
    monkeypatch.setattr(scheduler_module, "LOCK_CHECK_SECONDS", 0.1)
    monkeypatch.setattr(scheduler_module, "TAKEOVER_GRACE_SECONDS", 0.5)
    first, second = primary_and_standby(make_scheduler, other_process)
    both: list[float] = []
    watching = threading.Event()

    def watch() -> None:
        while not watching.is_set():
            if first.running and second.running:
                both.append(time.monotonic())
            time.sleep(0.001)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        [holder] = holder_backend(services.engine)
        with services.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})
        assert wait_until(lambda: not first.running), "the holder never noticed"
        assert wait_until(lambda: second.running), "nobody took over"
    finally:
        watching.set()
        watcher.join()
    assert both == [], "two processes scheduled at once"
    assert first._thread.is_alive() and not first.lock.held()  # standing by

    second.stop()
    assert wait_until(lambda: first.running), "the first never took over again"


def test_on_postgresql_a_job_run_after_the_lock_was_lost_does_nothing(
    services, fake_slack: FakeSlack, make_scheduler, monkeypatch, caplog
):
    """Between losing the lock and noticing it, a holder's jobs still fire: each checks the
    lock as it starts, and does nothing without it."""
    require(services.engine, "postgresql")
    monkeypatch.setattr(scheduler_module, "LOCK_CHECK_SECONDS", 3600.0)  # it never notices
    caplog.set_level(logging.INFO, scheduler_module.__name__)
    scheduler = make_scheduler()
    scheduler.start()
    assert wait_until(lambda: "digests: 0 sent" in caplog.text)  # the start's catch-up is done
    subscribe_daily(services.engine)
    publish_in_the_due_period(services.engine, "Never sent by a process without the lock")
    [holder] = holder_backend(services.engine)
    with services.engine.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})

    scheduler.scheduler.get_job("digest-daily").modify(next_run_time=utcnow())
    assert wait_until(lambda: "no longer holds the scheduler lock" in caplog.text)
    fake_slack.assert_no_calls("chat.postMessage", within=0.5)
    assert ledger_periods(services.engine) == []


def test_stopping_a_standby_ends_its_thread(services, other_process, make_scheduler):
    require(services.engine, "postgresql")
    first, second = primary_and_standby(make_scheduler, other_process)
    second.stop()
    assert not second._thread.is_alive()
    assert not second.running
    assert first.running


def test_a_stop_while_the_standby_takes_over_leaves_nothing_running(
    services, other_process, make_scheduler, monkeypatch
):
    """stop() arriving just as the standby wins the lock: no scheduler keeps running after
    stop() returned, and the lock is released."""
    require(services.engine, "postgresql")
    first, second = primary_and_standby(make_scheduler, other_process)
    stopping: list[threading.Thread] = []
    real_acquire = SchedulerLock.acquire

    def acquire_then_get_stopped(lock: SchedulerLock) -> bool:
        won = real_acquire(lock)
        if won and lock is second.lock:
            stopper = threading.Thread(target=second.stop)
            stopper.start()
            assert wait_until(second._stop.is_set)  # stop() is now waiting for the thread
            stopping.append(stopper)
        return won

    monkeypatch.setattr(SchedulerLock, "acquire", acquire_then_get_stopped)
    first.stop()  # the standby takes over, and is stopped as it does
    assert wait_until(lambda: bool(stopping))
    stopping[0].join(timeout=10)
    assert not second._thread.is_alive()
    assert not second.running
    check = SchedulerLock(services.engine)
    assert check.acquire() is True  # its lock was released
    check.release()


def test_a_scheduler_that_cannot_start_tries_again(services, make_scheduler, monkeypatch):
    """The job store cannot be read (the database went away as the scheduler started): the
    process lets the lock go, stands by, and schedules once it can."""
    real_build = DigestScheduler._build
    failures = [RuntimeError("the database went away")]

    def build_or_fail(scheduler: DigestScheduler):
        if failures:
            raise failures.pop()
        return real_build(scheduler)

    monkeypatch.setattr(DigestScheduler, "_build", build_or_fail)
    scheduler = make_scheduler()
    scheduler.start()
    started(scheduler)
    assert failures == []
    assert sorted(job.id for job in scheduler.scheduler.get_jobs()) == JOB_IDS
