"""`partnerbot kb drafts [--json]` and `kb drafts export DIR`, whose YAML `kb validate` accepts,
run in-process through main() on both databases; and what happens once a draft is merged."""

from __future__ import annotations

import json
import shutil

from sqlalchemy import Engine
from sqlmodel import Session

from bot.answering.live_knowledge import LiveKnowledge
from bot.cli import main
from bot.core.models import DraftEntry
from bot.curation import drafts
from knowledge.index import BUNDLED_DIR
from knowledge.schema import load_entries

TRICKY_ANSWER = (
    "Call 911 if anyone is in danger.\n"
    "Then report it: FAA Drone Zone, #uas-reports, “quotes” & <!channel> stay text.\n"
    "  • indented: a bullet with a colon: here"
)
JSON_FIELDS = {
    "id",
    "entry_id",
    "title",
    "answer",
    "sector",
    "source_url",
    "questions",
    "status",
    "author_id",
    "approver_id",
    "created_at",
    "updated_at",
    "approved_at",
    "merged",
}


def make_draft(engine: Engine, title: str, *, status: str = "draft", **fields) -> DraftEntry:
    typed = drafts.DraftInput(
        title,
        fields.get("answer", f"The answer to {title}."),
        tuple(fields.get("questions", (title.lower(),))),
        fields.get("sector"),
        fields.get("source"),
    )
    with Session(engine) as session:
        row = drafts.add(session, draft=typed, author_id="USTAFF", knowledge_ids=())
        session.commit()
        draft_id = row.id
    if status == "approved":
        drafts.approve(engine=engine, draft_id=draft_id, approver_id="UBOSS")
    elif status == "discarded":
        drafts.discard(engine=engine, draft_id=draft_id, actor_id="UBOSS")
    with Session(engine) as session:
        return session.get(DraftEntry, draft_id)


def test_kb_drafts_lists_draft_and_approved_ones_as_a_table_and_as_json(engine, capsys):
    served = make_draft(engine, "Reporting a drone", status="approved", sector="dams")
    waiting = make_draft(engine, "Parking at the summit")
    make_draft(engine, "A discarded idea", status="discarded")

    assert main(["kb", "drafts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"#{served.id} [approved] faq-reporting-a-drone: Reporting a ")
    assert lines[1].startswith(f"#{waiting.id} [draft] faq-parking-at-the-summit: ")
    assert "1 sample question(s); by USTAFF on " in lines[1]

    assert main(["kb", "drafts", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [set(row) for row in rows] == [JSON_FIELDS, JSON_FIELDS]
    assert [(r["entry_id"], r["status"], r["approver_id"]) for r in rows] == [
        ("faq-reporting-a-drone", "approved", "UBOSS"),
        ("faq-parking-at-the-summit", "draft", None),
    ]
    assert rows[0]["sector"] == "dams" and rows[0]["merged"] is False

    assert main(["kb", "drafts", "--status", "all", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_no_drafts_says_so(engine, capsys):
    assert main(["kb", "drafts"]) == 0
    assert capsys.readouterr().out == "No drafts.\n"


def test_exported_drafts_pass_kb_validate_alone_and_beside_the_knowledge_base(
    engine, tmp_path, capsys
):
    rows = [
        make_draft(
            engine,
            "Reporting a drone: who to call",
            status="approved",
            answer=TRICKY_ANSWER,
            questions=["how do I report a drone?", "drone over dam: who do I call", "- a dash"],
            sector="dams",
            source="https://www.faa.gov/uas?x=1&y=2",
        ),
        make_draft(engine, "Parking at the summit"),
    ]
    out = tmp_path / "review"

    assert main(["kb", "drafts", "export", str(out)]) == 0
    assert "Wrote 2 draft(s)" in capsys.readouterr().out
    assert main(["kb", "validate", str(out)]) == 0
    assert capsys.readouterr().out.startswith("OK: 2 entries (2 faq)")
    assert load_entries(out) == [drafts.to_entry(row) for row in rows]  # nothing lost in YAML
    text = (out / drafts.EXPORT_FILE).read_text()
    assert "# approved: written by USTAFF on " in text and ", approved by UBOSS on " in text
    assert "# draft (not yet served): written by USTAFF" in text

    merged = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_DIR, merged, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copy(out / drafts.EXPORT_FILE, merged / drafts.EXPORT_FILE)
    assert main(["kb", "validate", str(merged)]) == 0
    total = len(load_entries(BUNDLED_DIR)) + 2
    assert capsys.readouterr().out.startswith(f"OK: {total} entries")


def test_export_can_take_only_the_approved_drafts(engine, tmp_path, capsys):
    make_draft(engine, "Approved one", status="approved")
    make_draft(engine, "Waiting one")
    out = tmp_path / "approved"
    assert main(["kb", "drafts", "--status", "approved", "export", str(out)]) == 0
    assert [e.id for e in load_entries(out)] == ["faq-approved-one"]


def test_a_draft_id_never_clashes_with_the_knowledge_base_or_another_draft(engine):
    known = {e.id for e in load_entries(BUNDLED_DIR)}
    taken = next(iter(known))
    title = taken.removeprefix(drafts.ID_PREFIX).replace("-", " ")
    with Session(engine) as session:
        first = drafts.add(
            session, draft=drafts.DraftInput(title, "a"), author_id="U", knowledge_ids=known
        )
        second = drafts.add(
            session, draft=drafts.DraftInput(title, "b"), author_id="U", knowledge_ids=known
        )
        session.commit()
        ids = {first.entry_id, second.entry_id}
    assert len(ids) == 2 and not ids & known


def test_once_merged_into_the_knowledge_base_the_yaml_entry_is_served_not_the_draft(
    engine, tmp_path, monkeypatch, capsys
):
    draft = make_draft(engine, "Reporting a drone", status="approved")
    folder = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    drafts.export([draft], folder)
    reviewed = (
        (folder / drafts.EXPORT_FILE)
        .read_text()
        .replace("The answer to Reporting a drone.", "The reviewed answer.")
    )
    (folder / drafts.EXPORT_FILE).write_text(reviewed)

    index = LiveKnowledge(load_entries(folder), engine).current().index
    served = [e for e in index.entries if e.id == draft.entry_id]
    assert [e.answer for e in served] == ["The reviewed answer."]

    monkeypatch.setenv("PARTNERBOT_KNOWLEDGE_DIR", str(folder))
    assert main(["kb", "drafts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["merged"] is True
    assert main(["kb", "drafts"]) == 0
    assert "[approved, now in knowledge/]" in capsys.readouterr().out


def test_an_approved_draft_the_schema_refuses_is_left_out_not_fatal(engine, caplog):
    good = make_draft(engine, "Reporting a drone", status="approved")
    bad = make_draft(engine, "A sector that went away", status="approved")
    with Session(engine) as session:
        row = session.get(DraftEntry, bad.id)
        row.sector = "moon-bases"  # e.g. written before a sector slug was renamed
        session.add(row)
        session.commit()

    served = LiveKnowledge(load_entries(BUNDLED_DIR), engine).current().index
    assert served.by_id(good.entry_id) is not None
    assert served.by_id(bad.entry_id) is None
    assert any(bad.entry_id in r.getMessage() for r in caplog.records)
