"""A form submission Slack delivers twice is taken once (SPEC: reliability).

Slack retries a `view_submission` it thinks failed, and a signed request replayed within five
minutes is valid: the share, edit and reject modals are keyed by their view's id and hash, so
the second delivery gets the same empty answer and makes no second alert, receipt, decision or
message; a new modal (a new view id) is a new submission.
"""

from __future__ import annotations

import collections
import json

from sqlmodel import Session, select

from bot.core.models import AuditEvent
from bot.sharing import alerts, views
from tests.conftest import REVIEW, STAFF
from tests.sharing.test_alerts import (
    PARTNER,
    alert_posts,
    only_alert,
    published,
    share_state,
    submit_for_review,
    subscribe,
)
from tests.sharing.test_decisions import race
from tests.support.flows import next_call
from tests.support.slack_requests import retry_headers, view_submission
from tests.support.waiting import eventually


def audited(services, action: str) -> list[AuditEvent]:
    with Session(services.engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def share_payload(user: str = STAFF, **fields) -> dict:
    metadata = json.dumps({"channel": "CSHARE"})
    return view_submission(views.SHARE_CALLBACK, share_state(**fields), user, metadata)


def test_a_share_delivered_twice_publishes_one_alert_with_one_receipt(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    payload = share_payload()
    first = slack.send_interaction(payload)
    next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == STAFF)
    again = slack.send_interaction(payload, headers=retry_headers(1))

    assert (first.status, first.body) == (again.status, again.body) == (200, "")
    assert len(alerts.listing(engine=services.engine)) == 1
    assert len(audited(services, "publish")) == 1
    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=1)  # one receipt
    services.outbox.run_due()
    assert [c.params["channel"] for c in alert_posts(fake_slack)] == ["CWATER"]


def test_a_share_delivered_twice_at_once_publishes_one_alert(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    payload = share_payload()
    results = race(*[lambda: slack.send_interaction(payload)] * 2)

    assert [(r.status, r.body) for r in results] == [(200, "")] * 2
    next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == STAFF)
    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=1)
    assert len(alerts.listing(engine=services.engine)) == 1
    assert len(audited(services, "publish")) == 1


def test_a_partner_submission_delivered_twice_waits_for_review_once(slack, fake_slack, services):
    payload = share_payload(PARTNER)
    slack.send_interaction(payload)
    fake_slack.wait_for("chat.postMessage", count=2)  # the review card and the thanks
    slack.send_interaction(payload, headers=retry_headers(1))

    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=2)
    assert len(alerts.listing(engine=services.engine)) == 1
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")].count(REVIEW) == 1


def test_two_modals_with_the_same_words_are_two_alerts(slack, fake_slack, services):
    """The key is the submission, not its text: a second modal is a second alert."""
    for _ in range(2):
        slack.send_interaction(share_payload(title="Same words"))
    eventually(lambda: len(alerts.listing(engine=services.engine)) == 2, what="two alerts")


def test_a_reject_delivered_twice_rejects_and_tells_once(slack, fake_slack, services):
    submit_for_review(slack, fake_slack)
    alert = only_alert(services)
    payload = view_submission(
        views.REJECT_CALLBACK,
        {"reason": {"value": "Not confirmed"}},
        STAFF,
        json.dumps({"alert_id": alert.id}),
    )
    before = len(fake_slack.calls_to("chat.postMessage"))
    slack.send_interaction(payload)
    next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == PARTNER, before)
    slack.send_interaction(payload, headers=retry_headers(1))

    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=before + 1)
    assert len(fake_slack.calls_to("chat.update")) == 1  # the card closed once
    assert [e.actor_id for e in audited(services, "reject")] == [STAFF]


def test_an_edit_delivered_twice_is_made_once(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    published(slack, fake_slack, services)
    services.outbox.run_due()
    alert = only_alert(services)
    payload = view_submission(
        views.EDIT_CALLBACK,
        {
            "title": {"value": "Corrected"},
            "details": {"value": "Corrected details."},
            "source": {"value": {"type": "url_text_input", "value": None}},
        },
        STAFF,
        json.dumps({"alert_id": alert.id}),
    )
    slack.send_interaction(payload)
    eventually(lambda: len(audited(services, "edit")) == 1, what="the edit")
    assert slack.send_interaction(payload, headers=retry_headers(1)).status == 200
    services.outbox.run_due()

    assert len(audited(services, "edit")) == 1
    # The receipt is refreshed by the edit's handler once the edit is stored.
    updated = fake_slack.wait_for("chat.update", count=2)
    updates = collections.Counter(c.params["channel"] for c in updated)
    assert updates == {"CWATER": 1, STAFF: 1}  # the copy, and the receipt


def test_the_submission_key_is_stored_once_in_the_database(slack, fake_slack, services):
    payload = share_payload()
    slack.send_interaction(payload)
    next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == STAFF)
    [event] = audited(services, "publish")
    view = payload["view"]
    assert event.submission == f"{view['id']}:{view['hash']}"
