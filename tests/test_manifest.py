"""app_manifest.yml against Slack's schema and against what the code registers and calls."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = yaml.safe_load((ROOT / "app_manifest.yml").read_text())
# Slack's published manifest schema (MIT-licensed, not part of this project): point
# SLACK_MANIFEST_SCHEMA at a copy of manifest.schema.1.0.0.json to validate against it.
SCHEMA = Path(os.environ.get("SLACK_MANIFEST_SCHEMA", ROOT / "no-schema-given"))
CODE = "\n".join(
    path.read_text() for folder in ("handlers", "bot") for path in (ROOT / folder).rglob("*.py")
)

# What in the code needs each scope: a declared scope with none of these present is unused.
SCOPE_EVIDENCE = {
    "app_mentions:read": [r'app\.event\("app_mention"\)'],
    # assistant.threads.setStatus, setSuggestedPrompts and setTitle, through Bolt's Assistant.
    "assistant:write": [r"\bset_status\(", r"\bset_suggested_prompts\b", r"\bset_title\b"],
    "chat:write": [r"\bsay\(", r"chat_postMessage", r"chat_update"],
    "commands": [r'app\.command\("/'],
    "im:history": [r'app\.event\("message"\)'],
    # conversations.info on public (channels:) and private (groups:) channels, for AMBER;
    # users.conversations for the Home tab's "your channels' subscriptions".
    "channels:read": [r"conversations_info", r"users_conversations"],
    "groups:read": [r"conversations_info", r"users_conversations"],
    "im:write": [r"conversations_open"],
    "usergroups:read": [r"usergroups_users_list"],
    # conversations.replies for *Save as answer*: a thread's question, in a public or a private
    # channel (a DM's thread is read with im:history).
    "channels:history": [r"conversations_replies"],
    "groups:history": [r"conversations_replies"],
}


def _registered(kind: str) -> set[str]:
    return set(re.findall(rf'app\.{kind}\("([^"]+)"\)', CODE))


# What Bolt's Assistant listens to once an app registers one (app.assistant(...)).
ASSISTANT_EVENTS = {"assistant_thread_started", "assistant_thread_context_changed", "message"}


@pytest.mark.skipif(not SCHEMA.exists(), reason="SLACK_MANIFEST_SCHEMA names no file")
def test_manifest_is_valid_against_slacks_schema():
    jsonschema.validate(MANIFEST, json.loads(SCHEMA.read_text()))


def test_every_registered_command_is_declared():
    declared = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert _registered("command") <= declared
    assert declared <= _registered("command")


def test_every_registered_event_is_subscribed():
    subscribed = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    registered = _registered("event")
    if re.search(r"app\.assistant\(", CODE):
        registered |= ASSISTANT_EVENTS
    events = {"message.im" if e == "message" else e for e in registered}
    assert events == subscribed


def test_the_assistant_pane_is_declared_with_what_it_needs():
    assert re.search(r"app\.assistant\(", CODE)
    assert MANIFEST["features"]["assistant_view"]["assistant_description"]
    assert "assistant:write" in MANIFEST["oauth_config"]["scopes"]["bot"]


def test_every_registered_shortcut_is_declared():
    declared = {s["callback_id"] for s in MANIFEST["features"].get("shortcuts", [])}
    assert _registered("shortcut") == declared


def test_interactivity_is_on_because_the_cards_have_buttons():
    assert re.search(r"app\.action\(", CODE)
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_every_declared_scope_is_used():
    for scope in MANIFEST["oauth_config"]["scopes"]["bot"]:
        assert scope in SCOPE_EVIDENCE, f"{scope} is declared but nothing here explains it"
        assert any(re.search(p, CODE) for p in SCOPE_EVIDENCE[scope]), f"{scope} is unused"
