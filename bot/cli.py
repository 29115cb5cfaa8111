"""partnerbot's command line: shell | serve | worker | ask | kb | report | digest | db | alerts.

Heavy imports (Slack, the database) happen inside the commands that need them, so
`partnerbot ask` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.runtime.shared_metrics import shared_metrics

if TYPE_CHECKING:
    from bot.core.config import Settings


def _settings():
    from bot.core.config import Settings

    return Settings()


def _matcher(folder: Path | None):
    from knowledge.index import load_index
    from knowledge.matcher import Matcher

    return Matcher(load_index(folder))


ASK_USAGE = "usage: partnerbot ask [--json] QUESTION (or - to read one question a line)"


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer once, as the bot would in a DM with no conversation before it; nothing is stored."""
    reading_from_stdin = args.question == ["-"]
    question = " ".join(args.question).strip()
    if not reading_from_stdin and not question:
        print(ASK_USAGE, file=sys.stderr)
        return 2
    from bot.answering.plain import as_json, as_text
    from knowledge.reading import read

    matcher = _matcher(_settings().knowledge_dir)
    index = matcher.index
    questions = (line.strip() for line in sys.stdin) if reading_from_stdin else iter([question])
    for question in questions:
        if not question:
            continue
        reading = read(question, matcher)
        shown = json.dumps(as_json(reading, index)) if args.json else as_text(reading, index)
        print(shown, flush=True)
    return 0


def cmd_kb_validate(args: argparse.Namespace) -> int:
    from knowledge.index import BUNDLED_DIR
    from knowledge.schema import KnowledgeBaseInvalid, load_entries

    folder = args.dir or _settings().knowledge_dir or BUNDLED_DIR
    try:
        everything = load_entries(folder, retired=True)
    except KnowledgeBaseInvalid as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        print(f"{len(invalid.errors)} problem(s) in {folder}", file=sys.stderr)
        return 1
    entries = [e for e in everything if e.retired is None]
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    retired = len(everything) - len(entries)
    kept = f", and {retired} retired (their ids stay taken)" if retired else ""
    print(f"OK: {len(entries)} entries ({summary}) in {folder}{kept}")
    return 0


def cmd_kb_export(args: argparse.Namespace) -> int:
    from knowledge.index import BUNDLED_DIR
    from knowledge.schema import load_entries

    entries = load_entries(args.dir or _settings().knowledge_dir or BUNDLED_DIR)
    fields = ("id", "kind", "title", "sector", "answer", "questions", "keywords")
    rows = [{f: getattr(e, f) for f in fields} for e in entries]
    print(json.dumps(rows, indent=2, default=list))
    return 0


def _engine():
    from bot.core.db import make_engine

    return make_engine(_settings().database_url)


DRAFT_STATUSES = {
    None: ("draft", "approved"),
    "all": None,
    "draft": ("draft",),
    "approved": ("approved",),
    "discarded": ("discarded",),
}


def _draft_row(row, knowledge_ids: set[str]) -> dict:
    return {
        **row.model_dump(mode="json"),
        "merged": row.entry_id in knowledge_ids,  # the YAML knowledge base has it now
    }


def cmd_kb_drafts(args: argparse.Namespace) -> int:
    from bot.curation import drafts
    from knowledge.index import BUNDLED_DIR
    from knowledge.schema import load_entries

    settings = _settings()
    engine = _engine()
    rows = drafts.listing(engine=engine, statuses=DRAFT_STATUSES[args.status])
    if getattr(args, "drafts_command", None) == "export":
        from bot.curation import export

        files = load_entries(settings.knowledge_dir or BUNDLED_DIR, retired=True)
        done = export.export(engine=engine, rows=rows, files=files, folder=args.dir)
        print(
            f"Wrote {done.drafts} draft(s) to {done.drafts_file} and {done.revisions} entr(ies) "
            f"changed from Slack to {done.revisions_file}. "
            f"Check them: partnerbot kb validate {args.dir}"
        )
        return 0
    knowledge_ids = {e.id for e in load_entries(settings.knowledge_dir or BUNDLED_DIR)}
    listed = [_draft_row(row, knowledge_ids) for row in rows]
    if args.json:
        print(json.dumps(listed, indent=2))
        return 0
    if not listed:
        print("No drafts.")
    for row in listed:
        merged = ", now in knowledge/" if row["merged"] else ""
        print(
            f"#{row['id']} [{row['status']}{merged}] {row['entry_id']}: {row['title']}"
            f" ({len(row['questions'])} sample question(s); by {row['author_id']}"
            f" on {row['created_at'][:10]})"
        )
    return 0


