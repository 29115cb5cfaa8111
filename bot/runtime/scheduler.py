"""APScheduler wiring: digest and housekeeping jobs in the app's database, one scheduler per
deployment.

The jobs live in APScheduler's SQLAlchemy job store with explicit ids and replace_existing, so
restarts neither duplicate nor lose them. coalesce=True and no misfire limit: a period missed
while the bot was down runs once when it is back; the digest ledger makes it send once.
Only the process holding the scheduler lock runs jobs: a PostgreSQL advisory lock (released by
the server when its holder dies, so a standby takes over); on SQLite the one process holds it.
"""

from __future__ import annotations

import logging
import threading

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine, text

from bot.curation import reviews
from bot.outreach.digests import Digests
from bot.outreach.periods import SEND_AT
from bot.runtime.retention import purge

log = logging.getLogger(__name__)
LOCK_KEY = 0x70626F74  # "pbot": the advisory lock that elects the scheduling process
STANDBY_RETRY_SECONDS = 15.0
HOUSEKEEPING_AT = {"hour": 3, "minute": 30}  # a quiet hour, away from the 09:00 digests

# Persistent jobs must name an importable function; it finds the running deployment here.
_digests: Digests | None = None
_retention_days = 365


def send_digests() -> None:
    """The scheduled job: send every digest that is due and not yet sent."""
    if _digests is None:
        log.warning("digest job ran before the scheduler was set up")
        return
    run = _digests.send_due()
    log.info(
        "digests: %s sent, %s empty, %s already sent, %s failed",
        run.sent,
        run.empty,
        run.already,
        run.failed,
    )


def housekeeping() -> None:
    """The nightly job: delete what the retention rules say is no longer kept."""
    if _digests is None:
        log.warning("housekeeping ran before the scheduler was set up")
        return
    purged = purge(_digests.engine, retention_days=_retention_days)
    log.info(
        "housekeeping: %s questions, %s feedback and %s event ids deleted",
        purged.questions,
        purged.feedback,
        purged.events,
    )


class SchedulerLock:
    """Held for as long as this process schedules; on PostgreSQL an advisory lock."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection = None

    def acquire(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True
        connection = self.engine.connect()
        won = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}
        ).scalar()
        connection.commit()  # the lock is the session's; no transaction is left open
        if won:
            self._connection = connection  # the lock lives as long as this session
            return True
        connection.close()
        return False

    def release(self) -> None:
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
    def __init__(
        self, engine: Engine, digests: Digests, timezone: str, retention_days: int = 365
    ) -> None:
        self.engine = engine
        self.digests = digests
        self.timezone = timezone
        self.retention_days = retention_days
        self.lock = SchedulerLock(engine)
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._changing = threading.Lock()  # start and stop, one at a time
        self._standby: threading.Thread | None = None

    def _build(self) -> BackgroundScheduler:
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine)},
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
        scheduler.add_job(  # hourly: a week missed while down is sent within the hour
            reviews.send_weekly_reviews,
            CronTrigger(minute=reviews.RUN_AT_MINUTE, timezone=self.timezone),
            id="knowledge-reviews",
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
        """Schedule now if this process wins the lock; otherwise stand by and retry."""
        global _digests, _retention_days
        _digests, _retention_days = self.digests, self.retention_days
        if not self._try_start():
            self._standby = threading.Thread(
                target=self._stand_by, daemon=True, name="partnerbot-scheduler-standby"
            )
            self._standby.start()

    def _try_start(self) -> bool:
        """True once this process schedules, or is stopping (no more standing by)."""
        with self._changing:  # a stop() meanwhile waits, and then finds a whole scheduler
            if self._stop.is_set():
                return True
            if not self.lock.acquire():
                return False
            self.scheduler = self._build()
            self.scheduler.start()
        log.info("this process runs the digest scheduler")
        send_digests()  # a period missed while no scheduler ran is sent now, once
        housekeeping()
        return True

    def _stand_by(self) -> None:
        while not self._stop.wait(STANDBY_RETRY_SECONDS):
            if self._try_start():
                return

    @property
    def running(self) -> bool:
        return self.scheduler is not None and self.scheduler.running

    def stop(self) -> None:
        self._stop.set()
        with self._changing:
            if self.scheduler is not None and self.scheduler.running:
                self.scheduler.shutdown(wait=True)
            self.lock.release()
