"""`partnerbot worker`: answers the questions stored in the inbox, in a process of its own.

`partnerbot serve` starts one as its child (AnswerProcess), restarts it if it dies and stops it
with itself, so answering (a few ms of CPU a question) never holds up an ack. More workers may
run anywhere against the same PostgreSQL database; each claims its own rows.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

from bot.core.config import Settings
from bot.runtime.app import create_inbox_worker
from bot.runtime.heap import freeze_startup_objects
from bot.runtime.logs import configure_logging
from bot.services import Services

log = logging.getLogger(__name__)

# Under load the CPU goes to the acks first: Slack waits 3 s for those, and nobody for answers.
WORKER_NICENESS = 10
# A thread holding SQLite's write lock (a claim) takes the interpreter lock back several times
# before it commits, each time after an answering thread's turn, which a niced process gets
# late; with short turns the claim commits soon, and the acks wait less for the write lock.
SWITCH_INTERVAL_SECONDS = 0.0005
RESTART_AFTER_SECONDS = 1.0
STOP_TIMEOUT_SECONDS = 20.0


def run_worker(settings: Settings, *, parent: int | None = None) -> int:
    """Answer from the inbox until SIGTERM, or until the process `parent` is gone."""
    configure_logging(settings)
    os.nice(WORKER_NICENESS)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    services = Services.start(settings)
    if parent is not None and os.getppid() != parent:  # gone while this one started
        log.warning("the serve process that started this worker is gone; not starting")
        services.engine.dispose()
        return 0
    worker = create_inbox_worker(services)
    freeze_startup_objects()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    worker.start()
    log.info("answering the questions in the inbox")
    try:
        while parent is None or os.getppid() == parent:
            if stopping.wait(0.25):
                break
        else:
            log.warning("the serve process that started this worker is gone; stopping")
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()  # the answers in flight finish; what is pending waits in the inbox
        services.engine.dispose()
    return 0


class AnswerProcess:
    """`partnerbot worker` as a child of `serve`: started with it, restarted if it dies,
    stopped with it."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # a restart and a stop never cross
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="partnerbot-worker")
        self._watcher.start()

    def stop(self) -> None:
        """SIGTERM to the worker: its answers in flight finish, then it exits."""
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            log.warning("the answer worker did not stop in %g s; killed", STOP_TIMEOUT_SECONDS)
            process.kill()
            process.wait()

    def _spawn(self) -> None:
        command = [sys.executable, "-m", "bot", "worker", "--parent", str(os.getpid())]
        with self._lock:
            if not self._stopping.is_set():
                self._process = subprocess.Popen(command)  # inherits the environment and logs

    def _watch(self) -> None:
        while not self._stopping.is_set():
            code = self._process.wait()
            if self._stopping.wait(RESTART_AFTER_SECONDS):
                return
            log.error("the answer worker exited (status %s); starting another", code)
            self._spawn()
