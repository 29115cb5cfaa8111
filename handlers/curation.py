"""Staff keeping the knowledge base current from Slack: answer a knowledge gap (a modal), approve
or discard a draft entry; edit an entry (a revision), approve or reject a change; say an entry
is still correct, or retire it (the weekly review); *Save as answer* and *Edit answer* on
messages. The role is checked on the server for every click and form: a forged click or
submission from a partner changes nothing."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.answering import cards
from bot.core.models import DraftEntry
from bot.core.render import escape
from bot.curation import capture, drafts, entry_form, gaps, review_views, revisions
from bot.curation import views as gap_views
from bot.home import view as home
from bot.services import Services
from handlers.context import services_of
from handlers.home import publish_home
from handlers.replies import NOT_STAFF, from_home, refused, staff_action, tell, whisper

log = logging.getLogger(__name__)
ALREADY_ANSWERED = "Those questions were answered already: see the Home tab."


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0


@staff_action("answer a knowledge gap")
def on_answer(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
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
    services: Services, body: dict, respond: Respond, client: WebClient, decided: DraftEntry | None
) -> None:
    """After a draft was approved or discarded (None: it was decided already)."""
    services.knowledge.refresh()  # rebuilt now: the very next question gets the change
    if decided is None:
        whisper(body, respond, client, "That draft was already decided.")
    else:
        log.info("draft %s %s by %s", decided.entry_id, decided.status, body["user"]["id"])
    publish_home(services, client, body["user"]["id"])


@staff_action("approve a draft")
def on_approve_draft(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    approved = drafts.approve(
        engine=services.engine,
        draft_id=_number(action.get("value", "")),
        approver_id=body["user"]["id"],
    )
    _decide_draft(services, body, respond, client, approved)


@staff_action("discard a draft")
def on_discard_draft(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    discarded = drafts.discard(
        engine=services.engine,
        draft_id=_number(action.get("value", "")),
        actor_id=body["user"]["id"],
    )
    _decide_draft(services, body, respond, client, discarded)


# -- keeping entries current: Edit, approve or reject a change, Still correct, Retire ---------


GONE = "That entry is no longer in the knowledge base."
RETIRED = "That entry was retired: partners no longer get it."
DECIDED = "That change was already decided, or replaced by a newer one."


def _open_edit(services: Services, body: dict, respond: Respond, client: WebClient, entry_id: str):
    """Open the edit form on the entry as it now reads (or on the change waiting for it)."""
    base = services.knowledge.base(entry_id)
    if base is None:
        whisper(body, respond, client, GONE)
        return
    head = revisions.head(services.engine, base)
    if head.retired:
        whisper(body, respond, client, RETIRED)
        return
    client.views_open(trigger_id=body["trigger_id"], view=entry_form.edit_modal(head))


@staff_action("edit an entry")
def on_edit(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    """Edit (a staff member's answer card, Home's review list) and Suggest a change (the
    weekly review): the edit form."""
    _open_edit(services, body, respond, client, action.get("value", ""))


def on_edit_shortcut(
    ack: Ack, body: dict, shortcut: dict, respond: Respond, client: WebClient, context: BoltContext
) -> None:
    """*Edit answer* on one of the bot's answer cards (in a channel, where the card shows no
    staff button): the edit form for the entry it shows."""
    ack()
    services = services_of(context)
    if refused(services.staff, body, respond, client, "edit an entry"):
        return
    entry_id = capture.card_entry(services.engine, shortcut.get("message") or {}, cards.HELPFUL)
    if entry_id is None:
        whisper(body, respond, client, "Use *Edit answer* on one of my answer cards.")
        return
    _open_edit(services, body, respond, client, entry_id)


def _first_field(view: dict) -> str:
    form = entry_form.opened(view)
    return form.fields[0] if form and form.fields else "title"


def on_edit_submitted(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext):
    services = services_of(context)
    user = body["user"]["id"]
    first = _first_field(view)
    if not services.staff.is_staff(user):
        log.warning("refused edit an entry from non-staff user %s", user)
        ack(response_action="errors", errors={first: NOT_STAFF})
        return
    form = entry_form.opened(view)
    base = services.knowledge.base(form.entry_id) if form else None
    if form is None or base is None:
        ack(response_action="errors", errors={first: GONE})
        return
    head = revisions.head(services.engine, base)
    try:
        if head.retired or head.version != form.version:
            raise revisions.conflict(services.engine, base.id)
        changed = entry_form.revised(view["state"]["values"], form, head.entry)
        if changed == head.entry:
            raise entry_form.FormProblems({first: "Nothing changed: edit a field, or Cancel."})
        revision = revisions.propose(
            engine=services.engine, base=base, version=form.version, after=changed, author_id=user
        )
    except entry_form.FormProblems as problems:
        ack(response_action="errors", errors=problems.problems)
        return
    except revisions.Conflict as conflict:
        ack(response_action="errors", errors={first: str(conflict)})
        return
    ack()
    log.info("revision %s of %s proposed by %s", revision.id, revision.entry_id, user)
    _post_revision_card(services, client, revision, user)
    publish_home(services, client, user)


def _post_revision_card(services: Services, client: WebClient, revision, author: str) -> None:
    """The change waits on a card with Approve / Reject: in the review channel, or else in
    the author's DM (they may approve it themselves); the Home tab lists it too."""
    blocks, text = review_views.revision_card(revision)
    channel = services.settings.review_channel or author
    client.chat_postMessage(channel=channel, blocks=blocks, text=text, unfurl_links=False)
    if channel != author:
        title = escape(str(revision.after.get("title") or revision.entry_id))
        tell(
            client,
            author,
            f"Your change to “{title}” waits for approval in <#{channel}> and on the Home tab. "
            "Partners get it once a staff member (you too) approves it.",
        )


