"""`partnerbot serve` refuses to start without its secrets, in one clear line."""

from __future__ import annotations

import pytest

from bot.cli import main

SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({}, "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-real", "SLACK_SIGNING_SECRET": "changeme"},
            "SLACK_SIGNING_SECRET",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-your-token", "SLACK_SIGNING_SECRET": "abc123"},
            "SLACK_BOT_TOKEN",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-real", "SLACK_APP_TOKEN": "<app token>"}, "SLACK_APP_TOKEN"),
    ],
)
def test_missing_or_placeholder_secrets_stop_serve_with_one_line(
    monkeypatch, capsys, environment, named
):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert f"set {named} " in err
    assert "Traceback" not in err
    for value in environment.values():
        if value not in ("changeme", "<app token>"):
            assert value not in err  # secrets never printed


def test_env_file_is_read(monkeypatch, tmp_path, capsys):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\n")
    assert main(["serve", "--port", "0"]) == 2
    assert "set SLACK_SIGNING_SECRET " in capsys.readouterr().err


@pytest.mark.parametrize("command", [["worker"], ["digest", "run"]])
def test_the_commands_that_post_stop_with_one_line_without_a_bot_token(command, capsys):
    assert main(command) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"partnerbot {' '.join(command)}: set SLACK_BOT_TOKEN (unset or a placeholder)."
