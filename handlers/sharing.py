"""Sharing alerts: `/ci share`, the "Share as alert" shortcut, the modal, and moderation.

The role is checked on the server for every action: a button click or a modal submission from
someone who is not staff changes nothing, whatever the payload says. Approve / Reject also sit on
the staff's Home tab; a decision made there republishes it.

Every decision is taken once (bot.sharing.alerts): of two clicks, or two reviewers, the second
is told which decision stands and who took it; a form Slack delivers twice is taken once, and
the second delivery changes and says nothing.
"""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.forms import ModalState, text_problem
from bot.core.models import Alert
from bot.services import Services
from bot.sharing import alerts, views
from handlers.ci import Invocation
from handlers.context import services_of
from handlers.home import publish_home
from handlers.replies import NOT_STAFF, from_home, staff_action, tell, whisper

log = logging.getLogger(__name__)


def _alert_id(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _modal_metadata(view: dict) -> dict:
    return json.loads(view.get("private_metadata") or "{}")


def _modal_alert_id(view: dict) -> int:
    return int(_modal_metadata(view).get("alert_id", 0))


def _submission(view: dict) -> str | None:
    """The key of one submission of a modal: its view's id and hash, which a retry or a
    replay of the same submission repeats (None when the payload lacks them)."""
    view_id, view_hash = view.get("id"), view.get("hash")
    return f"{view_id}:{view_hash}" if view_id and view_hash else None


def share(call: Invocation) -> None:
    """`/ci share`: share an alert with one or more sectors (staff publish at once; other
    submissions are reviewed first)."""
    call.client.views_open(
        trigger_id=call.trigger_id,
        view=views.share_modal(metadata={"channel": call.channel_id}),
    )


def on_share_shortcut(ack: Ack, shortcut: dict, client: WebClient) -> None:
    ack()
    text = shortcut.get("message", {}).get("text", "")
    client.views_open(
        trigger_id=shortcut["trigger_id"],
        view=views.share_modal(
            title=text.strip().splitlines()[0] if text.strip() else "",
            details=text,
            metadata={"channel": shortcut.get("channel", {}).get("id")},
        ),
    )


def on_share_submitted(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    services = services_of(context)
    form = views.form_from_state(view["state"]["values"])
    errors = alerts.problems(form)
    user = body["user"]["id"]
    if errors:
        ack(response_action="errors", errors=errors)
        return
    staff = services.staff.is_staff(user)
    review_channel = services.settings.review_channel
    if not staff and not review_channel:
        ack(
            response_action="errors",
            errors={"title": "Submissions are closed: no review channel is set up."},
        )
        return
    ack()
    engine = services.engine
    outcome = alerts.submit(
        engine=engine, form=form, author_id=user, staff=staff, submission=_submission(view)
    )
    alert = outcome.alert
    if outcome.replayed or alert is None:
        log.info("submission %s delivered again: already taken", _submission(view))
        return
    if staff:
        services.outbox.notify()
        counts = alerts.delivery_counts(engine=engine, alert_id=alert.id)
        blocks, text = views.staff_receipt(alert, counts)
        receipt = client.chat_postMessage(channel=user, text=text, blocks=blocks)
        alerts.set_receipt(
            engine=engine, alert_id=alert.id, channel=receipt["channel"], ts=receipt["ts"]
        )
        return
    blocks, text = views.review_card(alert)
    posted = client.chat_postMessage(channel=review_channel, blocks=blocks, text=text)
    alerts.set_review_card(
        engine=engine, alert_id=alert.id, channel=posted["channel"], ts=posted["ts"]
    )
    tell(client, user, views.submitted_note(alert))


def _in_state(
    services: Services,
    body: dict,
    action: dict,
    status: str,
    respond: Respond,
    client: WebClient,
    what: str,
) -> Alert | None:
    """The alert a button names, if it is in the state the button acts on; otherwise the
    clicker is told which decision stands."""
    alert = alerts.get(engine=services.engine, alert_id=_alert_id(action["value"]))
    if alert is None or alert.status != status:
        standing = alerts.standing(engine=services.engine, alert=alert)
        whisper(body, respond, client, views.already_decided(standing, what))
        if from_home(body):
            publish_home(services, client, body["user"]["id"])  # it shows a stale queue
        return None
    return alert


def _close_review(client: WebClient, alert: Alert, decision: str) -> None:
    if alert.review_channel and alert.review_ts:
        blocks, text = views.review_card(alert, decided=decision)
        client.chat_update(
            channel=alert.review_channel, ts=alert.review_ts, blocks=blocks, text=text
        )


def _staff_submitting(services: Services, body: dict, ack: Ack, block: str, action: str):
    """The submitting user if staff; otherwise the modal shows a refusal on `block`."""
    user = body["user"]["id"]
    if services.staff.is_staff(user):
        return user
    log.warning("refused %s from non-staff user %s", action, user)
    ack(response_action="errors", errors={block: NOT_STAFF})
    return None


@staff_action("approve")
def on_approve(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    reviewer = body["user"]["id"]
    outcome = alerts.approve(
        engine=services.engine, alert_id=_alert_id(action["value"]), reviewer_id=reviewer
    )
    if outcome.applied and outcome.alert is not None:
        alert = outcome.alert
        services.outbox.notify()
        _close_review(client, alert, views.approved_by(reviewer))
        tell(client, alert.author_id, views.approved_note(alert))
    else:
        whisper(body, respond, client, views.already_decided(outcome))
    if from_home(body):
        publish_home(services, client, reviewer)


@staff_action("reject")
def on_reject(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    alert = _in_state(services, body, action, "pending", respond, client, "That submission")
    if alert:
        modal = views.reject_modal(alert, from_home=from_home(body))
        client.views_open(trigger_id=body["trigger_id"], view=modal)


def on_reject_submitted(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    services = services_of(context)
    reviewer = _staff_submitting(services, body, ack, "reason", "reject")
    if reviewer is None:
        return
    reason = ModalState(view["state"]["values"]).text("reason")
    # Checked here too: the modal's max_length binds Slack's form, not a forged submission.
    problem = text_problem(
        reason, name="reason", limit=views.REASON_LIMIT, missing="Say why, for the submitter."
    )
    if problem:
        ack(response_action="errors", errors={"reason": problem})
        return
    ack()
    outcome = alerts.reject(
        engine=services.engine,
        alert_id=_modal_alert_id(view),
        reviewer_id=reviewer,
        reason=reason.strip(),
        submission=_submission(view),
    )
    if outcome.replayed:
        log.info("submission %s delivered again: already taken", _submission(view))
        return
    if outcome.applied and outcome.alert is not None:
        alert = outcome.alert
        _close_review(client, alert, views.rejected_by(alert, reviewer))
        tell(client, alert.author_id, views.rejected_note(alert))
    else:  # the modal is closed: the reviewer hears it by direct message
        tell(client, reviewer, f"{views.already_decided(outcome)} Your rejection was not sent.")
    if _modal_metadata(view).get("home"):
        publish_home(services, client, reviewer)


@staff_action("edit")
def on_edit(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    alert = _in_state(services, body, action, "published", respond, client, "That alert")
    if alert:
        client.views_open(trigger_id=body["trigger_id"], view=views.edit_modal(alert))


def on_edit_submitted(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    services = services_of(context)
    editor = _staff_submitting(services, body, ack, "title", "edit")
    if editor is None:
        return
    alert = alerts.get(engine=services.engine, alert_id=_modal_alert_id(view))
    if alert is None:
        ack()
        return
    typed = views.form_from_state(view["state"]["values"])
    form = alerts.AlertForm(
        typed.title,
        typed.details,
        tuple(alert.sectors),
        alert.tlp,
        typed.source_url,
        tuple(alert.recipients),
    )
    errors = alerts.problems(form)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    outcome = alerts.edit(
        engine=services.engine,
        alert_id=alert.id,
        actor_id=editor,
        form=form,
        submission=_submission(view),
    )
    if outcome.applied:
        services.outbox.notify()
        services.outbox.tell_staff(alert.id)  # the receipt or review card shows the new text
    elif not outcome.replayed:  # retracted meanwhile: the modal is closed, so a direct message
        tell(
            client,
            editor,
            f"{views.already_decided(outcome, 'That alert')} Your edit was not made.",
        )


@staff_action("retract")
def on_retract(
    services: Services, body: dict, action: dict, respond: Respond, client: WebClient
) -> None:
    outcome = alerts.retract(
        engine=services.engine, alert_id=_alert_id(action["value"]), actor_id=body["user"]["id"]
    )
    if not outcome.applied or outcome.alert is None:
        whisper(body, respond, client, views.already_decided(outcome, "That alert"))
        return
    services.outbox.notify()
    respond(replace_original=True, text=views.retracted_note(outcome.alert))


def register(app: App) -> None:
    app.shortcut("share_as_alert")(on_share_shortcut)
    app.view(views.SHARE_CALLBACK)(on_share_submitted)
    app.action(views.APPROVE)(on_approve)
    app.action(views.REJECT)(on_reject)
    app.view(views.REJECT_CALLBACK)(on_reject_submitted)
    app.action(views.EDIT)(on_edit)
    app.view(views.EDIT_CALLBACK)(on_edit_submitted)
    app.action(views.RETRACT)(on_retract)