def _done_on_card(body: dict, respond: Respond, action: dict, said: str) -> None:
    """The clicked message shows what was done where its buttons were."""
    message = body.get("message") or {}
    if body.get("response_url") and message.get("blocks"):
        blocks = review_views.after_click(message["blocks"], action.get("block_id", ""), said)
        respond(replace_original=True, blocks=blocks, text=message.get("text") or said)


def _revision_decided(
    services: Services,
    body: dict,
    respond: Respond,
    client: WebClient,
    decided: revisions.Decided | None,
    *,
    verb: str,
    said: str,
) -> None:
    """Tell the author (unless they decided it themselves), show the decision on the card, and
    refresh the decider's Home if that is where they clicked."""
    user = body["user"]["id"]
    if decided is None:
        whisper(body, respond, client, DECIDED)
    else:
        revision = decided.revision
        log.info("revision %s of %s %s by %s", revision.id, revision.entry_id, verb, user)
        if revision.author_id != user:
            title = decided.entry.title if decided.entry else revision.after.get("title")
            title = escape(str(title or revision.entry_id))
            tell(client, revision.author_id, f"<@{user}> {verb} your change to “{title}”.")
        if body.get("response_url"):
            blocks, _ = review_views.revision_card(revision, decided=said)
            respond(replace_original=True, blocks=blocks, text=said)
    if from_home(body):
        publish_home(services, client, user)