def cmd_kb_history(args: argparse.Namespace) -> int:
    from bot.answering.live_knowledge import LiveKnowledge
    from bot.curation import history

    settings = _settings()
    engine = _engine()
    knowledge = LiveKnowledge.load(settings.knowledge_dir, engine)
    found = history.entry_history(engine, args.id)
    entry = knowledge.current().index.by_id(args.id) or knowledge.base(args.id)
    if not found and entry is None and args.id not in knowledge.entry_ids:
        print(f"partnerbot kb history: no entry {args.id!r}", file=sys.stderr)
        return 1
    if args.json:
        print(history.as_json(found))
        return 0
    print(history.as_text(args.id, entry.title if entry else None, found))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.answering.live_knowledge import LiveKnowledge
    from bot.core.models import utcnow
    from bot.curation import report

    settings = _settings()
    engine = _engine()
    index = LiveKnowledge.load(settings.knowledge_dir, engine).current().index
    since = utcnow() - dt.timedelta(weeks=args.weeks) if args.weeks else None
    figures = report.usage(engine=engine, index=index, since=since)
    if args.json:
        since_text = since.isoformat() if since else None
        print(json.dumps({"since": since_text, **figures.as_dict()}, indent=2))
        return 0
    print(report.as_text(figures, lambda slug: index.sector_titles.get(slug, slug)))
    return 0


def cmd_alerts_list(args: argparse.Namespace) -> int:
    from bot.sharing import alerts

    engine = _engine()
    rows = []
    for alert in alerts.listing(engine=engine):
        counts = alerts.delivery_counts(engine=engine, alert_id=alert.id)
        rows.append({**alert.model_dump(mode="json"), "deliveries": counts})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("No alerts yet.")
    for row in rows:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(row["deliveries"].items()))
        print(
            f"#{row['id']} [{row['status']}] TLP:{row['tlp']} {row['title']}"
            f" ({', '.join(row['sectors'])}){' - ' + counts if counts else ''}"
        )
    return 0


def cmd_alerts_audit(args: argparse.Namespace) -> int:
    from bot.sharing import alerts

    events = [e.model_dump(mode="json") for e in alerts.audit_trail(engine=_engine())]
    if args.json:
        print(json.dumps(events, indent=2))
        return 0
    if not events:
        print("No staff decisions on alerts yet: publish, approve, reject, edit or retract one.")
    for event in events:
        print(f"{event['at']} alert #{event['alert_id']} {event['action']} by {event['actor_id']}")
    return 0


def cmd_alerts_export(args: argparse.Namespace) -> int:
    from bot.sharing import alerts
    from bot.sharing.stix import write_stix

    count = write_stix(alerts.listing(engine=_engine(), statuses=["published"]), args.stix)
    print(f"Wrote {count} alert(s) to {args.stix} as a STIX 2.1 bundle.")
    return 0


def cmd_digest_run(args: argparse.Namespace) -> int:
    from bot.services import Services

    settings = _settings()
    if not _has_bot_token(settings, "digest run"):
        return 2
    run = Services.start(settings).digests.send_due(early=args.now)
    print(
        f"Digests: {run.sent} sent, {run.empty} with nothing new, {run.already} already sent"
        f" for this period, {run.failed} failed."
    )
    return 1 if run.failed else 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = _engine()  # migrates on connect
    print(f"Database schema is current: {engine.url.render_as_string(hide_password=True)}")
    return 0


SHELL_USER = "ULOCALSHELL"  # bot.runtime.shell.USER, named here so --help loads no Slack
SHELL_REVIEW_CHANNEL = "CLOCALREVIEW"  # bot.runtime.shell.REVIEW_CHANNEL, likewise


