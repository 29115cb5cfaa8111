"""Information sharing in `partnerbot shell`, every step typed: the share form asked field by
field, the review card in the session's review channel, approve and reject (with a reason) as
staff, a staff alert's receipt, its delivery to subscribed channels, Edit and Retract."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.core.db import make_engine
from bot.core.models import Alert, Delivery
from bot.outreach import subscriptions as subs
from bot.runtime.shell import REVIEW_CHANNEL, USER
from tests.support.shell import after, press, said_after, session

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

WATER = "16"  # the sectors are listed in slug order: water-and-wastewater is the 16th


def share(title: str, tlp: str) -> list[str]:
    """The lines that fill in the share form: title, details, sectors, TLP, no source and no
    recipients."""
    details = f"What partners need to know about {title}."
    return ["/ci share", title, details, WATER, tlp, "", ""]


def alerts(database_url: str) -> list[Alert]:
    with Session(make_engine(database_url)) as session:
        return list(session.exec(select(Alert).order_by(Alert.id)))


def deliveries(database_url: str) -> list[tuple[str, str]]:
    with Session(make_engine(database_url)) as session:
        rows = session.exec(select(Delivery).order_by(Delivery.destination))
        return [(row.destination, row.status) for row in rows]


def subscribe_elsewhere(database_url: str, channel: str) -> None:
    """Another channel of the workspace subscribed to water before the session."""
    request = subs.SubscriptionRequest(sectors=("water-and-wastewater",), alerts=True)
    subs.subscribe(
        engine=make_engine(database_url), channel_id=channel, request=request, user_id="UOPS"
    )


def test_the_share_form_is_asked_field_by_field_with_its_choices_listed(database_url):
    out = session(database_url, share("Boil water notice", "green"))
    form = said_after(out, "/ci share")
    assert "form “Share an alert”" in form
    for label in ("Title", "Details", "Sectors", "TLP label", "Source", "Recipients"):
        assert f"\n{label}" in form
    assert "  16. Water & Wastewater" in form
    assert "   2. TLP:GREEN - Share with peers" in form
    assert "Slack would open the form" not in out
    [alert] = alerts(database_url)
    assert (alert.title, alert.sectors, alert.tlp, alert.status) == (
        "Boil water notice",
        ["water-and-wastewater"],
        "GREEN",
        "pending",
    )


def test_partner_share_goes_to_the_review_channel_staff_approve_then_retract_it(database_url):
    out = session(
        database_url,
        [
            "/ci subscribe water",
            *share("Boil water notice", "green"),
            press("Approve"),  # still a partner: refused
            "/as staff",
            press("Approve"),
            press("Retract"),  # on the review card, once approved
            "y",
        ],
    )
    shared = after(out, "[Share]")
    assert f"bot → #{REVIEW_CHANNEL}>\n  Submission for review from user {USER}" in shared
    assert "[Approve]" not in shared and "Approve]" in shared
    assert "waiting for review by the partnership office" in shared

    refused, approved = said_after(out, "!1", 0), said_after(out, "!1")
    assert "Only partnership office staff can do that." in refused
    assert f"bot → #{REVIEW_CHANNEL} (edited)>" in approved
    assert f"Approved by @{USER}." in approved
    assert "Your alert “Boil water notice” was approved and is being delivered." in approved
    delivered = approved.split("is being delivered.")[1]
    assert "bot>\n  :large_green_circle: TLP:GREEN" in delivered
    assert "BOIL WATER NOTICE" in delivered
    assert "[!3 Edit] [!4 Retract]" in approved

    retracted = said_after(out, "!4")
    assert "Retracted: Boil water notice." in retracted
    assert "bot (edited)>\n  :large_green_circle: TLP:GREEN  :no_entry: Retracted." in retracted
    assert alerts(database_url)[0].status == "retracted"
    assert deliveries(database_url) == [("DLOCALSHELL", "sent")]


def test_staff_reject_with_a_reason_typed_into_the_reject_form(database_url):
    out = session(
        database_url,
        [
            *share("Rumour about a dam", "clear"),
            "/as staff",
            press("Reject"),
            "Not confirmed by the operator.",
        ],
    )
    rejected = after(out, "[Reject]")
    form = said_after(out, "!2").split("[Reject]")[0]
    assert "form “Reject submission”" in form and "RUMOUR ABOUT A DAM" not in form
    assert "Rumour about a dam" in form  # the modal's own text, shown above the field
    assert f"bot → #{REVIEW_CHANNEL} (edited)>" in rejected
    assert f"Rejected by @{USER}: Not confirmed by the operator." in rejected
    assert "was not published. The reviewer's reason: Not confirmed by the operator." in rejected
    [alert] = alerts(database_url)
    assert (alert.status, alert.review_reason) == ("rejected", "Not confirmed by the operator.")


def test_staff_share_receipt_delivery_edit_and_retract(database_url):
    subscribe_elsewhere(database_url, "CWATEROPS")
    out = session(
        database_url,
        [
            "/ci subscribe water",
            *share("Chlorine shortage", "clear"),
            press("Edit"),
            "Chlorine shortage: update",  # the title; details and source keep their values
            "",
            "",
            press("Retract"),
            "y",
        ],
        staff=True,
    )
    published = after(out, "[Share]")
    assert "Published: delivering to 2 channels." in published
    assert "[!1 Edit] [!2 Retract]" in published
    assert "bot → #CWATEROPS>\n  :white_circle: TLP:CLEAR" in published
    assert published.count("CHLORINE SHORTAGE") == 3  # the receipt, and the two copies

    edit = said_after(out, "!1")
    assert "form “Edit alert”" in edit
    assert "Title (Enter keeps “Chlorine shortage”): " in edit
    edited = after(out, "[Update]")
    assert "bot → #CWATEROPS (edited)>" in edited and "bot (edited)>" in edited
    assert edited.count("CHLORINE SHORTAGE: UPDATE") == 3  # the receipt, and the two copies

    retracted = after(out, "anything else = Keep it): y\n")
    assert "Retract this alert?" in said_after(out, "!4")  # on the refreshed receipt
    assert "Retracted: Chlorine shortage: update." in retracted
    assert "bot → #CWATEROPS (edited)>" in retracted and "Retracted." in retracted
    [alert] = alerts(database_url)
    assert (alert.title, alert.status) == ("Chlorine shortage: update", "retracted")


def test_the_apps_own_errors_are_shown_and_the_field_asked_again(database_url):
    """TLP:RED without recipients: the app answers `response_action: errors`; the shell says
    so, asks Recipients again, and the direct message to the recipient prints with it."""
    out = session(
        database_url,
        [*share("Named threat", "TLP:RED"), "UPARTNER1 me"],
        staff=True,
    )
    answered = after(out, "[Share]", 0)
    assert "The form came back with problems:" in answered
    assert "Recipients (for TLP:RED): TLP:RED goes only to named people" in answered
    assert "Title" not in answered.split("came back with problems:")[1].split("Recipients")[0]
    sent = after(out, "[Share]")
    assert "bot → @UPARTNER1 (direct message)>\n  :red_circle: TLP:RED" in sent
    assert "bot>\n  :red_circle: TLP:RED" in sent  # "me": the shell's own user
    [alert] = alerts(database_url)
    assert (alert.status, sorted(alert.recipients)) == ("published", ["ULOCALSHELL", "UPARTNER1"])


def test_a_form_is_cancelled_with_slash_cancel_or_an_empty_required_field(database_url):
    out = session(database_url, ["/ci share", "/cancel", "/ci share", "A title", ""])
    assert out.count("(form “Share an alert” cancelled)") == 2
    assert alerts(database_url) == []


def test_answers_a_field_does_not_take_are_asked_again(database_url):
    out = session(
        database_url,
        [
            "/ci share",
            "Title",
            "Details",
            "17",  # no such sector
            "water, dams",  # by name, with commas
            "amb",  # AMBER or AMBER+STRICT?
            "amber",  # AMBER, by its value
            "not a link",
            "https://www.cisa.gov/news",
            "",
        ],
    )
    assert "Choose numbers from 1 to 16." in after(out, "): 17\n")
    assert "“amb” could be 2 of them: give the number." in after(out, "): amb\n")
    assert "Give a link starting with https://" in after(out, "): not a link\n")
    [alert] = alerts(database_url)
    assert (alert.sectors, alert.tlp, alert.source_url) == (
        ["water-and-wastewater", "dams"],  # in the order typed
        "AMBER",
        "https://www.cisa.gov/news",
    )