@staff_action("approve a change")
def on_approve_revision(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    user = body["user"]["id"]
    decided = revisions.approve(
        engine=services.engine,
        revision_id=_number(action.get("value", "")),
        approver_id=user,
        base_of=services.knowledge.base,
    )
    services.knowledge.refresh()  # rebuilt now: the very next question gets the change
    said = f":white_check_mark: Approved by <@{user}>: partners get it now."
    _revision_decided(services, body, respond, client, decided, verb="approved", said=said)


@staff_action("reject a change")
def on_reject_revision(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    user = body["user"]["id"]
    decided = revisions.reject(
        engine=services.engine, revision_id=_number(action.get("value", "")), actor_id=user
    )
    said = f":x: Rejected by <@{user}>: partners keep getting the entry as it was."
    _revision_decided(services, body, respond, client, decided, verb="rejected", said=said)


@staff_action("review an entry")
def on_still_correct(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    user = body["user"]["id"]
    base = services.knowledge.base(action.get("value", ""))
    reviewed = None
    if base is not None:
        reviewed = revisions.record_review(engine=services.engine, base=base, reviewer_id=user)
    services.knowledge.refresh()
    if reviewed is None:
        whisper(body, respond, client, GONE if base is None else RETIRED)
    else:
        day = reviewed.reviewed.isoformat() if reviewed.reviewed else ""
        _done_on_card(
            body, respond, action, f":white_check_mark: Still correct, said <@{user}> on {day}."
        )
    if from_home(body):
        publish_home(services, client, user)


@staff_action("retire an entry")
def on_retire(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    user = body["user"]["id"]
    base = services.knowledge.base(action.get("value", ""))
    retired = base is not None and revisions.retire(
        engine=services.engine, base=base, actor_id=user
    )
    services.knowledge.refresh()  # gone from answers now, here; every process checks too
    if not retired:
        whisper(body, respond, client, GONE if base is None else RETIRED)
    else:
        log.info("entry %s retired by %s", base.id, user)
        _done_on_card(
            body, respond, action, f":file_cabinet: Retired by <@{user}>: no longer an answer."
        )
    if from_home(body):
        publish_home(services, client, user)


# -- Save as answer ---------------------------------------------------------------------------


def on_save_shortcut(
    ack: Ack, body: dict, shortcut: dict, respond: Respond, client: WebClient, context: BoltContext
) -> None:
    """*Save as answer* on a reply in a thread: a draft entry with the thread's question and
    the reply."""
    ack()
    services = services_of(context)
    if refused(services.staff, body, respond, client, "save an answer"):
        return
    message = shortcut.get("message") or {}
    channel = (shortcut.get("channel") or {}).get("id", "")
    question = capture.thread_question(client, channel, message)
    named = services.matcher.index.sectors_in(question) if question else []
    modal = capture.save_modal(
        question, capture.readable(message.get("text", "")), named[0] if len(named) == 1 else None
    )
    client.views_open(trigger_id=shortcut["trigger_id"], view=modal)


def on_save_submitted(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext):
    services = services_of(context)
    user = body["user"]["id"]
    if not services.staff.is_staff(user):
        log.warning("refused save an answer from non-staff user %s", user)
        ack(response_action="errors", errors={"answer": NOT_STAFF})
        return
    draft = gap_views.draft_from_state(view["state"]["values"])
    errors = drafts.problems(draft)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    row = capture.save(
        engine=services.engine,
        draft=draft,
        author_id=user,
        knowledge_ids=services.knowledge.entry_ids,
    )
    log.info("answer saved as draft %s by %s", row.entry_id, user)
    tell(
        client,
        user,
        f"Saved “{escape(row.title)}” as the draft entry `{row.entry_id}`. Approve it on the "
        "Home tab and the bot answers the question itself from then on.",
    )
    publish_home(services, client, user)


def register(app: App) -> None:
    app.action(gap_views.ANSWER)(on_answer)
    app.view(gap_views.ANSWER_CALLBACK)(on_answer_submitted)
    app.action(home.DRAFT_APPROVE)(on_approve_draft)
    app.action(home.DRAFT_DISCARD)(on_discard_draft)
    app.action(entry_form.EDIT)(on_edit)
    app.shortcut("edit_answer")(on_edit_shortcut)
    app.view(entry_form.EDIT_CALLBACK)(on_edit_submitted)
    app.action(review_views.APPROVE)(on_approve_revision)
    app.action(review_views.REJECT)(on_reject_revision)
    app.action(review_views.STILL_CORRECT)(on_still_correct)
    app.action(review_views.RETIRE)(on_retire)
    app.shortcut("save_as_answer")(on_save_shortcut)
    app.view(capture.SAVE_CALLBACK)(on_save_submitted)