def slack_user_id(text: str) -> str:
    """An argparse type: a Slack user id such as U012ABC."""
    user = text.strip().upper()
    if not re.fullmatch(r"[UW][A-Z0-9]{2,}", user):
        raise argparse.ArgumentTypeError(f"not a Slack user id (like U012ABC): {text!r}")
    return user


def cmd_shell(args: argparse.Namespace) -> int:
    import logging

    from bot.runtime.shell import console, run_shell

    # The transcript is the output: the app's warnings (a refused click, say) would only
    # interleave with it; errors still show.
    logging.basicConfig(level=logging.ERROR, format="(log) %(levelname)s %(name)s: %(message)s")
    return run_shell(
        _settings(),
        user=args.user or SHELL_USER,
        staff=args.staff,
        history=args.history or console.default_history(),
    )


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings()
    if missing := settings.missing_for_serve():
        print(
            f"partnerbot serve: set {' and '.join(missing)} (unset or a placeholder); "
            "see README, 'Connect to Slack'.",
            file=sys.stderr,
        )
        return 2
    with shared_metrics():  # before prometheus_client is imported
        from bot.runtime.serve import serve

        return serve(settings, host=args.host, port=args.port, answer=args.answer)


def cmd_worker(args: argparse.Namespace) -> int:
    from bot.runtime.worker import run_worker

    settings = _settings()
    if not _has_bot_token(settings, "worker"):
        return 2
    return run_worker(settings, parent=args.parent)


def _has_bot_token(settings: Settings, command: str) -> bool:
    """For the commands that post to Slack; otherwise one line saying what to set."""
    from bot.core.config import is_placeholder

    if is_placeholder(settings.slack_bot_token):
        print(
            f"partnerbot {command}: set SLACK_BOT_TOKEN (unset or a placeholder).",
            file=sys.stderr,
        )
        return False
    return True


