"""Real partnerbot processes for the tests: `serve` on a free port, `worker`, and waiting on
state another process changes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from bot.runtime.serve import EVENTS_PATH
from tests.support.proc import child_pids
from tests.support.slack_requests import SlackSender
from tests.support.waiting import eventually

STOP_TIMEOUT = 20


# What `serve` logs once it listens, with the port it was given: asked for port 0, it takes a
# free one itself. A port picked here and handed to it could be taken by another process before
# `serve` binds it, and that process would then answer this test's requests.
LISTENING = re.compile(r"serving Slack requests on http://[\d.]+:(\d+)")


def listening_port(log: Path) -> int | None:
    found = LISTENING.search(log.read_text())
    return int(found.group(1)) if found else None


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it yet


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (serve stops its worker), SIGKILL if it hangs, and no child of it left running:
    a process outliving its test would work on the next test's database."""
    children = child_pids(process.pid) if process.poll() is None else []
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in children:
        if is_running(child):
            os.kill(child, signal.SIGKILL)
    eventually(lambda: not any(is_running(child) for child in children), STOP_TIMEOUT)


class Processes:
    """Starts partnerbot commands in `folder` with `env`; `stop_all` stops what still runs."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env = folder, env
        self.started: list[subprocess.Popen] = []

    def log(self, number: int) -> Path:
        return self.folder / f"process-{number}.log"

    def run(self, *args: str) -> subprocess.Popen:
        with self.log(len(self.started)).open("w") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", *args],
                cwd=self.folder,
                env=self.env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        self.started.append(process)
        return process

    def serve(self, *args: str) -> tuple[SlackSender, subprocess.Popen]:
        """`partnerbot serve` on a port of its own choosing, once its health check answers."""
        process = self.run("serve", "--host", "127.0.0.1", "--port", "0", *args)
        log = self.log(len(self.started) - 1)
        eventually(
            lambda: listening_port(log) is not None or process.poll() is not None,
            30,
            "serve to listen",
        )
        assert process.poll() is None, log.read_text()
        port = listening_port(log)
        eventually(lambda: healthy(port) or process.poll() is not None, 30, "serve to start")
        assert process.poll() is None, log.read_text()
        url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
        return SlackSender(url, self.env["SLACK_SIGNING_SECRET"]), process

    def logs(self) -> list[str]:
        return [self.log(number).read_text() for number in range(len(self.started))]

    def stop_all(self) -> None:
        """Each process stopped (see `stop`), children and all."""
        for process in self.started:
            stop(process)
