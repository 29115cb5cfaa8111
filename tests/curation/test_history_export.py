"""`partnerbot kb history ID [--json]`, and `partnerbot kb drafts export DIR` writing what staff
changed from Slack as YAML that `kb validate` accepts; once the repository takes it in, the
knowledge files are served again, and a later edit in them is not undone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from sqlalchemy import Engine
from sqlmodel import Session

from bot.answering.live_knowledge import LiveKnowledge
from bot.cli import main
from bot.core.models import EntryState, utcnow
from bot.curation import drafts, export, revisions
from knowledge.index import BUNDLED_DIR
from knowledge.schema import load_entries
from tests.curation.test_draft_commands import make_draft

CIPAC = "body-cipac"
DAMS = "sector-dams"
FSLC = "body-fslc"


def knowledge(engine: Engine, folder: Path | None = None) -> LiveKnowledge:
    return LiveKnowledge.load(folder, engine)


def change(engine: Engine, entry_id: str, author: str, approver: str | None, **fields):
    """A revision of the entry with `fields` changed, approved by `approver` (if any)."""
    live = knowledge(engine)
    base = live.base(entry_id)
    head = revisions.head(engine, base)
    revision = revisions.propose(
        engine=engine,
        base=base,
        version=head.version,
        after=head.entry.model_copy(update=fields),
        author_id=author,
    )
    if approver:
        revisions.approve(
            engine=engine, revision_id=revision.id, approver_id=approver, base_of=live.base
        )
    return revision


def copy_of_knowledge(folder: Path) -> Path:
    shutil.copytree(BUNDLED_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def take_in(folder: Path, exported: Path) -> None:
    """What a maintainer does with revisions.yaml: each entry replaces its namesake."""
    new = {item["id"]: item for item in yaml.safe_load(exported.read_text()) or []}
    for path in folder.glob("*.yaml"):
        items = yaml.safe_load(path.read_text())
        path.write_text(
            yaml.safe_dump(
                [new.get(i["id"], i) for i in items], sort_keys=False, allow_unicode=True
            )
        )


# -- history ------------------------------------------------------------------------------------


def test_kb_history_shows_each_change_with_who_when_before_and_after(engine, capsys):
    old = knowledge(engine).base(CIPAC)
    keywords = (*old.keywords, "advisory council meetings")
    change(
        engine, CIPAC, "USTAFF", "UBOSS", answer="CIPAC: where councils plan.", keywords=keywords
    )
    revisions.record_review(engine=engine, base=old, reviewer_id="USTAFF2")
    revisions.retire(engine=engine, base=old, actor_id="UBOSS")
    today = utcnow().date().isoformat()

    assert main(["kb", "history", CIPAC]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{CIPAC}: {old.title}"
    said = [line.split("UTC  ", 1)[1] for line in lines if "UTC  " in line]
    assert said == [
        "USTAFF proposed a change (revision #1)",
        "UBOSS approved the change, now served (revision #1)",
        "USTAFF2 reviewed it: still correct",
        "UBOSS retired it: no longer served, its id kept",
    ]
    text = "\n".join(lines)
    shown = old.answer.replace("\n", "\n      ")
    assert f"    answer: “{shown}” → “CIPAC: where councils plan.”" in text
    assert "    keywords:\n      + advisory council meetings" in text
    assert f"    reviewed: “{old.reviewed.isoformat()}” → “{today}”" in text
    assert text.endswith(
        f"retired it: no longer served, its id kept\n    retired: (none) → “{today}”"
    )

    assert main(["kb", "history", CIPAC, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(c["action"], c["actor"], c["revision"]) for c in found] == [
        ("propose", "USTAFF", 1),
        ("approve", "UBOSS", 1),
        ("review", "USTAFF2", None),
        ("retire", "UBOSS", None),
    ]
    proposed = {c["field"]: c for c in found[0]["changes"]}
    assert set(proposed) == {"answer", "keywords"}
    assert proposed["answer"]["after"] == "CIPAC: where councils plan."
    assert proposed["keywords"]["after"][-1] == "advisory council meetings"
    assert all(c["at"].startswith(today) for c in found)


def test_kb_history_of_an_unchanged_entry_and_of_an_unknown_id(engine, capsys):
    assert main(["kb", "history", DAMS]) == 0
    assert capsys.readouterr().out.endswith("No changes made from Slack.\n")
    assert main(["kb", "history", DAMS, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["kb", "history", "no-such-entry"]) == 1
    assert "no entry 'no-such-entry'" in capsys.readouterr().err


def test_kb_history_tells_a_drafts_story(engine, capsys):
    draft = make_draft(engine, "Reporting a drone", status="approved")
    assert main(["kb", "history", draft.entry_id]) == 0
    out = capsys.readouterr().out
    assert "USTAFF wrote it as a draft" in out and "UBOSS approved the draft, now served" in out
    assert "    title: (none) → “Reporting a drone”" in out


# -- export, validate, take in ---------------------------------------------------------------------


def test_changes_export_as_yaml_that_validates_and_the_repository_takes_in(
    engine, tmp_path, capsys
):
    change(engine, CIPAC, "USTAFF", "UBOSS", answer="CIPAC: where councils plan.")
    live = knowledge(engine)
    revisions.record_review(engine=engine, base=live.base(DAMS), reviewer_id="USTAFF2")
    revisions.retire(engine=engine, base=live.base(FSLC), actor_id="UBOSS")
    change(engine, "body-scc", "USTAFF", None, answer="Waiting, not exported.")
    out = tmp_path / "review"

    assert main(["kb", "drafts", "export", str(out)]) == 0
    assert "and 3 entr(ies) changed from Slack to" in capsys.readouterr().out
    assert main(["kb", "validate", str(out)]) == 0
    assert "OK: 2 entries (1 faq, 1 sector)" in capsys.readouterr().out
    written = {e.id: e for e in load_entries(out, retired=True)}
    today = utcnow().date()
    assert written[CIPAC].answer == "CIPAC: where councils plan."
    assert written[CIPAC].reviewed == today  # approving is reviewing
    assert written[DAMS].reviewed == today and written[DAMS].answer == live.base(DAMS).answer
    assert written[FSLC].retired == today
    text = (out / export.REVISIONS_FILE).read_text()
    assert "# revised by USTAFF, approved by UBOSS on " in text
    assert "# reviewed by USTAFF2 on " in text and "retired by UBOSS on " in text

    repository = copy_of_knowledge(tmp_path / "knowledge")
    take_in(repository, out / export.REVISIONS_FILE)
    assert main(["kb", "validate", str(repository)]) == 0
    assert "and 1 retired (their ids stay taken)" in capsys.readouterr().out

    # Deployed with the files taken in: the files are served, and nothing is left to export.
    taken = knowledge(engine, repository)
    assert taken.current().index.by_id(CIPAC).answer == "CIPAC: where councils plan."
    assert taken.current().index.by_id(FSLC) is None
    with Session(engine) as session:
        assert session.get(EntryState, CIPAC).merged is True
    again = export.export(
        engine=engine,
        rows=[],
        files=load_entries(repository, retired=True),
        folder=tmp_path / "again",
    )
    assert again.revisions == 0

    # A later edit in the files is served, not undone by the revision.
    faq = repository / "faq.yaml"
    faq.write_text(faq.read_text().replace("CIPAC: where councils plan.", "Edited in git."))
    assert knowledge(engine, repository).current().index.by_id(CIPAC).answer == "Edited in git."


def test_before_the_repository_takes_it_in_the_revision_is_served(engine, tmp_path):
    change(engine, CIPAC, "USTAFF", "UBOSS", answer="CIPAC: where councils plan.")
    served = knowledge(engine, copy_of_knowledge(tmp_path / "knowledge"))
    assert served.current().index.by_id(CIPAC).answer == "CIPAC: where councils plan."
    with Session(engine) as session:
        assert session.get(EntryState, CIPAC).merged is False


def test_a_revised_draft_is_exported_once_as_it_now_reads(engine, tmp_path, capsys):
    draft = make_draft(engine, "Reporting a drone", status="approved")
    change(engine, draft.entry_id, "USTAFF", "UBOSS", answer="Call the FAA.", owner="S0DRONES")
    out = tmp_path / "review"
    assert main(["kb", "drafts", "export", str(out)]) == 0
    assert "Wrote 1 draft(s)" in capsys.readouterr().out
    assert main(["kb", "validate", str(out)]) == 0
    [entry] = load_entries(out)
    assert (entry.id, entry.answer, entry.owner) == (draft.entry_id, "Call the FAA.", "S0DRONES")
    assert yaml.safe_load((out / export.REVISIONS_FILE).read_text()) is None


def test_a_retired_draft_keeps_its_id_in_the_export(engine, tmp_path, capsys):
    draft = make_draft(engine, "Reporting a drone", status="approved")
    live = knowledge(engine)
    revisions.retire(engine=engine, base=live.base(draft.entry_id), actor_id="UBOSS")
    assert live.current().index.by_id(draft.entry_id) is None
    out = tmp_path / "review"
    assert main(["kb", "drafts", "export", str(out)]) == 0
    assert main(["kb", "validate", str(out)]) == 0
    assert "OK: 0 entries () in" in capsys.readouterr().out.splitlines()[-1]
    assert [e.id for e in load_entries(out, retired=True)] == [draft.entry_id]


def test_a_retired_entry_in_the_files_is_never_served_and_keeps_its_id(engine, tmp_path, capsys):
    retired = "faq-srma-role"
    folder = copy_of_knowledge(tmp_path / "knowledge")
    faq = folder / "faq.yaml"
    faq.write_text(
        faq.read_text().replace(f"- id: {retired}\n", f"- id: {retired}\n  retired: 2026-12-01\n")
    )
    live = knowledge(engine, folder)
    assert live.current().index.by_id(retired) is None
    with Session(engine) as session:
        row = drafts.add(
            session,
            draft=drafts.DraftInput("SRMA role", "A new answer."),
            author_id="U",
            knowledge_ids=live.entry_ids,
        )
        assert row.entry_id == f"{retired}-2"
    (folder / "new.yaml").write_text(
        f"- id: {retired}\n  kind: faq\n  title: A new entry\n  answer: Reusing the id.\n"
    )
    assert main(["kb", "validate", str(folder)]) == 1
    assert f"entry '{retired}': field 'id': duplicate id" in capsys.readouterr().err