def positive_int(text: str) -> int:
    """An argparse type: a whole number above zero."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (leave it out for all time): {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnerbot",
        description="Slack assistant for a critical-infrastructure partnership office.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    shell = commands.add_parser(
        "shell",
        help="chat with the bot in this terminal, no Slack needed; --staff to act as staff",
        description="Chat with the bot in this terminal: questions, /ci commands, buttons (!N), "
        "the Home tab (/home) and forms (asked field by field). You are a partner unless "
        "--staff is given; in the shell, /as staff and /as partner switch roles, and /help "
        "lists the shell's commands. Partners' alerts go for review to a channel of the "
        f"session (#{SHELL_REVIEW_CHANNEL}) unless PARTNERBOT_REVIEW_CHANNEL is set.",
    )
    shell.add_argument(
        "--staff",
        action="store_true",
        help="act as partnership office staff: publish and moderate alerts, answer knowledge "
        "gaps, clear channels for TLP:AMBER (for this session; no environment variable needed)",
    )
    shell.add_argument(
        "--user",
        metavar="ID",
        type=slack_user_id,
        help=f"act as this Slack user (default {SHELL_USER})",
    )
    shell.add_argument(
        "--history",
        type=Path,
        metavar="FILE",
        help="where to keep the lines typed, for the up arrow (default ~/.partnerbot_history)",
    )
    shell.set_defaults(run=cmd_shell)

    serve = commands.add_parser("serve", help="connect to Slack (HTTP, or Socket Mode)")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default 0.0.0.0)")
    serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    serve.add_argument(
        "--no-worker",
        dest="answer",
        action="store_false",
        help="store questions but answer none here: run `partnerbot worker` elsewhere",
    )
    serve.set_defaults(run=cmd_serve)

    worker = commands.add_parser(
        "worker", help="answer the questions serve stored (serve starts one itself)"
    )
    # serve's pid, when serve started it: the worker stops once that process is gone.
    worker.add_argument("--parent", type=int, help=argparse.SUPPRESS)
    worker.set_defaults(run=cmd_worker)

    ask = commands.add_parser("ask", help="answer one question, or one per line with '-'")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("question", nargs="+", help="the question, or - to read lines from stdin")
    ask.set_defaults(run=cmd_ask)

    kb = commands.add_parser(
        "kb", help="check or export the knowledge base, list its drafts, show an entry's history"
    )
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    validate = kb_commands.add_parser("validate", help="check every knowledge file")
    validate.add_argument("dir", nargs="?", type=Path, help="folder (default: the bundled one)")
    validate.set_defaults(run=cmd_kb_validate)
    export = kb_commands.add_parser("export", help="print every entry as a JSON array")
    # JSON is the one format; --json stays accepted for the scripts that pass it.
    export.add_argument("--json", action="store_true", help="as a JSON array (the default)")
    export.add_argument("--dir", type=Path, help="folder (default: the bundled one)")
    export.set_defaults(run=cmd_kb_export)
    drafts = kb_commands.add_parser(
        "drafts", help="entries staff wrote in answer to knowledge gaps (draft and approved)"
    )
    status_help = "which drafts (default: draft and approved, not discarded)"
    status_choices = ["draft", "approved", "discarded", "all"]
    drafts.add_argument("--status", choices=status_choices, help=status_help)
    drafts.add_argument("--json", action="store_true", help="as a JSON array")
    drafts.set_defaults(run=cmd_kb_drafts)
    drafts_commands = drafts.add_subparsers(dest="drafts_command", metavar="DRAFTS_COMMAND")
    drafts_export = drafts_commands.add_parser(
        "export",
        help="write them to DIR/drafts.yaml, and the entries changed from Slack (approved "
        "revisions, reviews, retirements) to DIR/revisions.yaml, for review into knowledge/",
    )
    drafts_export.add_argument("dir", type=Path, metavar="DIR", help="folder to write into")
    # SUPPRESS: `kb drafts --status approved export DIR` keeps the status given before `export`.
    drafts_export.add_argument(
        "--status", choices=status_choices, default=argparse.SUPPRESS, help=status_help
    )

    entry_history = kb_commands.add_parser(
        "history", help="every change of an entry made from Slack: who, when, before and after"
    )
    entry_history.add_argument("id", metavar="ID", help="the entry's id")
    entry_history.add_argument("--json", action="store_true", help="as a JSON array")
    entry_history.set_defaults(run=cmd_kb_history)

    usage = commands.add_parser(
        "report", help="usage figures: questions asked, answered, abstained, helpful ratio"
    )
    usage.add_argument("--json", action="store_true", help="as a JSON object")
    usage.add_argument(
        "--weeks", type=positive_int, metavar="N", help="only the last N weeks (default: all time)"
    )
    usage.set_defaults(run=cmd_report)

    digest = commands.add_parser("digest", help="outreach digests")
    digest_commands = digest.add_subparsers(dest="digest_command", required=True, metavar="DIGEST")
    digest_run = digest_commands.add_parser("run", help="send every digest that is due")
    digest_run.add_argument(
        "--now", action="store_true", help="treat every subscription as due for its current period"
    )
    digest_run.set_defaults(run=cmd_digest_run)

    db = commands.add_parser("db", help="the database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_upgrade = db_commands.add_parser("upgrade", help="apply every schema migration")
    db_upgrade.set_defaults(run=cmd_db_upgrade)

    alerts = commands.add_parser("alerts", help="information-sharing alerts")
    alert_commands = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ALERTS")
    listing = alert_commands.add_parser("list", help="every alert with its delivery counts")
    listing.add_argument("--json", action="store_true", help="as a JSON array")
    listing.set_defaults(run=cmd_alerts_list)
    audit = alert_commands.add_parser("audit", help="every staff decision on alerts")
    audit.add_argument("--json", action="store_true", help="as a JSON array")
    audit.set_defaults(run=cmd_alerts_audit)
    export = alert_commands.add_parser("export", help="published alerts as a STIX 2.1 bundle")
    export.add_argument("--stix", type=Path, required=True, metavar="FILE", help="where to write")
    export.set_defaults(run=cmd_alerts_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 141  # what a shell reports for a process stopped by SIGPIPE


def _quiet_stdout() -> None:
    """The reader of our output went away (`| head`): send what is still buffered nowhere, so
    the interpreter's last flush at exit does not print a second traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (a test's StringIO): nothing to quiet
        pass


if __name__ == "__main__":
    sys.exit(main())
