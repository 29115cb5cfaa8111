"""APScheduler wiring: digest and housekeeping jobs in the app's database, one scheduler per
deployment.

The jobs live in APScheduler's SQLAlchemy job store with explicit ids and replace_existing, so
restarts neither duplicate nor lose them. coalesce=True and no misfire limit: a period missed
while the bot was down runs once when it is back; the digest ledger makes it send once. A
digest that failed (Slack down at 09:00) is sent again within its period: `retry_digests` runs
every RETRY_MINUTES and sends what is due whenever a digest of the current periods failed or
lost its sender.

Only the process holding the scheduler lock runs jobs: a PostgreSQL advisory lock, held by a
connection of its own (the server releases it when its holder dies, so a standby takes over);
on SQLite the one process holds it. The lock goes with its connection, and a connection can
go without its process noticing (a database restart, an administrator ending it), so:
- the holder checks its lock every LOCK_CHECK_SECONDS, on that connection (pg_locks), and stops
  scheduling the moment it finds it gone, then stands by again like any other process;
- a process that wins the lock waits TAKEOVER_GRACE_SECONDS before it schedules: longer than a
  holder that lost it takes to notice, so two processes never schedule at once;
- and every job checks the lock as it starts (`leader_only`): a holder that lost it and has not
  yet noticed runs nothing. Jobs added here should be wrapped in it too.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Connection, Engine, text

from bot.core.models import utcnow
from bot.curation.reviews import RUN_AT_MINUTE as REVIEWS_AT_MINUTE
from bot.curation.reviews import WeeklyReviews
from bot.outreach.digests import Digests
from bot.outreach.periods import SEND_AT
from bot.runtime.retention import purge

log = logging.getLogger(__name__)
LOCK_KEY = 0x70626F74  # "pbot": the advisory lock that elects the scheduling process
STANDBY_RETRY_SECONDS = 15.0
LOCK_CHECK_SECONDS = 5.0
TAKEOVER_GRACE_SECONDS = 2 * LOCK_CHECK_SECONDS + 1.0
HOUSEKEEPING_AT = {"hour": 3, "minute": 30}  # a quiet hour, away from the 09:00 digests
RETRY_MINUTES = 5
# Is this the lock's connection still holding it? (An advisory lock on one bigint key shows
# in pg_locks as classid = its high 32 bits, objid = its low ones.)
_HELD = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid::bigint = 0 AND objid::bigint = :key)"
)

JOB_THREADS = 4

# Persistent jobs must name an importable function; it finds the scheduler it runs for here:
# the one whose threads run it (several in one process only in tests), else the last started.
_current: DigestScheduler | None = None
_job_thread = threading.local()


def _running_for() -> DigestScheduler | None:
    return getattr(_job_thread, "scheduler", None) or _current


def leader_only(job: Callable[[], None]) -> Callable[[], None]:
    """The job, run only while this process holds the scheduler lock (checked as it starts)."""

    @functools.wraps(job)  # the same name: the job store finds the wrapped function by it
    def run() -> None:
        scheduler = _running_for()
        if scheduler is None:
            log.warning("%s ran before the scheduler was set up", job.__name__)
            return
        if not scheduler.lock.held():
            log.warning("%s not run: this process no longer holds the scheduler lock", job.__name__)
            return
        job()

    return run


@leader_only
def send_digests() -> None:
    """The scheduled job: send every digest that is due and not yet sent."""
    run = _running_for().digests.send_due()
    log.info(
        "digests: %s sent, %s empty, %s already sent, %s failed",
        run.sent,
        run.empty,
        run.already,
        run.failed,
    )


@leader_only
def retry_digests() -> None:
    """Every few minutes: if a digest of the current periods failed (or lost its sender),
    send what is due again; otherwise nothing, not even the digests' news is read."""
    if _running_for().digests.unfinished():
        send_digests()


@leader_only
def send_weekly_reviews() -> None:
    """Hourly: each owner's weekly review not sent yet (a week missed while the bot was down
    goes out within the hour of its return)."""
    reviews = _running_for().reviews
    if reviews is None:
        return
    run = reviews.send_due()
    log.info(
        "weekly review: %s sent, %s already sent, %s failed, %s entr(ies) with no recipient",
        run.sent,
        run.already,
        run.failed,
        run.unrouted,
    )


@leader_only
def housekeeping() -> None:
    """The nightly job: delete what the retention rules say is no longer kept."""
    scheduler = _running_for()
    purged = purge(scheduler.engine, retention_days=scheduler.retention_days)
    log.info(
        "housekeeping: %s questions, %s feedback and %s event ids deleted",
        purged.questions,
        purged.feedback,
        purged.events,
    )


