"""What Linux's /proc says about a process: its running children and its CPU time. Standard
library only, so that the serve bench's load process can use it and stay light."""

from __future__ import annotations

import os
from pathlib import Path


def child_pids(pid: int) -> list[int]:
    """The running children of a process: serve's answer worker."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process, all its threads; None without /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
