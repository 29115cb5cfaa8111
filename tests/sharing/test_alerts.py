"""Information-sharing alerts end to end: signed requests in, Web API calls out.

Slack users act through signed requests (`slack` fixture); delivery runs synchronously with
`services.outbox.run_due()`. Where a handler stores its change after acking and makes no Slack
call afterwards (the edit modal), `eventually` polls the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import threading

import pytest
from sqlmodel import Session, select

from bot.core.config import Settings
from bot.core.models import Alert, Delivery, utcnow
from bot.sharing import alerts, views
from bot.sharing.tlp import SHARING_RULES
from handlers.sharing import NOT_STAFF
from tests.conftest import REVIEW, STAFF, make_settings
from tests.support import flows
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import next_call
from tests.support.slack_requests import (
    HttpResult,
    SlackSender,
    block_action,
    message_shortcut,
    new_ts,
    view_submission,
)
from tests.support.waiting import eventually

PARTNER = "UPARTNER"
WATER = "water-and-wastewater"

_names = itertools.count(1)


# -- driving the app like Slack does -------------------------------------------------------


def share_state(
    title: str = "Boil-water notice for the river district",
    details: str = "Treatment plant 3 reported low chlorine; utilities should check intake.",
    sectors: tuple[str, ...] = (WATER,),
    tlp: str | None = "GREEN",
    source: str | None = None,
    recipients: tuple[str, ...] = (),
) -> dict:
    """view.state.values of the share modal, as Slack sends them."""
    return {
        "title": {"value": title},
        "details": {"value": details},
        "sectors": {
            "value": {
                "type": "multi_static_select",
                "selected_options": [
                    {"text": {"type": "plain_text", "text": s}, "value": s} for s in sectors
                ],
            }
        },
        "tlp": {
            "value": {
                "type": "static_select",
                "selected_option": (
                    {"text": {"type": "plain_text", "text": f"TLP:{tlp}"}, "value": tlp}
                    if tlp
                    else None
                ),
            }
        },
        "source": {"value": {"type": "url_text_input", "value": source}},
        "recipients": {"value": {"type": "multi_users_select", "selected_users": list(recipients)}},
    }


def submit_share(slack: SlackSender, user: str, **fields) -> HttpResult:
    """Submit the share modal as `user`."""
    metadata = json.dumps({"channel": "CSHARE"})
    return slack.send_interaction(
        view_submission(views.SHARE_CALLBACK, share_state(**fields), user, metadata)
    )


def new_posts(fake: FakeSlack, before: int, count: int) -> list[Call]:
    """Wait for `count` more chat.postMessage calls after the first `before`; return them."""
    return fake.wait_for("chat.postMessage", count=before + count)[before:]


def publish(slack: SlackSender, fake: FakeSlack, user: str = STAFF, **fields) -> Call:
    """A staff member shares an alert; returns the receipt DM (it comes after the alert is
    stored, so the outbox has rows to work on when this returns)."""
    before = len(fake.calls_to("chat.postMessage"))
    result = submit_share(slack, user, **fields)
    assert (result.status, result.body) == (200, "")
    return next_call(
        fake,
        "chat.postMessage",
        lambda c: c.params["channel"] == user and c.params["text"].startswith("Published:"),
        after=before,
    )


def published(slack: SlackSender, fake: FakeSlack, services, **fields) -> Call:
    """`publish`, then wait until the app has stored the receipt it posted: Slack's reply, and
    so the receipt's ts, reaches the app after the fake recorded the post, and refreshes of the
    receipt (after an edit, or deliveries that ended) find it by that stored ts."""
    receipt = publish(slack, fake, **fields)
    eventually(lambda: only_alert(services).receipt_ts is not None, what="the stored receipt")
    return receipt


def submit_for_review(slack: SlackSender, fake: FakeSlack, **fields) -> tuple[Call, Call]:
    """A partner shares an alert; returns (the review card, the thank-you DM)."""
    before = len(fake.calls_to("chat.postMessage"))
    result = submit_share(slack, PARTNER, **fields)
    assert (result.status, result.body) == (200, "")
    posts = new_posts(fake, before, 2)
    card = next(p for p in posts if p.params["channel"] == REVIEW)
    thanks = next(p for p in posts if p.params["channel"] == PARTNER)
    return card, thanks


def subscribe(slack: SlackSender, fake: FakeSlack, channel: str, text: str) -> None:
    """Staff type `/ci subscribe <text>` in `channel`."""
    flows.subscribe(slack, fake, channel, text, STAFF)


def click(
    slack: SlackSender, fake: FakeSlack, action_id: str, alert_id: int, user: str, where: Call
) -> str:
    """`user` clicks a button of the bot message `where`; returns the click's response_url name."""
    name = f"click-{next(_names)}"
    slack.send_interaction(
        block_action(
            action_id,
            str(alert_id),
            user,
            where.params["channel"],
            new_ts(),
            fake.response_url(name),
            block_id="review" if action_id in (views.APPROVE, views.REJECT) else "manage",
        )
    )
    return name


