"""The command line's rough edges: output to a closed pipe, an empty audit trail, and a
`--weeks` that meant nothing. `kb export`'s default format is tested with the other kb
commands (test_cli.py)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def partnerbot(tmp_path: Path, *argv: str, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    """`partnerbot ARGV` as a process whose output is a pipe (as in `| head`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERBOT_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *argv],
        cwd=tmp_path,
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # the reader takes no more than the lines it reads
    )
    # A small pipe, so the writer cannot finish before the reader hangs up; the process is
    # still starting when this runs. (Where it cannot be set, the default 64 KiB is used.)
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    return process


def read_then_hang_up(process: subprocess.Popen, lines: int) -> tuple[int, str]:
    """Read a few lines, close the pipe as `head` does; the exit code and standard error."""
    for _ in range(lines):
        assert process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    return process.returncode, err.decode()


def test_kb_export_into_head_stops_quietly(tmp_path, capsys):
    # The export is larger than a pipe holds, or it would be written before head exits.
    assert main(["kb", "export"]) == 0
    assert len(capsys.readouterr().out) > 65536 + 8192

    code, err = read_then_hang_up(partnerbot(tmp_path, "kb", "export", "--json"), 3)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert err == ""
    assert code == 141


def test_a_streaming_command_stops_quietly_when_its_reader_goes(tmp_path):
    questions = tmp_path / "questions.txt"
    questions.write_text("who leads the dams sector\n" * 2000)
    with questions.open("rb") as stdin:
        process = partnerbot(tmp_path, "ask", "--json", "-", stdin=stdin)
        code, err = read_then_hang_up(process, 1)
    assert err == "" and code == 141


@pytest.fixture
def empty_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")


def test_alerts_audit_with_nothing_to_show_says_so(empty_database, capsys):
    assert main(["alerts", "audit"]) == 0
    assert capsys.readouterr().out == (
        "No staff decisions on alerts yet: publish, approve, reject, edit or retract one.\n"
    )
    assert main(["alerts", "audit", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


@pytest.mark.parametrize("weeks", ["0", "-1", "two"])
def test_report_refuses_weeks_that_are_not_a_positive_number(empty_database, capsys, weeks):
    with pytest.raises(SystemExit) as exited:
        main(["report", "--weeks", weeks])
    assert exited.value.code == 2
    assert "--weeks" in capsys.readouterr().err


def test_report_takes_a_positive_number_of_weeks(empty_database, capsys):
    assert main(["report", "--weeks", "1"]) == 0
    assert capsys.readouterr().out
