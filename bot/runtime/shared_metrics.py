"""One /metrics page for `serve` and its answer worker: prometheus_client's multiprocess mode.

Each process started from `serve` keeps its counters in files in one folder
(PROMETHEUS_MULTIPROC_DIR, inherited by the worker), and /metrics sums them. prometheus_client
picks the mode when it is first imported, so `serve` enters this before importing it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

FOLDER_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


@contextmanager
def shared_metrics() -> Iterator[None]:
    """A fresh folder for the counters of this process and its children, removed at the end;
    the operator's own folder when one is set."""
    if os.environ.get(FOLDER_VARIABLE):
        yield
        return
    folder = tempfile.mkdtemp(prefix="partnerbot-metrics-")
    os.environ[FOLDER_VARIABLE] = folder
    try:
        yield
    finally:
        del os.environ[FOLDER_VARIABLE]
        shutil.rmtree(folder, ignore_errors=True)
