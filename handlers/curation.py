"""The knowledge-gap loop's staff buttons on the Home tab: answer a gap (a modal), approve or
discard a draft entry. A forged click or modal submission from a partner changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.models import DraftEntry
from bot.core.render import escape
from bot.curation import drafts, gaps
from bot.curation import views as gap_views
from bot.home import view as home
from bot.services import Services
from handlers.context import services_of
from handlers.home import publish_home
from handlers.replies import NOT_STAFF, refused, whisper

log = logging.getLogger(__name__)
ALREADY_ANSWERED = "Those questions were answered already: see the Home tab."


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0


def on_answer(
    ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext
) -> None:
    ack()
    services = services_of(context)
    if refused(services.staff, body, respond, client, "answer a knowledge gap"):
        return
    gap = gaps.gap_for(engine=services.engine, anchor_id=_number(action.get("value", "")))
    if gap is None:
        whisper(body, respond, client, ALREADY_ANSWERED)
        publish_home(services, client, body["user"]["id"])
        return
    named = services.matcher.index.sectors_in(gap.anchor.text)
    modal = gap_views.answer_modal(gap, sector=named[0] if len(named) == 1 else None)
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def on_answer_submitted(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    services = services_of(context)
    engine = services.engine
    user = body["user"]["id"]
    if not services.staff.is_staff(user):
        log.warning("refused answer a knowledge gap from non-staff user %s", user)
        ack(response_action="errors", errors={"answer": NOT_STAFF})
        return
    draft = gap_views.draft_from_state(view["state"]["values"])
    errors = drafts.problems(draft) or gap_views.answer_problem(draft.title, draft.answer)
    anchor = gap_views.anchor_of(view)
    if not errors and gaps.gap_for(engine=engine, anchor_id=anchor) is None:
        errors = {"answer": ALREADY_ANSWERED}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    answered = gaps.answer_gap(
        engine=engine,
        anchor_id=anchor,
        draft=draft,
        author_id=user,
        knowledge_ids=services.knowledge.entry_ids,
    )
    if answered is None:  # another staff member's answer was stored a moment earlier
        client.chat_postMessage(channel=user, text=f"Your answer was not sent. {ALREADY_ANSWERED}")
    else:
        log.info("gap %s answered by %s: draft %s", anchor, user, answered.draft.entry_id)
        _send_staff_answer(services, client, answered, user)
    publish_home(services, client, user)


def _send_staff_answer(
    services: Services, client: WebClient, answered: gaps.Answered, author: str
) -> None:
    entry = drafts.to_entry(answered.draft)
    titles = services.matcher.index.sector_titles
    sector_title = titles.get(entry.sector) if entry.sector else None
    sent, failed = gaps.send_answer(
        client,
        gaps.reply_targets(answered.questions),
        lambda question: gap_views.answer_message(entry, question, sector_title),
    )
    receipt = (
        f"Sent your answer “{escape(entry.title)}” to {sent} asker(s)"
        + (f" ({len(failed)} could not be reached)" if failed else "")
        + f". It is saved as the draft entry `{entry.id}`: approve it on the Home tab and the "
        "bot answers the question itself from then on."
    )
    client.chat_postMessage(channel=author, text=receipt)


def _decide_draft(
    body: dict,
    action: dict,
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    decide: Callable[..., DraftEntry | None],
    what: str,
) -> None:
    services = services_of(context)
    if refused(services.staff, body, respond, client, what):
        return
    user = body["user"]["id"]
    decided = decide(engine=services.engine, draft_id=_number(action.get("value", "")), actor=user)
    services.knowledge.refresh()  # rebuilt now: the very next question gets the change
    if decided is None:
        whisper(body, respond, client, "That draft was already decided.")
    else:
        log.info("draft %s %s by %s", decided.entry_id, decided.status, user)
    publish_home(services, client, user)


def on_approve_draft(
    ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext
) -> None:
    ack()
    _decide_draft(body, action, respond, client, context, _approve, "approve a draft")


def on_discard_draft(
    ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext
) -> None:
    ack()
    _decide_draft(body, action, respond, client, context, _discard, "discard a draft")


def _approve(*, engine, draft_id: int, actor: str) -> DraftEntry | None:
    return drafts.approve(engine=engine, draft_id=draft_id, approver_id=actor)


def _discard(*, engine, draft_id: int, actor: str) -> DraftEntry | None:
    return drafts.discard(engine=engine, draft_id=draft_id, actor_id=actor)


def register(app: App) -> None:
    app.action(gap_views.ANSWER)(on_answer)
    app.view(gap_views.ANSWER_CALLBACK)(on_answer_submitted)
    app.action(home.DRAFT_APPROVE)(on_approve_draft)
    app.action(home.DRAFT_DISCARD)(on_discard_draft)
