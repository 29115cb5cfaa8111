"""What staff do to keep entries current, as signed Slack requests: press Edit, fill in the form,
approve a change, click the weekly review's buttons. Each helper waits for the Web API call the
app makes in reply (recorded by the fake Slack), never for a fixed time."""

from __future__ import annotations

import itertools

from bot.curation import entry_form, review_views
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import buttons, next_call, republished
from tests.support.slack_requests import (
    HttpResult,
    SlackSender,
    block_action,
    new_ts,
    view_submission,
)

_names = itertools.count(1)


def click(
    slack: SlackSender,
    fake: FakeSlack,
    user: str,
    message: Call,
    action_id: str,
    value: str | None = None,
    *,
    block_id: str = "actions",
) -> str:
    """`user` clicks a button of a message the bot posted; returns the response_url name."""
    blocks = message.params.get("blocks") or []
    if value is None:
        value = buttons(blocks)[action_id]
    name = f"click-{next(_names)}"
    payload = block_action(
        action_id,
        value,
        user,
        message.params["channel"],
        new_ts(),
        fake.response_url(name),
        block_id,
        message_text=message.params.get("text", ""),
    )
    payload["message"]["blocks"] = blocks  # what Slack sends: the message as it is shown
    result = slack.send_interaction(payload)
    assert (result.status, result.body) == (200, "")
    return name


def reply_to(fake: FakeSlack, name: str) -> Call:
    """What the app answered through the clicked message's response_url."""
    return next_call(fake, "response_url", lambda c: c.name == name)


def opened_modal(fake: FakeSlack, before: int) -> dict:
    return fake.wait_for("views.open", count=before + 1)[before].params["view"]


def press_edit(slack: SlackSender, fake: FakeSlack, user: str, card: Call) -> dict:
    """`user` presses Edit on a card; returns the form the app opened."""
    before = len(fake.calls_to("views.open"))
    click(slack, fake, user, card, entry_form.EDIT)
    return opened_modal(fake, before)


def initial(modal: dict) -> dict[str, str | None]:
    """block id -> what the form shows (the chosen option's value for a select)."""
    shown: dict[str, str | None] = {}
    for block in modal["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if element["type"] == "static_select":
            shown[block["block_id"]] = (element.get("initial_option") or {}).get("value")
        else:
            shown[block["block_id"]] = element.get("initial_value")
    return shown


def form_values(modal: dict, **typed: str | None) -> dict:
    """The form's state as Slack submits it: what it showed, with `typed` typed over it."""
    values: dict = {}
    for block, shown in initial(modal).items():
        value = typed.get(block, shown)
        if block == "sector":
            option = {"value": value} if value else None
            values[block] = {"value": {"type": "static_select", "selected_option": option}}
        else:
            values[block] = {"value": {"type": "plain_text_input", "value": value}}
    return values


def submit_edit(slack: SlackSender, modal: dict, user: str, **typed: str | None) -> HttpResult:
    payload = view_submission(
        entry_form.EDIT_CALLBACK, form_values(modal, **typed), user, modal["private_metadata"]
    )
    return slack.send_interaction(payload)


def saved(result: HttpResult) -> None:
    """The form was accepted (the app closed it)."""
    assert (result.status, result.body) == (200, ""), result.body


def edit_saved(slack: SlackSender, fake: FakeSlack, modal: dict, user: str, **typed) -> None:
    """Submit the form and see it accepted; return once the app is done with it (the last
    thing it does is republish the author's Home tab)."""
    before = len(fake.calls_to("views.publish"))
    saved(submit_edit(slack, modal, user, **typed))
    republished(fake, user, before)


def refused(result: HttpResult) -> dict[str, str]:
    """The form was refused: its errors by field."""
    body = result.json()
    assert body["response_action"] == "errors", body
    return body["errors"]


def revision_card(fake: FakeSlack, channel: str, before: int = 0) -> Call:
    """The next card with Approve / Reject posted to `channel`."""
    return next_call(
        fake,
        "chat.postMessage",
        lambda c: (
            c.params["channel"] == channel
            and review_views.APPROVE in buttons(c.params.get("blocks") or [])
        ),
        before,
    )