def reply_to(fake: FakeSlack, name: str) -> Call:
    """Wait for the response_url post named `name` (see `click`)."""
    return next_call(fake, "response_url", lambda c: c.name == name)


# -- reading the outcome ---------------------------------------------------------------------


def updates_in(fake: FakeSlack, channel: str) -> list[Call]:
    return [u for u in fake.calls_to("chat.update") if u.params["channel"] == channel]


def buttons(blocks: list[dict]) -> dict[str, str]:
    return {
        e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]
    }


def alert_posts(fake: FakeSlack) -> list[Call]:
    """Delivered alert copies that Slack accepted (not receipts, cards or DMs about alerts)."""
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.status == 200 and c.params.get("text", "").startswith("TLP:")
    ]


def posted_channels(fake: FakeSlack) -> set[str]:
    return {c.params["channel"] for c in alert_posts(fake)}


def only_alert(services) -> Alert:
    [alert] = alerts.listing(engine=services.engine)
    return alert


def delivery_statuses(services, alert_id: int) -> dict[str, str]:
    with Session(services.engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.alert_id == alert_id)).all()
        return {row.destination: row.status for row in rows}


def posted_copies(services, alert_id: int) -> set[tuple[str, str]]:
    with Session(services.engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.alert_id == alert_id)).all()
        return {(row.posted_channel, row.message_ts) for row in rows}


