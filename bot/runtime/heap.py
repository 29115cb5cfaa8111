"""The objects a long-running process makes at startup, kept out of the garbage collector's way.

`serve` and `worker` import their libraries and build the knowledge index, the apps and the
database engine once: a hundred thousand objects or more that live as long as the process. A
full (oldest generation) collection goes over every one of them, and it holds the interpreter
lock while it does, so every request in flight waits for it (benchmarks/bench_heap.py measures
how long). gc.freeze() moves them to a permanent generation that collections skip.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Collect what startup left behind, then freeze the rest. Frozen objects are still freed
    when their last reference goes; only a cycle among them would be kept (the first index, if
    a rebuild replaces it: once per process, not once per rebuild)."""
    gc.collect()
    gc.freeze()
