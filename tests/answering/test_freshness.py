"""Freshness: an entry past its `expires` date is shown with a warning and never as the certain
answer; entries not reviewed in a year are listed for staff."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

import pytest

from bot.answering import freshness
from bot.answering.dialogue import Asked, reply_to
from bot.cli import main
from bot.core.config import Settings
from knowledge.index import KnowledgeIndex
from knowledge.matcher import Matcher
from knowledge.schema import Entry, load_entries
from tests.conftest import make_settings
from tests.support.fake_slack import FakeSlack
from tests.support.flows import (
    all_text,
    ask_dm,
    knowledge_with,
)

TODAY = dt.date(2026, 12, 1)
HOTLINE = """\
- id: faq-winter-storm-hotline
  kind: faq
  title: The winter storm hotline
  answer: Call the winter storm hotline at 555-0100.
  questions: [what is the winter storm hotline number]
  keywords: [winter storm hotline]
  reviewed: 2025-01-10
  expires: 2025-06-01
- id: faq-summer-heat-hotline
  kind: faq
  title: The summer heat hotline
  answer: Call the summer heat hotline at 555-0199.
  questions: [what is the summer heat hotline number]
  keywords: [summer heat hotline]
  reviewed: 2026-11-01
  expires: 2099-06-01
"""
WARNING = "This answer was due for review on 2025-06-01 and may be out of date"


def entry(**fields) -> Entry:
    return Entry(**{"id": "faq-x", "kind": "faq", "title": "X", "answer": "x", **fields})


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"reviewed": dt.date(2026, 1, 1)}, None),
        ({"reviewed": TODAY - dt.timedelta(days=365)}, None),  # a year to the day: still fresh
        ({"reviewed": TODAY - dt.timedelta(days=366)}, "last reviewed 2025-11-30"),
        ({}, "no review date"),
        ({"reviewed": dt.date(2026, 1, 1), "expires": TODAY}, None),  # the day itself is valid
        ({"reviewed": dt.date(2026, 1, 1), "expires": dt.date(2026, 11, 30)}, "expired 2026-11-30"),
    ],
)
def test_why_an_entry_is_stale(fields, reason):
    found = freshness.stale(entry(**fields), TODAY)
    assert (found.reason if found else None) == reason


def test_stale_entries_come_longest_stale_first():
    entries = [
        entry(id="faq-expired", reviewed=dt.date(2025, 1, 1), expires=dt.date(2026, 3, 1)),
        entry(id="faq-old", reviewed=dt.date(2024, 6, 1)),
        entry(id="faq-fresh", reviewed=dt.date(2026, 11, 1)),
        entry(id="faq-never"),
    ]
    stale = freshness.stale_entries(entries, TODAY)
    assert [s.entry.id for s in stale] == ["faq-never", "faq-old", "faq-expired"]


def test_an_expired_best_match_is_no_longer_certain(tmp_path):
    entries = load_entries(knowledge_with(tmp_path / "kb", HOTLINE))
    matcher = Matcher(KnowledgeIndex.build(entries))
    raw = matcher.match("what is the winter storm hotline number")
    assert raw.best.entry.id == "faq-winter-storm-hotline" and raw.certain  # before the rule
    hedged = freshness.hedge(raw, TODAY)
    assert hedged == dataclasses.replace(raw, certain=False)
    fresh = matcher.match("what is the summer heat hotline number")
    assert freshness.hedge(fresh, TODAY) == fresh
    reply = reply_to(
        engine=None,
        matcher=matcher,
        text=raw.question,
        asked=Asked("U1", "shell"),
        where=None,
        help_text="",
    )
    assert reply.reading.result == dataclasses.replace(raw, certain=False)


class TestInSlack:
    @pytest.fixture
    def settings(self, database_url: str, fake_slack: FakeSlack, tmp_path) -> Settings:
        folder = knowledge_with(tmp_path / "knowledge", HOTLINE)
        return make_settings(database_url, fake_slack, PARTNERBOT_KNOWLEDGE_DIR=folder)

    def test_an_expired_entry_is_answered_with_a_warning(self, slack, fake_slack):
        reply = ask_dm(slack, fake_slack, "U1", "what is the winter storm hotline number")
        text = all_text(reply.params["blocks"])
        assert "555-0100" in text
        assert WARNING in text

    def test_a_fresh_entry_carries_no_warning(self, slack, fake_slack):
        reply = ask_dm(slack, fake_slack, "U2", "what is the summer heat hotline number")
        text = all_text(reply.params["blocks"])
        assert "555-0199" in text
        assert "may be out of date" not in text


def test_partnerbot_ask_warns_about_an_expired_entry(tmp_path, monkeypatch, capsys):
    folder = knowledge_with(tmp_path / "kb", HOTLINE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARTNERBOT_KNOWLEDGE_DIR", str(folder))
    assert main(["ask", "what is the winter storm hotline number"]) == 0
    assert WARNING in capsys.readouterr().out
    assert main(["ask", "what is the summer heat hotline number"]) == 0
    assert "may be out of date" not in capsys.readouterr().out


def test_partnerbot_ask_still_imports_no_slack(tmp_path):
    code = (
        "import sys; from bot.cli import main; main(['ask', 'who leads the dams sector']); "
        "print(sorted(m for m in sys.modules if m.startswith(('slack_sdk', 'slack_bolt'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
