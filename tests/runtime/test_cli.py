"""`partnerbot kb validate|export` and `partnerbot ask --json`, run in-process through main()."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from bot.answering.replies import NOT_KNOWN, NOTED
from bot.cli import main
from knowledge.index import BUNDLED_DIR
from knowledge.schema import load_entries

EXPORT_FIELDS = {"id", "kind", "title", "sector", "answer", "questions", "keywords"}
ASK_FIELDS = {"question", "answered", "answer", "match", "alternatives"}
# What the reading adds: how the message was read (knowledge.reading.describe).
READING_FIELDS = {"kind", "reply", "talk", "answers", "browse"}
MATCH_FIELDS = {"id", "kind", "title", "sector", "score"}
ALTERNATIVE_FIELDS = {"id", "title", "score"}


@pytest.fixture(autouse=True)
def bundled_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Use the bundled knowledge base: no PARTNERBOT_KNOWLEDGE_DIR, no stray .env."""
    monkeypatch.delenv("PARTNERBOT_KNOWLEDGE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)


def check_ask_object(obj: dict) -> None:
    assert set(obj) == ASK_FIELDS | READING_FIELDS
    assert isinstance(obj["question"], str)
    assert isinstance(obj["answered"], bool)
    assert isinstance(obj["answer"], str) and obj["answer"]
    assert isinstance(obj["alternatives"], list)
    for alternative in obj["alternatives"]:
        assert set(alternative) == ALTERNATIVE_FIELDS
        assert isinstance(alternative["score"], float)
    if obj["answered"]:
        assert set(obj["match"]) == MATCH_FIELDS
        assert isinstance(obj["match"]["score"], float)
    else:
        assert obj["match"] is None
    if obj["kind"] == "question" and not obj["answered"]:
        # `ask` stores nothing: its "I don't know" never says the question was noted.
        assert obj["answer"] == NOT_KNOWN


# --- kb validate -------------------------------------------------------------------------------


def test_kb_validate_bundled_exits_0_and_prints_a_count(capsys: pytest.CaptureFixture) -> None:
    assert main(["kb", "validate"]) == 0

    out, err = capsys.readouterr()
    found = re.search(r"OK: (\d+) entries", out)
    assert found, out
    assert int(found.group(1)) == len(load_entries(BUNDLED_DIR))
    assert "16 sector" in out
    assert err == ""


def test_kb_validate_with_the_bundled_dir_given(capsys: pytest.CaptureFixture) -> None:
    assert main(["kb", "validate", str(BUNDLED_DIR)]) == 0

    assert capsys.readouterr().out.startswith("OK: ")


def test_kb_validate_bad_dir_exits_1_with_file_entry_field_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = tmp_path / "bad-kb"
    bad.mkdir()
    (bad / "faq.yaml").write_text(
        textwrap.dedent(
            """\
            - id: wrong-sector
              kind: faq
              title: A title
              answer: An answer.
              sector: dam
            - id: no-answer
              kind: faq
              title: A title
            """
        )
    )
    (bad / "notes.yaml").write_text("- [broken\n")

    assert main(["kb", "validate", str(bad)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert any(
        line.startswith("faq.yaml: entry 'wrong-sector': field 'sector': unknown sector slug")
        for line in lines
    ), err
    assert "faq.yaml: entry 'no-answer': field 'answer': Field required" in lines
    assert any(line.startswith("notes.yaml: not valid YAML") for line in lines), err
    assert lines[-1] == f"3 problem(s) in {bad}"


def test_kb_validate_empty_dir_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    assert main(["kb", "validate", str(empty)]) == 1

    assert "no *.yaml knowledge files" in capsys.readouterr().err


def test_kb_validate_follows_partnerbot_knowledge_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    empty = tmp_path / "configured"
    empty.mkdir()
    monkeypatch.setenv("PARTNERBOT_KNOWLEDGE_DIR", str(empty))

    assert main(["kb", "validate"]) == 1

    assert str(empty) in capsys.readouterr().err


# --- kb export ---------------------------------------------------------------------------------


def test_kb_export_json_prints_every_entry(capsys: pytest.CaptureFixture) -> None:
    assert main(["kb", "export", "--json"]) == 0

    rows = json.loads(capsys.readouterr().out)
    entries = load_entries(BUNDLED_DIR)
    assert isinstance(rows, list)
    assert [row["id"] for row in rows] == [e.id for e in entries]
    for row, entry in zip(rows, entries, strict=True):
        assert set(row) == EXPORT_FIELDS
        assert isinstance(row["questions"], list)
        assert isinstance(row["keywords"], list)
        assert row["questions"] == list(entry.questions)
        assert row["keywords"] == list(entry.keywords)
        assert (row["kind"], row["title"], row["sector"], row["answer"]) == (
            entry.kind,
            entry.title,
            entry.sector,
            entry.answer,
        )


def test_kb_export_prints_json_without_the_flag(capsys: pytest.CaptureFixture) -> None:
    """JSON is the one format: `kb export` said "--json is required"."""
    assert main(["kb", "export"]) == 0
    plain = capsys.readouterr().out
    assert main(["kb", "export", "--json"]) == 0
    assert json.loads(plain) == json.loads(capsys.readouterr().out)


# --- ask --json --------------------------------------------------------------------------------


def test_ask_json_who_leads_the_dams_sector(capsys: pytest.CaptureFixture) -> None:
    assert main(["ask", "--json", "who leads the dams sector"]) == 0

    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    obj = json.loads(out)
    check_ask_object(obj)
    assert obj["question"] == "who leads the dams sector"
    assert obj["answered"] is True
    assert obj["match"]["id"] == "sector-dams"
    assert obj["match"]["kind"] == "sector"
    assert obj["match"]["sector"] == "dams"
    assert 0 < obj["match"]["score"] <= 1
    assert "Dams" in obj["answer"]


def test_ask_json_question_in_several_words(capsys: pytest.CaptureFixture) -> None:
    assert main(["ask", "--json", "who", "leads", "the", "dams", "sector"]) == 0

    obj = json.loads(capsys.readouterr().out)
    assert obj["question"] == "who leads the dams sector"
    assert obj["match"]["id"] == "sector-dams"


def test_ask_json_stdin_one_object_per_non_blank_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    stdin = "who leads the dams sector\n\n  what is TLP:RED  \n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))

    assert main(["ask", "--json", "-"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    objects = [json.loads(line) for line in lines]
    for obj in objects:
        check_ask_object(obj)
    assert [obj["question"] for obj in objects] == [
        "who leads the dams sector",
        "what is TLP:RED",
    ]


def test_ask_json_out_of_scope_question_is_not_answered(capsys: pytest.CaptureFixture) -> None:
    assert main(["ask", "--json", "what's a good recipe for lasagna"]) == 0

    obj = json.loads(capsys.readouterr().out)
    check_ask_object(obj)
    assert obj["answered"] is False
    assert obj["match"] is None
    assert obj["answer"] == NOT_KNOWN
    assert (obj["kind"], obj["reply"], obj["answers"], obj["browse"]) == (
        "question",
        None,
        [],
        None,
    )


def test_ask_never_claims_to_note_a_question_it_does_not_record(capsys: pytest.CaptureFixture):
    assert main(["ask", "best energy drink"]) == 0

    out = capsys.readouterr().out
    assert out.startswith(NOT_KNOWN)
    assert NOTED not in out and "noted" not in out.lower()


@pytest.mark.parametrize("words", [[""], ["  "], ["", ""]])
def test_ask_with_no_question_prints_its_usage_and_exits_2(words, capsys: pytest.CaptureFixture):
    assert main(["ask", *words]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: partnerbot ask")


@pytest.mark.parametrize(
    ("message", "kind", "reply", "talk"),
    [
        ("hi", "smalltalk", "smalltalk", "greeting"),
        ("thanks!", "smalltalk", "smalltalk", "thanks"),
        ("\x1b[A", "smalltalk", "smalltalk", "empty"),
        ("help", "help", "help", None),
        ("book a room for me", "cannot", "cannot", None),
    ],
)
def test_ask_json_says_how_a_message_that_is_no_question_was_read(
    message, kind, reply, talk, capsys: pytest.CaptureFixture
):
    assert main(["ask", "--json", message]) == 0

    obj = json.loads(capsys.readouterr().out)
    check_ask_object(obj)
    assert (obj["kind"], obj["reply"], obj["talk"]) == (kind, reply, talk)
    assert obj["answered"] is False and obj["match"] is None
    assert NOT_KNOWN not in obj["answer"]  # a friendly reply, the help or "I can't do that"


def test_ask_json_lists_what_a_browse_shows(capsys: pytest.CaptureFixture):
    assert main(["ask", "--json", "what training is there for energy?"]) == 0

    obj = json.loads(capsys.readouterr().out)
    check_ask_object(obj)
    assert obj["kind"] == "browse"
    assert obj["browse"]["kind"] == "training" and obj["browse"]["sectors"] == ["energy"]
    assert obj["browse"]["ids"] and obj["browse"]["specific"] is False
    assert "no training specific to the Energy Sector" in obj["answer"]

    # The words match an entry too (kept in `match` for tools that score the matcher), but what
    # the bot replies with is the list.
    assert main(["ask", "--json", "list the sectors"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["kind"] == "browse" and obj["match"] is not None
    assert obj["answer"].startswith("The 16 critical infrastructure sectors\n- Chemical Sector:")


def test_ask_json_answers_each_question_of_a_message(capsys: pytest.CaptureFixture):
    assert main(["ask", "--json", "who leads energy and is there ICS training?"]) == 0

    obj = json.loads(capsys.readouterr().out)
    check_ask_object(obj)
    assert obj["match"]["id"] == "sector-energy"
    assert [a["id"] for a in obj["answers"]] == ["sector-energy", "training-ics-301"]


def test_ask_plain_text(capsys: pytest.CaptureFixture) -> None:
    assert main(["ask", "who leads the dams sector"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("Dams Sector\n\n")
    assert "Source: http" in out