def mrkdwn_texts(node) -> list[str]:
    """Every mrkdwn text object in a block tree."""
    if isinstance(node, list):
        return [text for item in node for text in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "mrkdwn" else []
    return own + [text for value in node.values() for text in mrkdwn_texts(value)]


# -- TLP routing --------------------------------------------------------------------------------

# channel -> what staff typed after `/ci subscribe` there
CHANNELS = {
    "CWATER": "water",
    "CWATERAMBER": "water amber",
    "CDAMSAMBER": "dams amber",
    "CENERGY": "energy",
    "CENERGYAMBER": "energy amber",
    "CDIGESTONLY": "water digest daily",
}
ROUTES = {
    "CLEAR": {"CWATER", "CWATERAMBER", "CDAMSAMBER"},
    "GREEN": {"CWATER", "CWATERAMBER", "CDAMSAMBER"},
    "AMBER": {"CWATERAMBER", "CDAMSAMBER"},
    "AMBER+STRICT": {"CWATERAMBER", "CDAMSAMBER"},
    "RED": {"DUALICE", "DUBOB"},  # DMs only, never a channel
}


@pytest.mark.parametrize("tlp", list(ROUTES))
def test_a_staff_alert_reaches_exactly_the_channels_its_tlp_allows(
    slack, fake_slack, services, tlp
):
    for channel, text in CHANNELS.items():
        subscribe(slack, fake_slack, channel, text)
    recipients = ("UALICE", "UBOB") if tlp == "RED" else ()

    publish(slack, fake_slack, sectors=(WATER, "dams"), tlp=tlp, recipients=recipients)
    alert = only_alert(services)
    assert alert.status == "published"
    assert services.outbox.run_due() == len(ROUTES[tlp])

    assert posted_channels(fake_slack) == ROUTES[tlp]
    assert len(alert_posts(fake_slack)) == len(ROUTES[tlp])  # once each
    assert set(delivery_statuses(services, alert.id).values()) == {"sent"}
    opened = sorted(c.params["users"] for c in fake_slack.calls_to("conversations.open"))
    assert opened == (["UALICE", "UBOB"] if tlp == "RED" else [])
    checked = {c.params["channel"] for c in fake_slack.calls_to("conversations.info")}
    assert checked == (ROUTES[tlp] if tlp in ("AMBER", "AMBER+STRICT") else set())


def test_red_goes_once_to_each_named_recipient_even_if_named_twice(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATERAMBER", "water amber")
    publish(slack, fake_slack, tlp="RED", recipients=("UALICE", "UALICE"))
    services.outbox.run_due()
    assert [c.params["channel"] for c in alert_posts(fake_slack)] == ["DUALICE"]


def test_the_staff_receipt_says_where_the_alert_goes_and_offers_edit_and_retract(
    slack, fake_slack, services
):
    subscribe(slack, fake_slack, "CWATER", "water")
    subscribe(slack, fake_slack, "CWATERAMBER", "water amber")
    receipt = publish(slack, fake_slack, tlp="GREEN")
    alert = only_alert(services)
    assert "delivering to 2 channels" in json.dumps(receipt.params["blocks"])
    assert buttons(receipt.params["blocks"]) == {
        views.EDIT: str(alert.id),
        views.RETRACT: str(alert.id),
    }


def test_the_receipt_counts_one_channel_in_the_singular(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    receipt = publish(slack, fake_slack, tlp="GREEN")
    assert "delivering to 1 channel." in json.dumps(receipt.params["blocks"])


# -- externally shared channels -----------------------------------------------------------------


def test_externally_shared_channels_never_get_amber_but_still_get_green(
    slack, fake_slack, services
):
    for channel in ("CSHARED", "CPENDINGSHARE", "CINTERNAL"):
        subscribe(slack, fake_slack, channel, "water amber")
    fake_slack.set_channel("CSHARED", is_ext_shared=True, is_shared=True)
    fake_slack.set_channel("CPENDINGSHARE", is_pending_ext_shared=True)

    publish(slack, fake_slack, tlp="AMBER", title="Amber one")
    publish(slack, fake_slack, tlp="AMBER+STRICT", title="Strict one")
    publish(slack, fake_slack, tlp="GREEN", title="Green one")
    services.outbox.run_due()

    amber, strict, green = alerts.listing(engine=services.engine)
    for restricted in (amber, strict):
        assert delivery_statuses(services, restricted.id) == {
            "CSHARED": "withheld",
            "CPENDINGSHARE": "withheld",
            "CINTERNAL": "sent",
        }
    assert delivery_statuses(services, green.id) == dict.fromkeys(
        ("CSHARED", "CPENDINGSHARE", "CINTERNAL"), "sent"
    )
    by_channel: dict[str, list[str]] = {}
    for post in alert_posts(fake_slack):
        by_channel.setdefault(post.params["channel"], []).append(post.params["text"])
    assert by_channel == {
        "CINTERNAL": [
            "TLP:AMBER alert: Amber one",
            "TLP:AMBER+STRICT alert: Strict one",
            "TLP:GREEN alert: Green one",
        ],
        "CSHARED": ["TLP:GREEN alert: Green one"],
        "CPENDINGSHARE": ["TLP:GREEN alert: Green one"],
    }


@pytest.mark.parametrize(
    "failure",
    [
        # HTTP 500 on the first call and on all three of the client's own retries.
        {"status": 500, "times": 4},
        # HTTP 200 with an error body: Slack answered, but not with the channel.
        {"status": 200, "body": {"ok": False, "error": "internal_error"}},
    ],
    ids=["http-500", "error-body"],
)
def test_amber_waits_while_conversations_info_fails_then_is_delivered(
    slack, fake_slack, services, failure
):
    subscribe(slack, fake_slack, "CWATERAMBER", "water amber")
    publish(slack, fake_slack, tlp="AMBER")
    alert = only_alert(services)

    fake_slack.fail_next("conversations.info", **failure)
    services.outbox.run_due()
    assert alert_posts(fake_slack) == []
    with Session(services.engine) as session:
        row = session.exec(select(Delivery)).one()
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "internal_error")

    services.outbox.run_due(now=row.next_attempt_at)
    assert posted_channels(fake_slack) == {"CWATERAMBER"}
    assert delivery_statuses(services, alert.id) == {"CWATERAMBER": "sent"}


# -- the share modal's validation ------------------------------------------------------------

INVALID = {
    "empty title": ({"title": ""}, "title"),
    "blank title": ({"title": "   "}, "title"),
    "no sector": ({"sectors": ()}, "sectors"),
    "no TLP": ({"tlp": None}, "tlp"),
    "RED without recipients": ({"tlp": "RED"}, "recipients"),
    "over-long details": ({"details": "x" * (alerts.DETAILS_LIMIT + 1)}, "details"),
    "over-long title": ({"title": "t" * (alerts.TITLE_LIMIT + 1)}, "title"),
    "non-URL source": ({"source": "see the bulletin board"}, "source"),
    "ftp source": ({"source": "ftp://example.org/advisory.txt"}, "source"),
}


@pytest.mark.parametrize(("fields", "field"), list(INVALID.values()), ids=list(INVALID))
def test_an_invalid_share_is_answered_with_inline_errors_and_nothing_is_stored(
    slack, fake_slack, services, fields, field
):
    result = submit_share(slack, STAFF, **fields)
    assert result.status == 200
    answer = result.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [field]
    assert answer["errors"][field].strip()
    assert alerts.listing(engine=services.engine) == []
    assert fake_slack.calls_to("chat.postMessage") == []  # the listener ends with its ack


def test_a_partner_gets_the_same_inline_errors(slack, fake_slack, services):
    answer = submit_share(slack, PARTNER, title="", sectors=(), tlp="RED").json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"title", "sectors", "recipients"}
    assert alerts.listing(engine=services.engine) == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_details_limit_is_named_in_the_error(slack, fake_slack):
    answer = submit_share(slack, STAFF, details="x" * 2600).json()
    assert "2500" in answer["errors"]["details"]


# -- moderation --------------------------------------------------------------------------------


def test_a_partner_submission_waits_for_review_and_delivers_nothing(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    card, thanks = submit_for_review(slack, fake_slack, title="Suspicious drone near intake")
    alert = only_alert(services)
    assert (alert.status, alert.author_id) == ("pending", PARTNER)
    assert alert.review_channel == REVIEW and alert.review_ts
    assert buttons(card.params["blocks"]) == {
        views.APPROVE: str(alert.id),
        views.REJECT: str(alert.id),
    }
    assert "Suspicious drone near intake" in thanks.params["text"]
    assert "waiting for review" in thanks.params["text"]

    assert services.outbox.run_due() == 0
    assert alert_posts(fake_slack) == []
    assert delivery_statuses(services, alert.id) == {}


def test_a_forged_approve_from_a_partner_changes_nothing(slack, fake_slack, services, caplog):
    subscribe(slack, fake_slack, "CWATER", "water")
    card, _ = submit_for_review(slack, fake_slack)
    alert = only_alert(services)

    with caplog.at_level(logging.WARNING):
        name = click(slack, fake_slack, views.APPROVE, alert.id, PARTNER, card)
        refusal = reply_to(fake_slack, name)
    assert refusal.params["text"] == NOT_STAFF
    assert refusal.params["response_type"] == "ephemeral"
    assert refusal.params["replace_original"] is False
    assert any(
        r.levelno == logging.WARNING and "approve" in r.getMessage() and PARTNER in r.getMessage()
        for r in caplog.records
    )

    assert only_alert(services).status == "pending"
    assert only_alert(services).reviewer_id is None
    assert services.outbox.run_due() == 0
    assert alert_posts(fake_slack) == []
    assert fake_slack.calls_to("chat.update") == []


def test_staff_approve_delivers_closes_the_card_and_tells_the_submitter(
    slack, fake_slack, services
):
    subscribe(slack, fake_slack, "CWATER", "water")
    subscribe(slack, fake_slack, "CENERGY", "energy")
    card, _ = submit_for_review(slack, fake_slack, title="Drone near intake")
    alert = only_alert(services)

    before = len(fake_slack.calls_to("chat.postMessage"))
    click(slack, fake_slack, views.APPROVE, alert.id, STAFF, card)
    [update] = fake_slack.wait_for("chat.update")
    [told] = new_posts(fake_slack, before, 1)

    assert (update.params["channel"], update.params["ts"]) == (REVIEW, alert.review_ts)
    # Approve and Reject are gone; Edit and Retract stay while the alert is published.
    assert buttons(update.params["blocks"]) == {
        views.EDIT: str(alert.id),
        views.RETRACT: str(alert.id),
    }
    assert f"Approved by <@{STAFF}>" in json.dumps(update.params["blocks"])
    assert told.params["channel"] == PARTNER
    assert "“Drone near intake” was approved" in told.params["text"]
    approved = only_alert(services)
    assert (approved.status, approved.reviewer_id) == ("published", STAFF)

    assert services.outbox.run_due() == 1
    assert posted_channels(fake_slack) == {"CWATER"}


def test_staff_retract_an_approved_submission_from_its_review_card(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    card, _ = submit_for_review(slack, fake_slack, title="False alarm")
    alert = only_alert(services)
    click(slack, fake_slack, views.APPROVE, alert.id, STAFF, card)
    [closed] = fake_slack.wait_for("chat.update")
    assert buttons(closed.params["blocks"])[views.RETRACT] == str(alert.id)
    assert services.outbox.run_due() == 1
    [copy] = posted_copies(services, alert.id)

    name = click(slack, fake_slack, views.RETRACT, alert.id, STAFF, card)
    assert reply_to(fake_slack, name).params["text"].startswith("Retracted: False alarm.")
    assert services.outbox.run_due() == 1
    [retracted] = updates_in(fake_slack, "CWATER")
    assert (retracted.params["ts"], retracted.params["text"]) == (copy[1], "Retracted: False alarm")
    assert only_alert(services).status == "retracted"


def test_an_edit_refreshes_the_review_card_of_an_approved_submission(slack, fake_slack, services):
    card, _ = submit_for_review(slack, fake_slack, title="Drone near intake")
    alert = only_alert(services)
    click(slack, fake_slack, views.APPROVE, alert.id, STAFF, card)
    fake_slack.wait_for("chat.update")

    metadata = json.dumps({"alert_id": alert.id})
    result = submit_edit(slack, STAFF, metadata, title="Drone near the intake", details="Seen.")
    assert (result.status, result.body) == (200, "")
    eventually(lambda: len(updates_in(fake_slack, REVIEW)) == 2, what="the card refreshed")
    blocks = updates_in(fake_slack, REVIEW)[-1].params["blocks"]
    assert "DRONE NEAR THE INTAKE" in json.dumps(blocks).upper()
    assert f"Approved by <@{STAFF}>" in json.dumps(blocks)
    assert buttons(blocks) == {views.EDIT: str(alert.id), views.RETRACT: str(alert.id)}


def test_a_second_approve_does_not_deliver_twice(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    card, _ = submit_for_review(slack, fake_slack)
    alert = only_alert(services)
    click(slack, fake_slack, views.APPROVE, alert.id, STAFF, card)
    fake_slack.wait_for("chat.update")
    services.outbox.run_due()

    name = click(slack, fake_slack, views.APPROVE, alert.id, STAFF, card)
    assert reply_to(fake_slack, name).params["text"] == (
        f"That submission was already approved by <@{STAFF}>."
    )
    assert services.outbox.run_due() == 0
    assert len(alert_posts(fake_slack)) == 1


def test_staff_reject_asks_for_a_reason_and_sends_it_to_the_submitter(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    card, _ = submit_for_review(slack, fake_slack, title="Unverified rumour")
    alert = only_alert(services)

    click(slack, fake_slack, views.REJECT, alert.id, STAFF, card)
    [opened] = fake_slack.wait_for("views.open")
    modal = opened.params["view"]
    assert modal["callback_id"] == views.REJECT_CALLBACK
    assert json.loads(modal["private_metadata"]) == {"alert_id": alert.id}

    before = len(fake_slack.calls_to("chat.postMessage"))
    result = slack.send_interaction(
        view_submission(
            views.REJECT_CALLBACK,
            {"reason": {"value": "Not confirmed by the utility & <!here> please"}},
            STAFF,
            modal["private_metadata"],
        )
    )
    assert (result.status, result.body) == (200, "")
    [told] = new_posts(fake_slack, before, 1)
    [update] = fake_slack.wait_for("chat.update")

    assert told.params["channel"] == PARTNER
    assert "“Unverified rumour” was not published" in told.params["text"]
    assert "Not confirmed by the utility &amp; &lt;!here&gt; please" in told.params["text"]
    assert (update.params["channel"], update.params["ts"]) == (REVIEW, alert.review_ts)
    assert f"Rejected by <@{STAFF}>" in json.dumps(update.params["blocks"])
    assert buttons(update.params["blocks"]) == {}
    rejected = only_alert(services)
    assert (rejected.status, rejected.reviewer_id) == ("rejected", STAFF)
    assert rejected.review_reason == "Not confirmed by the utility & <!here> please"
    assert services.outbox.run_due() == 0
    assert alert_posts(fake_slack) == []


def test_a_reject_needs_a_reason(slack, fake_slack, services):
    submit_for_review(slack, fake_slack)
    alert = only_alert(services)
    result = slack.send_interaction(
        view_submission(
            views.REJECT_CALLBACK,
            {"reason": {"value": "   "}},
            STAFF,
            json.dumps({"alert_id": alert.id}),
        )
    )
    assert result.json()["errors"].keys() == {"reason"}
    assert only_alert(services).status == "pending"


def test_a_forged_reject_click_and_modal_from_a_partner_change_nothing(slack, fake_slack, services):
    card, _ = submit_for_review(slack, fake_slack)
    alert = only_alert(services)
    name = click(slack, fake_slack, views.REJECT, alert.id, PARTNER, card)
    assert reply_to(fake_slack, name).params["text"] == NOT_STAFF

    before = len(fake_slack.calls_to("chat.postMessage"))
    result = slack.send_interaction(
        view_submission(
            views.REJECT_CALLBACK,
            {"reason": {"value": "I reject my competitor's alert"}},
            PARTNER,
            json.dumps({"alert_id": alert.id}),
        )
    )
    assert result.status == 200
    assert result.json() == {"response_action": "errors", "errors": {"reason": NOT_STAFF}}
    fake_slack.assert_no_calls("views.open")
    fake_slack.assert_no_calls("chat.update")
    assert len(fake_slack.calls_to("chat.postMessage")) == before
    unchanged = only_alert(services)
    assert (unchanged.status, unchanged.review_reason) == ("pending", None)


# -- mentions and the TLP banner ------------------------------------------------------------

SNEAKY_TITLE = "Gate <!channel> & <!here> check"
SNEAKY_DETAILS = "Ask <@U123> and <!subteam^S1> about <https://evil.example|this> & that."


def test_mentions_typed_into_an_alert_never_ping(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    receipt = publish(slack, fake_slack, tlp="GREEN", title=SNEAKY_TITLE, details=SNEAKY_DETAILS)
    services.outbox.run_due()
    [post] = alert_posts(fake_slack)

    for message in (post.params, receipt.params):
        for text in [*mrkdwn_texts(message["blocks"]), message["text"]]:
            assert "<!" not in text and "<@" not in text and "<https://evil" not in text, text
    details = "\n".join(mrkdwn_texts(post.params["blocks"]))
    assert (
        "Ask &lt;@U123&gt; and &lt;!subteam^S1&gt; about "
        "&lt;https://evil.example|this&gt; &amp; that." in details
    )
    assert post.params["text"] == "TLP:GREEN alert: Gate &lt;!channel&gt; &amp; &lt;!here&gt; check"


def test_mentions_in_a_submission_do_not_ping_the_review_channel(slack, fake_slack, services):
    card, thanks = submit_for_review(slack, fake_slack, title=SNEAKY_TITLE, details=SNEAKY_DETAILS)
    for message in (card.params, thanks.params):
        for text in [*mrkdwn_texts(message.get("blocks") or []), message["text"]]:
            assert "<!" not in text and "<@U123" not in text, text


def test_a_source_link_cannot_smuggle_a_mention(slack, fake_slack, services):
    """The source is user text too: refused, or rendered so that nothing pings."""
    subscribe(slack, fake_slack, "CWATER", "water")
    source = "https://example.org/advisory?id=7|see> <!channel"
    result = submit_share(slack, STAFF, source=source)
    if result.body:
        assert result.json()["errors"].keys() == {"source"}
        return
    fake_slack.wait_for("chat.postMessage")
    services.outbox.run_due()
    [post] = alert_posts(fake_slack)
    for text in mrkdwn_texts(post.params["blocks"]):
        assert "<!channel" not in text, text


@pytest.mark.parametrize("tlp", list(ROUTES))
def test_the_first_block_shows_the_tlp_label_and_its_sharing_rule(slack, fake_slack, services, tlp):
    subscribe(slack, fake_slack, "CWATERAMBER", "water amber")
    publish(slack, fake_slack, tlp=tlp, recipients=("UALICE",) if tlp == "RED" else ())
    services.outbox.run_due()
    [post] = alert_posts(fake_slack)
    first = post.params["blocks"][0]
    assert first["type"] == "section"
    assert f"*TLP:{tlp}*" in first["text"]["text"]
    assert SHARING_RULES[tlp] in first["text"]["text"]
    assert post.params["text"].startswith(f"TLP:{tlp} alert: ")


# -- edit and retract ------------------------------------------------------------------------


def submit_edit(slack: SlackSender, user: str, metadata: str, **typed) -> HttpResult:
    values = {
        "title": {"value": typed["title"]},
        "details": {"value": typed["details"]},
        "source": {"value": {"type": "url_text_input", "value": typed.get("source")}},
    }
    return slack.send_interaction(view_submission(views.EDIT_CALLBACK, values, user, metadata))


def test_staff_edit_then_retract_update_the_delivered_copies_in_place(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    subscribe(slack, fake_slack, "CDAMS", "dams")
    receipt = published(slack, fake_slack, services, sectors=(WATER, "dams"), title="Old title")
    assert services.outbox.run_due() == 2
    alert = only_alert(services)
    copies = posted_copies(services, alert.id)  # (channel, ts) as Slack answered the posts
    assert {channel for channel, _ in copies} == {"CWATER", "CDAMS"}

    click(slack, fake_slack, views.EDIT, alert.id, STAFF, receipt)
    [opened] = fake_slack.wait_for("views.open")
    modal = opened.params["view"]
    assert modal["callback_id"] == views.EDIT_CALLBACK
    prefilled = {
        b.get("block_id"): b.get("element", {}).get("initial_value") for b in modal["blocks"]
    }
    assert prefilled["title"] == "Old title"

    result = submit_edit(
        slack,
        STAFF,
        modal["private_metadata"],
        title="New title",
        details="Corrected details.",
        source="https://example.org/corrected",
    )
    assert (result.status, result.body) == (200, "")
    eventually(lambda: only_alert(services).title == "New title")  # stored after the ack
    assert services.outbox.run_due() == 2
    # The receipt too: refreshed by the edit's handler once the edit is stored.
    eventually(lambda: updates_in(fake_slack, receipt.params["channel"]), what="the receipt")
    [refreshed] = updates_in(fake_slack, receipt.params["channel"])
    assert refreshed.params["text"] == "Published: New title"
    edits = [u for u in fake_slack.calls_to("chat.update") if u not in (refreshed,)]
    assert sorted((u.params["channel"], u.params["ts"]) for u in edits) == sorted(copies)
    for update in edits:
        assert update.params["text"] == "TLP:GREEN alert: New title"
        assert "Corrected details." in mrkdwn_texts(update.params["blocks"])
    edited = only_alert(services)
    assert (edited.title, edited.details, edited.source_url) == (
        "New title",
        "Corrected details.",
        "https://example.org/corrected",
    )
    assert (edited.tlp, edited.sectors) == ("GREEN", [WATER, "dams"])

    name = click(slack, fake_slack, views.RETRACT, alert.id, STAFF, receipt)
    answer = reply_to(fake_slack, name)  # sent once the retraction is stored
    assert answer.params["replace_original"] is True
    assert answer.params["text"].startswith("Retracted: New title.")
    assert services.outbox.run_due() == 2
    retracts = fake_slack.calls_to("chat.update")[3:]
    assert sorted((u.params["channel"], u.params["ts"]) for u in retracts) == sorted(copies)
    for update in retracts:
        assert update.params["text"] == "Retracted: New title"
        assert "Retracted." in mrkdwn_texts(update.params["blocks"])[0]
    assert only_alert(services).status == "retracted"
    assert len(alert_posts(fake_slack)) == 2  # updated in place, never posted again
    assert services.outbox.run_due() == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [("retract", "Retracted: Wrong alarm"), ("edit", "TLP:GREEN alert: Right alarm")],
)
def test_a_change_while_the_post_is_in_flight_still_reaches_that_copy(
    slack, fake_slack, services, change, expected
):
    """Edit or retract while the outbox is posting the alert (a slow or rate-limited Slack):
    the copy that lands must still be updated."""
    subscribe(slack, fake_slack, "CWATER", "water")
    receipt = publish(slack, fake_slack, title="Wrong alarm")
    alert = only_alert(services)
    in_flight, release = threading.Event(), threading.Event()

    def slow_post(call: Call) -> dict:
        in_flight.set()
        release.wait(5)
        return {"ok": True, "channel": call.params["channel"], "ts": "1700000099.000100"}

    fake_slack.set_response("chat.postMessage", slow_post)
    worker = threading.Thread(target=services.outbox.run_due)
    worker.start()
    assert in_flight.wait(5)
    if change == "retract":
        name = click(slack, fake_slack, views.RETRACT, alert.id, STAFF, receipt)
        reply_to(fake_slack, name)  # sent once the retraction is stored
    else:
        metadata = json.dumps({"alert_id": alert.id})
        submit_edit(slack, STAFF, metadata, title="Right alarm", details="Corrected.")
        eventually(lambda: only_alert(services).title == "Right alarm")
    release.set()
    worker.join(5)

    services.outbox.run_due()
    assert [c.params["channel"] for c in alert_posts(fake_slack)] == ["CWATER"]
    updates = [
        u for u in fake_slack.calls_to("chat.update") if u.params["ts"] == "1700000099.000100"
    ]
    assert [u.params["text"] for u in updates] == [expected]
    assert services.outbox.run_due(now=utcnow() + dt.timedelta(hours=1)) == 0


def test_retracting_before_delivery_cancels_the_pending_posts(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    receipt = publish(slack, fake_slack)
    alert = only_alert(services)
    name = click(slack, fake_slack, views.RETRACT, alert.id, STAFF, receipt)
    reply_to(fake_slack, name)
    assert services.outbox.run_due() == 0
    assert delivery_statuses(services, alert.id) == {"CWATER": "withheld"}
    assert alert_posts(fake_slack) == []


def test_a_partner_cannot_edit_or_retract(slack, fake_slack, services, caplog):
    subscribe(slack, fake_slack, "CWATER", "water")
    receipt = publish(slack, fake_slack, title="Staff wording")
    services.outbox.run_due()
    alert = only_alert(services)

    with caplog.at_level(logging.WARNING):
        for action in (views.EDIT, views.RETRACT):
            name = click(slack, fake_slack, action, alert.id, PARTNER, receipt)
            assert reply_to(fake_slack, name).params["text"] == NOT_STAFF
        result = submit_edit(
            slack,
            PARTNER,
            json.dumps({"alert_id": alert.id}),
            title="Partner wording",
            details="Changed by a partner.",
        )
    assert result.json() == {"response_action": "errors", "errors": {"title": NOT_STAFF}}
    refused = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    for action in ("edit", "retract"):
        assert any(action in m and PARTNER in m for m in refused), refused

    unchanged = only_alert(services)
    assert (unchanged.status, unchanged.title) == ("published", "Staff wording")
    fake_slack.assert_no_calls("views.open")
    assert services.outbox.run_due() == 0
    assert fake_slack.calls_to("chat.update") == []


def test_share_as_alert_opens_the_modal_filled_from_the_message(slack, fake_slack):
    text = "Water main break on 5th St\nCrews on site; expect low pressure until 18:00."
    status, _, _ = slack.send_interaction(
        message_shortcut("share_as_alert", PARTNER, "CFIELD", text)
    )
    assert status == 200
    [opened] = fake_slack.wait_for("views.open")
    modal = opened.params["view"]
    assert modal["callback_id"] == views.SHARE_CALLBACK
    initial = {b["block_id"]: b["element"].get("initial_value") for b in modal["blocks"]}
    assert initial["details"] == text
    assert initial["title"] == "Water main break on 5th St"
    assert json.loads(modal["private_metadata"]) == {"channel": "CFIELD"}


def test_ci_share_opens_the_empty_modal(slack, fake_slack):
    slack.send_command(
        "share", user_id=PARTNER, channel_id="CFIELD", response_url=fake_slack.response_url()
    )
    [opened] = fake_slack.wait_for("views.open")
    modal = opened.params["view"]
    assert modal["callback_id"] == views.SHARE_CALLBACK
    assert [b["block_id"] for b in modal["blocks"]] == [
        "title",
        "details",
        "sectors",
        "tlp",
        "source",
        "recipients",
    ]


# -- staff through a Slack user group ---------------------------------------------------------


class TestStaffUserGroup:
    @pytest.fixture
    def settings(self, database_url: str, fake_slack: FakeSlack) -> Settings:
        return make_settings(
            database_url, fake_slack, PARTNERBOT_STAFF_USERS="", PARTNERBOT_STAFF_GROUP="S1"
        )

    def test_a_group_member_publishes_directly_and_the_group_is_looked_up_once(
        self, slack, fake_slack, services
    ):
        fake_slack.set_response("usergroups.users.list", {"ok": True, "users": ["UGROUP"]})
        before = len(fake_slack.calls_to("response_url"))
        slack.send_command(
            "subscribe water amber",  # `amber` is for staff only: the first lookup
            user_id="UGROUP",
            channel_id="CWATERAMBER",
            response_url=fake_slack.response_url("sub"),
        )
        fake_slack.wait_for("response_url", count=before + 1)

        publish(slack, fake_slack, user="UGROUP", title="First", tlp="AMBER")
        publish(slack, fake_slack, user="UGROUP", title="Second", tlp="GREEN")
        services.outbox.run_due()

        first, second = alerts.listing(engine=services.engine)
        assert (first.status, second.status) == ("published", "published")
        assert posted_channels(fake_slack) == {"CWATERAMBER"}
        assert len(alert_posts(fake_slack)) == 2
        lookups = fake_slack.calls_to("usergroups.users.list")
        assert [c.params["usergroup"] for c in lookups] == ["S1"]

    def test_someone_outside_the_group_is_a_partner(self, slack, fake_slack, services):
        fake_slack.set_response("usergroups.users.list", {"ok": True, "users": ["UGROUP"]})
        submit_for_review(slack, fake_slack)
        assert only_alert(services).status == "pending"

    def test_when_slack_cannot_list_the_group_nobody_is_staff_through_it(
        self, slack, fake_slack, services
    ):
        fake_slack.set_response("usergroups.users.list", {"ok": False, "error": "no_such_subteam"})
        before = len(fake_slack.calls_to("chat.postMessage"))
        submit_share(slack, "UGROUP")
        new_posts(fake_slack, before, 2)  # review card and thank-you DM
        assert only_alert(services).status == "pending"
