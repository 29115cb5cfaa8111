"""Text built to overflow after escaping, or to ping everyone, never costs an alert (SPEC:
alerts are escaped, length limits checked with a clear message, nothing lost).

The property tests build every payload the sharing surfaces send with the real view functions
and check each with the fake Slack's own validator (what Slack refuses is refused there too),
and that no mrkdwn carries a mention the person typed. The end-to-end tests replay the exact
reproductions through signed requests: 2,500 `<` or `&` in the details, 1,000 `<` in a
reviewer's reason.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from bot.core.models import Alert, Delivery
from bot.core.render import escape
from bot.sharing import alerts, views
from bot.sharing.alerts import DETAILS_LIMIT, TITLE_LIMIT, URL_LIMIT, Outcome
from knowledge.schema import SECTOR_SLUGS
from tests.conftest import REVIEW, STAFF
from tests.sharing.test_alerts import (
    PARTNER,
    alert_posts,
    only_alert,
    publish,
    submit_for_review,
    subscribe,
)
from tests.support import block_kit
from tests.support.flows import next_call
from tests.support.slack_requests import view_submission

# What a person may type to break things: Slack's three escaped characters, mention and link
# markup, separators, and letters; long runs of one character (the reproductions) besides.
HOSTILE = "<>&|@!#^:/ \n\taé😀"


def typed(most: int, *, least: int = 0) -> st.SearchStrategy[str]:
    runs = st.builds(
        lambda character, count: character * count,
        st.sampled_from("<>&"),
        st.integers(min_value=max(least, 1), max_value=most),
    )
    mentions = st.lists(
        st.sampled_from(["<!channel>", "<!here>", "<@U123>", "<#C123|x>", "<!subteam^S1>", "&"]),
        min_size=1,
        max_size=most // 14 or 1,
    ).map("".join)
    text = st.text(alphabet=HOSTILE, min_size=least, max_size=most)
    return st.one_of(runs, mentions, text).filter(lambda t: len(t) <= most)


def required(most: int) -> st.SearchStrategy[str]:
    return typed(most, least=1).filter(lambda t: t.strip())


sources = st.one_of(
    st.none(),
    typed(URL_LIMIT - len("https://")).map(lambda rest: "https://" + rest),
)
tlps = st.sampled_from(["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"])


def an_alert(title: str, details: str, source: str | None, tlp: str, **fields) -> Alert:
    """An alert as stored: what passed the form, stripped."""
    form = alerts.AlertForm(title, details, ("water-and-wastewater",), tlp, source, ("UALICE",))
    assert not alerts.problems(form), alerts.problems(form)
    return Alert(
        id=7,
        title=title.strip(),
        details=details.strip(),
        sectors=list(form.sectors),
        tlp=tlp,
        source_url=source,
        recipients=list(form.recipients),
        author_id=PARTNER,
        **fields,
    )


def ended(reason: str = "message_not_found") -> list[Delivery]:
    return [
        Delivery(alert_id=7, destination="CGONE", status="update_failed", last_error=reason),
        Delivery(alert_id=7, destination="UALICE", direct=True, status="failed", last_error="x"),
    ]


# -- checking a payload ------------------------------------------------------------------------

BOT_MARKUP = re.compile(r"<@(USTAFF|UREVIEWER|UALICE)>|<#CGONE>|<https?://[^<>|\s]*\|[^<>]*>")
TYPED_MENTION = re.compile(r"<[@!#]")


def mrkdwn_texts(node) -> list[str]:
    if isinstance(node, list):
        return [text for item in node for text in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "mrkdwn" else []
    return own + [text for value in node.values() for text in mrkdwn_texts(value)]


def assert_slack_takes_message(blocks: list[dict] | None, text: str) -> None:
    """Slack would accept it, and none of its mrkdwn pings anyone a person typed."""
    params = {"text": text, **({"blocks": blocks} if blocks is not None else {})}
    assert block_kit.message_problems(params) == []
    for mrkdwn in [text, *mrkdwn_texts(blocks or [])]:
        leftover = BOT_MARKUP.sub("", mrkdwn)
        assert not TYPED_MENTION.search(leftover), mrkdwn


def assert_slack_takes_view(view: dict) -> None:
    assert block_kit.view_problems(view) == []
    for mrkdwn in mrkdwn_texts(view["blocks"]):
        assert not TYPED_MENTION.search(BOT_MARKUP.sub("", mrkdwn)), mrkdwn


def details_sent(blocks: list[dict]) -> str:
    """The details as the message carries them: the sections between header and footer."""
    start = next(n for n, b in enumerate(blocks) if b["type"] == "header") + 1
    end = next(n for n, b in enumerate(blocks) if b["type"] == "context")
    return "".join(b["text"]["text"] for b in blocks[start:end])


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- properties: every payload of the sharing surfaces, for any text ----------------------------


@FAST
@given(required(TITLE_LIMIT), required(DETAILS_LIMIT), sources, tlps)
def test_every_alert_message_slack_receives_is_accepted_and_pings_nobody(
    title, details, source, tlp
):
    alert = an_alert(title, details, source, tlp, status="published", reviewer_id="UREVIEWER")
    blocks, text = views.alert_message(alert)
    assert_slack_takes_message(blocks, text)
    assert details_sent(blocks) == escape(alert.details)  # split, never cut

    for shown in (
        views.review_card(alert),
        views.review_card(alert, views.approved_by("UREVIEWER"), ended()),
        views.staff_receipt(alert, {"pending": 3}),
        views.staff_receipt(alert, {"sent": 2, "update_failed": 1}, ended()),
    ):
        assert_slack_takes_message(*shown)

    alert.status = "retracted"
    assert_slack_takes_message(*views.alert_message(alert))
    assert_slack_takes_message(*views.staff_receipt(alert, {"sent": 2}, ended()))
    for note in (
        views.submitted_note(alert),
        views.approved_note(alert),
        views.retracted_note(alert),
        views.already_decided(Outcome(alert, applied=False, standing=("retract", STAFF))),
    ):
        assert_slack_takes_message(None, note)


@FAST
@given(required(TITLE_LIMIT), required(DETAILS_LIMIT), required(views.REASON_LIMIT))
def test_a_rejection_with_any_reason_is_accepted_whole_and_pings_nobody(title, details, reason):
    alert = an_alert(title, details, None, "GREEN", status="rejected", reviewer_id="UREVIEWER")
    alert.review_reason = reason.strip()
    blocks, text = views.review_card(alert, views.rejected_by(alert, "UREVIEWER"))
    assert_slack_takes_message(blocks, text)
    after_details = blocks[next(n for n, b in enumerate(blocks) if b["type"] == "context") + 1 :]
    assert "".join(b["text"]["text"] for b in after_details) == views.rejected_by(
        alert, "UREVIEWER"
    )
    note = views.rejected_note(alert)
    assert_slack_takes_message(None, note)
    assert note.endswith(escape(alert.review_reason))


@FAST
@given(typed(5000), typed(5000), required(TITLE_LIMIT), required(DETAILS_LIMIT), sources)
def test_every_modal_is_accepted_whatever_it_is_filled_with(
    first_line, rest, title, details, source
):
    """The share modal filled from any message (the shortcut), the edit and reject modals of
    any alert."""
    message = f"{first_line}\n{rest}"
    assert_slack_takes_view(
        views.share_modal(
            title=message.strip().splitlines()[0] if message.strip() else "", details=message
        )
    )
    alert = an_alert(title, details, source, "GREEN", status="published")
    assert_slack_takes_view(views.edit_modal(alert))
    assert_slack_takes_view(views.reject_modal(alert, from_home=True))


# -- the reproductions, end to end ---------------------------------------------------------------

FLOODS = {"2500 <": "<" * 2500, "2500 &": "&" * 2500, "2500 >": ">" * 2500}


def test_the_flood_passes_the_form_check_as_typed():
    for flood in FLOODS.values():
        assert len(flood) == DETAILS_LIMIT
        assert not alerts.problems(alerts.AlertForm("Title", flood, ("dams",), "GREEN"))


def test_staff_details_that_overflow_once_escaped_are_delivered_whole(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CWATER", "water")
    for name, flood in FLOODS.items():
        receipt = publish(slack, fake_slack, title=f"Flood {name}", details=flood)
        assert receipt.status == 200  # Slack took the receipt: the staff member saw it
        assert details_sent(receipt.params["blocks"]) == escape(flood)
    services.outbox.run_due()

    posts = alert_posts(fake_slack)
    assert [p.status for p in posts] == [200] * len(FLOODS)
    assert [details_sent(p.params["blocks"]) for p in posts] == [escape(f) for f in FLOODS.values()]
    statuses = {d.status for a in alerts.listing(engine=services.engine) for d in rows(services, a)}
    assert statuses == {"sent"}


def rows(services, alert: Alert) -> list[Delivery]:
    with Session(services.engine) as session:
        return list(session.exec(select(Delivery).where(Delivery.alert_id == alert.id)).all())


def test_a_partner_flood_gets_its_review_card_and_its_reply(slack, fake_slack, services):
    card, thanks = submit_for_review(slack, fake_slack, details="<" * 2500)
    assert (card.status, thanks.status) == (200, 200)
    assert details_sent(card.params["blocks"]) == escape("<" * 2500)
    assert only_alert(services).review_ts  # the card is known: it can be closed later


def test_a_reason_of_1000_lt_reaches_the_card_and_the_submitter_whole(slack, fake_slack, services):
    submit_for_review(slack, fake_slack, title="Unverified rumour")
    alert = only_alert(services)
    reason = "<" * 1000
    before = len(fake_slack.calls_to("chat.postMessage"))
    result = slack.send_interaction(
        view_submission(
            views.REJECT_CALLBACK,
            {"reason": {"value": reason}},
            STAFF,
            json.dumps({"alert_id": alert.id}),
        )
    )
    assert (result.status, result.body) == (200, "")
    told = next_call(
        fake_slack, "chat.postMessage", lambda c: c.params["channel"] == PARTNER, before
    )
    [closed] = fake_slack.wait_for("chat.update")

    assert (closed.status, told.status) == (200, 200)
    assert closed.params["channel"] == REVIEW
    card_text = "".join(mrkdwn_texts(closed.params["blocks"]))
    assert f"Rejected by <@{STAFF}>: {escape(reason)}" in card_text
    assert told.params["text"].endswith(f"The reviewer's reason: {escape(reason)}")
    assert only_alert(services).status == "rejected"


def test_a_source_link_full_of_ampersands_is_kept_whole_beside_the_sectors(
    slack, fake_slack, services
):
    subscribe(slack, fake_slack, "CWATER", "water")
    source = "https://example.org/?" + "&" * (URL_LIMIT - len("https://example.org/?"))
    publish(slack, fake_slack, sectors=tuple(SECTOR_SLUGS), source=source)
    services.outbox.run_due()
    [post] = alert_posts(fake_slack)
    footer = post.params["blocks"][-1]
    assert footer["type"] == "context"
    texts = [element["text"] for element in footer["elements"]]
    assert texts[0].startswith("Sectors: Chemical")
    assert texts[1].startswith("Source: <https://example.org/?&amp;&amp;")
    assert texts[1].endswith(">")  # the link is whole: not cut, not dropped


def test_a_forged_reason_longer_than_the_modal_allows_is_refused(slack, fake_slack, services):
    submit_for_review(slack, fake_slack)
    alert = only_alert(services)
    result = slack.send_interaction(
        view_submission(
            views.REJECT_CALLBACK,
            {"reason": {"value": "<" * (views.REASON_LIMIT + 1)}},
            STAFF,
            json.dumps({"alert_id": alert.id}),
        )
    )
    assert result.json()["response_action"] == "errors"
    assert str(views.REASON_LIMIT) in result.json()["errors"]["reason"]
    assert only_alert(services).status == "pending"
