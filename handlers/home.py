"""App Home: the Home tab, and the staff buttons on it: answer a knowledge gap, approve or
discard a draft entry. (Approve / Reject of a submitted alert on the Home tab are the moderation
buttons of handlers/sharing.py, which republish the Home tab after a decision made there.)

The role is checked on the server for every staff view and action: a partner's Home tab has no
staff sections, and a forged click or modal submission from a partner changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.models import DraftEntry, utcnow
from bot.core.render import escape
from bot.curation import drafts, gaps
from bot.curation import views as gap_views
from bot.home import data as home_data
from bot.home import view as home
from bot.services import Services
from handlers.replies import NOT_STAFF, whisper
from handlers.replies import refused as refused_by

log = logging.getLogger(__name__)
ALREADY_ANSWERED = "Those questions were answered already: see the Home tab."


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _home_data(services: Services, user_id: str, *, staff: bool) -> home_data.HomeData:
    """Everything the user's Home tab shows; the staff part only for staff."""
    index = services.matcher.index
    channel_ids = services.memberships.of(user_id)
    channels = None
    if channel_ids is not None:
        channels = home_data.channel_subscriptions(
            engine=services.engine, channel_ids=channel_ids, sector_titles=index.sector_titles
        )
    if not staff:
        return home_data.HomeData(channels)
    office = home_data.staff_home(
        engine=services.engine,
        index=index,
        knowledge_ids=services.knowledge.entry_ids,
        review_channel=services.settings.review_channel,
        now=utcnow(),
    )
    return home_data.HomeData(channels, office)


def publish_home(services: Services, client: WebClient, user_id: str) -> None:
    """Compose the user's Home tab (the staff part only for staff) and publish it."""
    staff = services.staff.is_staff(user_id)
    titles = services.matcher.index.sector_titles
    view = home.home_view(
        _home_data(services, user_id, staff=staff),
        sector_title=lambda slug: titles.get(slug, slug),
    )
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as error:
        log.warning(
            "could not publish the Home tab of %s: %s", user_id, error.response.get("error")
        )


def register(app: App, services: Services) -> None:
    engine = services.engine

    def refused(body: dict, respond: Respond, client: WebClient, action: str) -> bool:
        return refused_by(services.staff, body, respond, client, action)

    @app.event("app_home_opened")
    def on_home_opened(event: dict, client: WebClient) -> None:
        """The Home tab: how to use the bot, your channels' subscriptions (and, for staff, the
        office's queue, alerts, knowledge gaps and figures)."""
        if event.get("tab", "home") == "home":
            publish_home(services, client, event["user"])

    @app.action(gap_views.ANSWER)
    def on_answer(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        ack()
        if refused(body, respond, client, "answer a knowledge gap"):
            return
        gap = gaps.gap_for(engine=engine, anchor_id=_number(action.get("value", "")))
        if gap is None:
            whisper(body, respond, client, ALREADY_ANSWERED)
            publish_home(services, client, body["user"]["id"])
            return
        named = services.matcher.index.sectors_in(gap.anchor.text)
        modal = gap_views.answer_modal(gap, sector=named[0] if len(named) == 1 else None)
        client.views_open(trigger_id=body["trigger_id"], view=modal)

    @app.view(gap_views.ANSWER_CALLBACK)
    def on_answer_submitted(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        user = body["user"]["id"]
        if not services.staff.is_staff(user):
            log.warning("refused answer a knowledge gap from non-staff user %s", user)
            ack(response_action="errors", errors={"answer": NOT_STAFF})
            return
        draft = gap_views.draft_from_state(view["state"]["values"])
        errors = drafts.problems(draft)
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
            client.chat_postMessage(
                channel=user, text=f"Your answer was not sent. {ALREADY_ANSWERED}"
            )
        else:
            log.info("gap %s answered by %s: draft %s", anchor, user, answered.draft.entry_id)
            send_staff_answer(client, answered, user)
        publish_home(services, client, user)

    def send_staff_answer(client: WebClient, answered: gaps.Answered, author: str) -> None:
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

    def decide_draft(
        body: dict,
        action: dict,
        respond: Respond,
        client: WebClient,
        decide: Callable[[int, str], DraftEntry | None],
    ) -> None:
        user = body["user"]["id"]
        decided = decide(_number(action.get("value", "")), user)
        if decided is None:
            whisper(body, respond, client, "That draft was already decided.")
        else:
            log.info("draft %s %s by %s", decided.entry_id, decided.status, user)
        publish_home(services, client, user)

    def approve(draft_id: int, user: str) -> DraftEntry | None:
        approved = drafts.approve(engine=engine, draft_id=draft_id, approver_id=user)
        services.knowledge.refresh()  # rebuilt now: the very next question gets the entry
        return approved

    def discard(draft_id: int, user: str) -> DraftEntry | None:
        discarded = drafts.discard(engine=engine, draft_id=draft_id, actor_id=user)
        services.knowledge.refresh()
        return discarded

    @app.action(home.DRAFT_APPROVE)
    def on_approve_draft(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient
    ) -> None:
        ack()
        if not refused(body, respond, client, "approve a draft"):
            decide_draft(body, action, respond, client, approve)

    @app.action(home.DRAFT_DISCARD)
    def on_discard_draft(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient
    ) -> None:
        ack()
        if not refused(body, respond, client, "discard a draft"):
            decide_draft(body, action, respond, client, discard)
