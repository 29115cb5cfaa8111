"""Logging: one line per record, secrets redacted from every line, written by a thread of its
own, which writes the lines that queued up together in one go."""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from logging.handlers import QueueHandler

from bot.core.config import Settings

REDACTED = "[redacted]"
# Bolt logs a request whose signature fails, whole body and all, at INFO: an unsigned body is
# anyone's, of any size, and never goes to the log (serve refuses it before Bolt anyway).
BOLT_VERIFICATION_LOGGER = "slack_bolt.RequestVerification"
UNSIGNED = "a request with an invalid signature was refused (its body is not logged)"
GATHER_SECONDS = 0.02  # how long the writing thread lets lines queue up before it writes them


class RedactSecrets(logging.Filter):
    """Replaces each secret's value wherever it appears in a formatted log line."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        return True


class WithoutUnsignedBodies(logging.Filter):
    """Replaces Bolt's line about a request with an invalid signature by one without its body."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Invalid request signature"):
            record.msg, record.args = UNSIGNED, None
        return True


class _Enqueue(QueueHandler):
    """Hands records to the writing thread. A record without a traceback keeps its own
    object, its message merged with its arguments; QueueHandler's copy and format are only
    needed for a traceback, which must be text by the time the redaction sees the line."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        if record.exc_info or record.stack_info:
            return super().prepare(record)
        record.msg, record.args = record.getMessage(), None
        return record


class _LineFormatter(logging.Formatter):
    """The standard line, its date and time to the second formatted once a second rather than
    once a line (it is used by the one writing thread only)."""

    _second: int | None = None
    _stamp = ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        second = int(record.created)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime(self.default_time_format, self.converter(second))
        return f"{self._stamp},{int(record.msecs):03d}"


class _Writer:
    """The thread that writes the queued records through `handler` (its format and filters):
    whatever has queued up meanwhile goes out in one write and one flush, not one per line."""

    _STOP = None

    def __init__(self, records: queue.SimpleQueue, handler: logging.StreamHandler) -> None:
        self.records = records
        self.handler = handler
        self._thread = threading.Thread(target=self._run, daemon=True, name="partnerbot-logs")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Write what is queued, then end."""
        self.records.put(self._STOP)
        self._thread.join()

    def _run(self) -> None:
        while True:
            batch = [self.records.get()]
            if batch[0] is not self._STOP:
                time.sleep(GATHER_SECONDS)  # under load, a batch rather than a wake per line
            while True:
                try:
                    batch.append(self.records.get_nowait())
                except queue.Empty:
                    break
            self._write([record for record in batch if record is not self._STOP])
            if self._STOP in batch:
                return

    def _write(self, records: list[logging.LogRecord]) -> None:
        lines = []
        for record in records:
            try:
                if self.handler.filter(record):
                    lines.append(self.handler.format(record) + self.handler.terminator)
            except Exception:
                self.handler.handleError(record)
        if lines:
            try:
                self.handler.stream.write("".join(lines))
                self.handler.flush()
            except Exception:
                self.handler.handleError(records[-1])


def _skip_what_the_line_omits() -> None:
    """The switches of the logging HOWTO's "Optimization" section: the line shows neither the
    caller nor the thread or process, so no record looks them up (a walk up the stack among
    them), which roughly halves what a request's log line costs its thread."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    secrets = [
        s.get_secret_value()
        for s in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
        if s is not None
    ]
    _skip_what_the_line_omits()
    output = logging.StreamHandler()
    output.setFormatter(_LineFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    # Redacted where the whole line, traceback included, is known.
    output.addFilter(RedactSecrets(secrets))
    # A thread of its own writes the lines: a request thread never waits on the output.
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    writer = _Writer(records, output)
    writer.start()
    atexit.register(writer.stop)  # what is queued is written before the process ends
    root = logging.getLogger()
    root.handlers[:] = [_Enqueue(records)]
    root.setLevel(level)
    bolt_verification = logging.getLogger(BOLT_VERIFICATION_LOGGER)
    if not any(isinstance(f, WithoutUnsignedBodies) for f in bolt_verification.filters):
        bolt_verification.addFilter(WithoutUnsignedBodies())  # on the logger: before any handler
    # waitress warns each time a request queues behind its busy threads: under a burst, a line
    # for nearly every request, saying what the request latency already tells.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
