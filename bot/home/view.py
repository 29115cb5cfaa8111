"""The App Home tab, composed from data by pure functions.

Everyone sees how to ask, share and subscribe, and their channels' subscriptions. Staff also see
usage figures, the moderation queue, recent alerts with delivery counts, the top knowledge gaps
with an "Answer" button each, drafts and changes waiting for approval, and entries due for
review with an "Edit" button each. Every
section is capped so that the whole view stays within Slack's 100 blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    DividerBlock,
    HeaderBlock,
)
from slack_sdk.models.views import View

from bot.core import render
from bot.core.models import Alert, DraftEntry, EntryRevision
from bot.core.render import clip, escape, sector_name
from bot.curation.entry_form import EDIT
from bot.curation.gaps import Gap
from bot.curation.history import changes
from bot.curation.report import NO_SECTOR_LABEL, UsageReport, figures_line
from bot.curation.review_views import Due, revision_buttons
from bot.curation.views import ANSWER
from bot.home.data import ChannelSubscriptions, HomeData, StaffHome
from bot.sharing.views import APPROVE, REJECT

log = logging.getLogger(__name__)

HOME_CALLBACK = "partnerbot_home"
DRAFT_APPROVE = "draft_approve"
DRAFT_DISCARD = "draft_discard"
CHANNELS_SHOWN = 20
QUEUE_SHOWN = 5
GAPS_SHOWN = 10
DRAFTS_SHOWN = 5
STALE_SHOWN = 10
CHANGES_SHOWN = 3
SECTORS_SHOWN = 8
WEEKS_SHOWN = 8
QUOTE_LIMIT = 200

GUIDE = (
    "Hi! I answer questions about the 16 critical infrastructure sectors: who leads each one, "
    "how to reach its programs, and which training and resources exist. My answers come from a "
    "knowledge base the partnership office curates; when I don't know, I say so, and the team "
    "follows up.",
    "*Ask a question*\n"
    "• Mention me in a channel: `@partnerbot who is the SSA for dams?` (I answer in a thread)\n"
    "• Send me a direct message in the *Messages* tab: _what training is there for energy?_\n"
    "• `/ci who leads the water sector`: an answer only you see, with *Post in channel*\n"
    "• Browse: `/ci sectors`, `/ci training energy`, `/ci resources dams`, `/ci contacts`",
    "*Share an alert*\n"
    "• `/ci share` opens a form: Title, Details, Sectors, TLP label, Source, Recipients\n"
    "• Or choose *Share as alert* in a message's menu to fill the form from that message\n"
    "• The partnership office reviews partners' alerts before they go out to the sectors",
    "*Subscribe a channel*\n"
    "• `/ci subscribe water dams`: the sectors' alerts and a weekly digest, in that channel\n"
    "• `/ci subscribe energy digest daily`, `/ci unsubscribe dams`, `/ci subscriptions`\n"
    "• `/ci digest` previews the digest the channel would get now; `/ci help` lists everything",
)


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=clip(text, 150))


def _quote(text: str) -> str:
    return f"“{escape(clip(' '.join(text.split()), QUOTE_LIMIT))}”"


def _more(shown: int, total: int, where: str) -> list[Block]:
    return [render.context(f"… and {total - shown} more {where}")] if total > shown else []


def guide_blocks() -> list[Block]:
    return [_header("partnerbot"), *(render.section(text) for text in GUIDE)]


def _channel_line(channel: ChannelSubscriptions) -> str:
    return f"• <#{channel.channel_id}>: " + "; ".join(escape(line) for line in channel.lines)


def subscription_blocks(channels: list[ChannelSubscriptions] | None) -> list[Block]:
    blocks: list[Block] = [DividerBlock(), render.section("*Your channels' subscriptions*")]
    if channels is None:
        return [*blocks, render.context("I couldn't list your channels just now; try later.")]
    if not channels:
        return [
            *blocks,
            render.context(
                "None of your channels is subscribed to a sector. "
                "Type `/ci subscribe water` in one to start."
            ),
        ]
    shown = channels[:CHANNELS_SHOWN]
    return [
        *blocks,
        *render.sections(_channel_line(c) for c in shown),
        *_more(len(shown), len(channels), "channels (`/ci subscriptions` in one lists its own)"),
    ]


# -- staff ---------------------------------------------------------------------------------


def _usage_blocks(
    usage: UsageReport, weeks: int, sector_title: Callable[[str], str]
) -> list[Block]:
    blocks: list[Block] = [
        render.section(f"*Questions in the last {weeks} weeks*\n{figures_line(usage.total)}")
    ]
    sectors = [
        f"• {escape(sector_title(s)) if s else NO_SECTOR_LABEL}: {figures_line(f)}"
        for s, f in usage.sectors()[:SECTORS_SHOWN]
    ]
    if sectors:
        blocks.append(render.section("*By sector*\n" + "\n".join(sectors)))
    weeks_lines = [f"• {w}: {figures_line(f)}" for w, f in usage.weeks()[-WEEKS_SHOWN:]]
    if weeks_lines:
        blocks.append(render.section("*By week*\n" + "\n".join(weeks_lines)))
    return blocks


def _alert_summary(alert: Alert) -> str:
    sectors = ", ".join(sector_name(s) for s in alert.sectors)
    return f"*{escape(alert.title)}* · TLP:{alert.tlp} · {escape(sectors)}"


def _queue_blocks(pending: Sequence[Alert], review_channel: str | None) -> list[Block]:
    if not pending:
        return [render.section("*Moderation queue*\nNothing is waiting for review.")]
    blocks: list[Block] = [render.section(f"*Moderation queue*: {len(pending)} waiting")]
    for alert in pending[:QUEUE_SHOWN]:
        submitted = alert.created_at.date().isoformat()
        blocks.append(
            render.section(
                f"{_alert_summary(alert)}\n{escape(clip(alert.details, 300))}\n"
                f"_Submitted by <@{alert.author_id}> on {submitted}_"
            )
        )
        blocks.append(
            ActionsBlock(
                block_id=f"home_review_{alert.id}",
                elements=[
                    render.button("Approve", APPROVE, str(alert.id), style="primary"),
                    render.button("Reject", REJECT, str(alert.id), style="danger"),
                ],
            )
        )
    where = f"in <#{review_channel}>" if review_channel else "waiting"
    return [*blocks, *_more(QUEUE_SHOWN, len(pending), where)]


def _counts(counts: dict[str, int]) -> str:
    if not counts:
        return "no deliveries"
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))


def _recent_blocks(recent: Sequence[tuple[Alert, dict[str, int]]]) -> list[Block]:
    if not recent:
        return [render.section("*Recent alerts*\nNo alerts yet.")]
    lines = [
        f"• #{alert.id} TLP:{alert.tlp} *{escape(clip(alert.title, 100))}* "
        f"[{alert.status}]: {_counts(counts)}"
        for alert, counts in recent
    ]
    return render.sections([f"*Recent alerts* (the last {len(recent)})", *lines])


def _gap_text(gap: Gap) -> str:
    facts = [f"{gap.count} question(s) from {gap.askers} partner(s)"]
    if gap.unanswered:
        facts.append(f"{gap.unanswered} unanswered")
    if gap.not_helpful:
        facts.append(f"{gap.not_helpful} rated not helpful")
    facts.append(f"last asked {gap.last_asked.date().isoformat()}")
    text = f"*{_quote(gap.anchor.text)}*\n{' · '.join(facts)}"
    others = [p for p in gap.phrasings if p != " ".join(gap.anchor.text.split())][:2]
    if others:
        text += "\nAlso asked as: " + ", ".join(_quote(p) for p in others)
    return text


def _gap_blocks(top: Sequence[Gap], open_questions: int) -> list[Block]:
    if not top:
        return [render.section("*Knowledge gaps*\nEvery question asked was answered. :tada:")]
    blocks: list[Block] = [
        render.section(
            f"*Top knowledge gaps*: {open_questions} open question(s) that I could not answer "
            "or that partners rated not helpful, near-duplicates grouped"
        )
    ]
    for gap in top[:GAPS_SHOWN]:
        answer = render.button("Answer", ANSWER, str(gap.anchor.id), style="primary")
        blocks.append(
            render.section(_gap_text(gap), accessory=answer, block_id=f"gap_{gap.anchor.id}")
        )
    return blocks


def _draft_blocks(waiting: Sequence[DraftEntry], served: int) -> list[Block]:
    heading = f"*Drafts waiting for approval*: {len(waiting)}" if waiting else "*Drafts*"
    blocks: list[Block] = [render.section(heading if waiting else f"{heading}\nNone waiting.")]
    for draft in waiting[:DRAFTS_SHOWN]:
        blocks.append(
            render.section(
                f"*{escape(draft.title)}* `{draft.entry_id}`\n{escape(clip(draft.answer, 300))}\n"
                f"_Written by <@{draft.author_id}> on {draft.created_at.date().isoformat()}, "
                f"{len(draft.questions)} sample question(s)_"
            )
        )
        blocks.append(
            ActionsBlock(
                block_id=f"draft_{draft.id}",
                elements=[
                    render.button(
                        "Approve draft",
                        DRAFT_APPROVE,
                        str(draft.id),
                        style="primary",
                        confirm=(
                            "Serve this answer?",
                            "From now on the bot answers matching questions with it.",
                            "Approve",
                            "Not yet",
                        ),
                    ),
                    render.button("Discard", DRAFT_DISCARD, str(draft.id), style="danger"),
                ],
            )
        )
    blocks += _more(DRAFTS_SHOWN, len(waiting), "drafts: `partnerbot kb drafts` lists them all")
    if served:
        blocks.append(
            render.context(
                f"{served} approved draft(s) are served now but not yet in `knowledge/`: "
                "`partnerbot kb drafts export DIR` writes them as YAML for review."
            )
        )
    return blocks


def _review_line(due: Due) -> str:
    return f"*{escape(clip(due.entry.title, 150))}* `{escape(due.entry.id)}`: {due.reason}"


def _review_blocks(due: Sequence[Due], review_days: int) -> list[Block]:
    """Entries to review, each with Edit (Still correct and Retire are in the owners' weekly
    review message)."""
    if not due:
        return [
            render.section(
                f"*Entries to review*\nEvery entry was reviewed within {review_days} days."
            )
        ]
    heading = (
        f"*Entries to review*: {len(due)} expired or not reviewed in {review_days} days; "
        "their owners get them in a weekly review message"
    )
    shown = due[:STALE_SHOWN]
    blocks: list[Block] = [render.section(heading)]
    for item in shown:
        edit = render.button("Edit", EDIT, item.entry.id)
        blocks.append(render.section(_review_line(item), accessory=edit))
    return [*blocks, *_more(len(shown), len(due), "entries to review")]


def _change_line(revision: EntryRevision) -> str:
    title = str(revision.after.get("title") or revision.entry_id)
    fields = ", ".join(c.field for c in changes(revision.before, revision.after)) or "nothing"
    return (
        f"*{escape(clip(title, 150))}* `{escape(revision.entry_id)}`\n"
        f"_Changed by <@{revision.author_id}> on {revision.created_at.date().isoformat()}: "
        f"{escape(clip(fields, 500))}_"
    )


def _change_blocks(waiting: Sequence[EntryRevision]) -> list[Block]:
    if not waiting:
        return []
    blocks: list[Block] = [render.section(f"*Changes waiting for approval*: {len(waiting)}")]
    for revision in waiting[:CHANGES_SHOWN]:
        blocks.append(render.section(_change_line(revision)))
        blocks.append(revision_buttons(revision.id))
    return [*blocks, *_more(CHANGES_SHOWN, len(waiting), "changes: `partnerbot kb history ID`")]


def _unanswered_blocks(unanswered: int) -> list[Block]:
    if not unanswered:
        return []
    return [
        render.section(
            f":warning: *{unanswered} question(s) acknowledged but still unanswered*: Slack has "
            "refused the answers for hours. They are still tried, and each asker gets the answer "
            "with an apology once Slack takes it."
        )
    ]


def staff_blocks(staff: StaffHome, sector_title: Callable[[str], str]) -> list[Block]:
    parts = [
        _unanswered_blocks(staff.unanswered),
        _usage_blocks(staff.usage, staff.usage_weeks, sector_title),
        _queue_blocks(staff.pending, staff.review_channel),
        _recent_blocks(staff.recent),
        _gap_blocks(staff.gaps, staff.open_questions),
        _draft_blocks(staff.drafts, staff.served_drafts),
        _change_blocks(staff.changes),
        _review_blocks(staff.due, staff.review_days),
    ]
    blocks: list[Block] = [
        DividerBlock(),
        _header("Partnership office"),
        render.context("Only staff see what follows."),
    ]
    for part in parts:
        if part:
            blocks += [*part, DividerBlock()]
    return blocks[:-1]


def fit(blocks: list[Block]) -> list[Block]:
    """Never more than Slack takes: a view over the limit would not be shown at all."""
    if len(blocks) > render.VIEW_BLOCK_LIMIT:
        log.warning("the Home view had %d blocks; the last ones were left out", len(blocks))
    return render.within_message(blocks, "Some items did not fit here.", render.VIEW_BLOCK_LIMIT)


def home_view(data: HomeData, sector_title: Callable[[str], str] = sector_name) -> dict:
    """The Home tab for one user: `views.publish`'s `view`."""
    blocks = [*guide_blocks(), *subscription_blocks(data.channels)]
    if data.staff is not None:
        blocks += staff_blocks(data.staff, sector_title)
    return View(type="home", callback_id=HOME_CALLBACK, blocks=fit(blocks)).to_dict()