class SchedulerLock:
    """Held for as long as this process schedules; on PostgreSQL an advisory lock, held by a
    connection of its own (used by one thread at a time)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._using = threading.Lock()

    def acquire(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True
        with self._using:
            connection = self.engine.connect()
            try:
                won = connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}
                ).scalar()
                connection.commit()  # the lock is the session's; no transaction is left open
            except Exception:
                connection.invalidate()
                connection.close()
                raise
            if won:
                self._connection = connection  # the lock lives as long as this session
                return True
            connection.close()
            return False

    def held(self) -> bool:
        """Whether the lock is still this process's: its connection alive and holding it."""
        if self.engine.dialect.name != "postgresql":
            return True
        with self._using:
            if self._connection is None:
                return False
            try:
                held = bool(self._connection.execute(_HELD, {"key": LOCK_KEY}).scalar())
                self._connection.commit()
            except Exception:  # the connection is gone, and the lock with it
                return False
            return held

    def release(self) -> None:
        with self._using:
            if self._connection is None:
                return
            connection, self._connection = self._connection, None
            try:
                # close() only returns the connection to the pool, where the lock would live on.
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                connection.commit()
            except Exception:
                connection.invalidate()  # a dropped connection: the server let the lock go with it
            connection.close()


class DigestScheduler:
    """Schedules the jobs while this process holds the lock: one thread of its own stands by,
    takes the lock, waits out the grace, schedules, and watches the lock until it is lost
    (then stands by again) or `stop` is called."""

    def __init__(
        self,
        engine: Engine,
        digests: Digests,
        timezone: str,
        retention_days: int = 365,
        reviews: WeeklyReviews | None = None,
    ) -> None:
        self.engine = engine
        self.digests = digests
        self.reviews = reviews
        self.timezone = timezone
        self.retention_days = retention_days
        self.lock = SchedulerLock(engine)
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _build(self) -> BackgroundScheduler:
        def belong_here() -> None:
            _job_thread.scheduler = self

        threads = {"initializer": belong_here, "thread_name_prefix": "partnerbot-job"}
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine)},
            executors={"default": ThreadPoolExecutor(JOB_THREADS, pool_kwargs=threads)},
            timezone=self.timezone,
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )
        at = {"hour": SEND_AT.hour, "minute": SEND_AT.minute, "timezone": self.timezone}
        scheduler.add_job(send_digests, CronTrigger(**at), id="digest-daily", replace_existing=True)
        scheduler.add_job(
            send_digests,
            CronTrigger(day_of_week="mon", **at),
            id="digest-weekly",
            replace_existing=True,
        )
        scheduler.add_job(
            send_weekly_reviews,
            CronTrigger(minute=REVIEWS_AT_MINUTE, timezone=self.timezone),
            id="knowledge-reviews",
            replace_existing=True,
        )
        scheduler.add_job(
            retry_digests,
            IntervalTrigger(minutes=RETRY_MINUTES, timezone=self.timezone),
            id="digest-retry",
            replace_existing=True,
        )
        scheduler.add_job(
            housekeeping,
            CronTrigger(timezone=self.timezone, **HOUSEKEEPING_AT),
            id="housekeeping",
            replace_existing=True,
        )
        return scheduler

    def start(self) -> None:
        """Schedule once this process holds the lock (in the background: it may stand by)."""
        global _current
        _current = self
        self._thread = threading.Thread(target=self._run, daemon=True, name="partnerbot-scheduler")
        self._thread.start()

    @property
    def running(self) -> bool:
        return self.scheduler is not None and self.scheduler.running

    def stop(self) -> None:
        """Stop scheduling (the jobs running finish first) and let the lock go."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    # -- the scheduler's own thread ------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if not self._acquire():
                    self._stop.wait(STANDBY_RETRY_SECONDS)
                    continue
                log.info(
                    "this process runs the digest scheduler, in %g s (the time a process that "
                    "lost the lock without knowing it takes to notice)",
                    TAKEOVER_GRACE_SECONDS,
                )
                if not self._stop.wait(TAKEOVER_GRACE_SECONDS) and self.lock.held():
                    try:
                        self._schedule()
                    except Exception:  # the job store could not be read, say: try again
                        log.exception("the digest scheduler could not start; standing by")
                        self._unschedule(wait=False)
                        self._stop.wait(STANDBY_RETRY_SECONDS)
                        continue
                    self._watch()
                self._unschedule(wait=self._stop.is_set())
        finally:
            self._unschedule(wait=True)

    def _acquire(self) -> bool:
        try:
            return self.lock.acquire()
        except Exception:  # the database is down: stand by and try again
            log.exception("could not ask the database for the scheduler lock")
            return False

    def _schedule(self) -> None:
        self.scheduler = self._build()
        self.scheduler.start()
        log.info("the digest scheduler started")
        # A period missed while no scheduler ran is sent now, once; and housekeeping is done.
        now = utcnow()
        for job_id in ("digest-daily", "housekeeping"):
            self.scheduler.modify_job(job_id, next_run_time=now)

    def _watch(self) -> None:
        """Return when `stop` is called or the lock is found gone."""
        while not self._stop.wait(LOCK_CHECK_SECONDS):
            if not self.lock.held():
                log.error("the scheduler lock is lost (its database connection went): standing by")
                return

    def _unschedule(self, wait: bool) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=wait)  # no job starts after this; those running finish
        self.scheduler = None
        self.lock.release()
