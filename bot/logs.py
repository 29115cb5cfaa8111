"""Logging: one line per record, secrets redacted from every line, written by a thread of its
own."""

from __future__ import annotations

import atexit
import logging
import queue
from logging.handlers import QueueHandler, QueueListener

from bot.config import Settings

REDACTED = "[redacted]"


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


class _Enqueue(QueueHandler):
    """Hands records to the writing thread. A record without a traceback keeps its own
    object, its message merged with its arguments; QueueHandler's copy and format are only
    needed for a traceback, which must be text by the time the redaction sees the line."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        if record.exc_info or record.stack_info:
            return super().prepare(record)
        record.msg, record.args = record.getMessage(), None
        return record


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    secrets = [
        s.get_secret_value()
        for s in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
        if s is not None
    ]
    output = logging.StreamHandler()
    output.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    # Redacted where the whole line, traceback included, is known.
    output.addFilter(RedactSecrets(secrets))
    # A thread of its own writes the lines: a request thread never waits on the output.
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = QueueListener(records, output)
    listener.start()
    atexit.register(listener.stop)  # what is queued is written before the process ends
    root = logging.getLogger()
    root.handlers[:] = [_Enqueue(records)]
    root.setLevel(level)
    # waitress warns each time a request queues behind its busy threads: under a burst, a line
    # for nearly every request, saying what the request latency already tells.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
