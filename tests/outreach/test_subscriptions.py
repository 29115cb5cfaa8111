"""`/ci subscribe | unsubscribe | subscriptions` through signed slash commands."""

from __future__ import annotations

import itertools

import pytest

from bot.outreach import subscriptions as subs
from knowledge.schema import SECTOR_SLUGS
from tests.conftest import STAFF
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SlackSender

PARTNER = "UPARTNER"
CHANNEL = "CSUBS"

_names = itertools.count(1)


def ci(slack: SlackSender, fake: FakeSlack, text: str, user: str = PARTNER) -> str:
    """Type `/ci <text>` in CHANNEL; the private reply's text."""
    name = f"ci-{next(_names)}"
    before = len(fake.calls_to("response_url"))
    status, _, _ = slack.send_command(
        text, user_id=user, channel_id=CHANNEL, response_url=fake.response_url(name)
    )
    assert status == 200
    fake.wait_for("response_url", count=before + 1)
    [reply] = fake.calls_to("response_url", name)
    assert reply.params["response_type"] == "ephemeral"
    return reply.params["text"]


def stored(services, channel: str = CHANNEL) -> dict[str, tuple[bool, str | None, bool]]:
    """sector -> (alerts, digest, amber) for the channel, as the database has it."""
    rows = subs.channel_subscriptions(engine=services.engine, channel_id=channel)
    return {row.sector: (row.alerts, row.digest, row.amber) for row in rows}


def test_loose_sector_names_subscribe_to_alerts_and_the_weekly_digest(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe water Dams hosptials")
    assert reply.startswith("Done.")
    assert stored(services) == {
        "water-and-wastewater": (True, "weekly", False),
        "dams": (True, "weekly", False),
        "healthcare-and-public-health": (True, "weekly", False),
    }
    assert "Dams Sector: alerts, weekly digest, not cleared for AMBER" in reply


def test_all_subscribes_to_the_sixteen_sectors(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe all")
    assert set(stored(services)) == set(SECTOR_SLUGS)
    assert len(SECTOR_SLUGS) == 16


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("alerts", (True, None, False)),
        ("digest daily", (False, "daily", False)),
        ("digest weekly", (False, "weekly", False)),
        ("alerts digest daily", (True, "daily", False)),
        ("", (True, "weekly", False)),
    ],
)
def test_alerts_and_digest_options(slack, fake_slack, services, options, expected):
    ci(slack, fake_slack, f"subscribe energy {options}")
    assert stored(services) == {"energy": expected}


def test_subscribing_again_replaces_the_options(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe energy")
    ci(slack, fake_slack, "subscribe energy digest daily")
    assert stored(services) == {"energy": (False, "daily", False)}


def test_amber_is_refused_for_a_partner(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe water amber", user=PARTNER)
    assert "Only partnership office staff can clear a channel for TLP:AMBER" in reply
    assert stored(services) == {}


def test_amber_is_accepted_for_staff(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe water amber", user=STAFF)
    assert stored(services) == {"water-and-wastewater": (True, "weekly", True)}
    assert "Water and Wastewater Systems Sector: alerts, weekly digest, cleared for AMBER" in reply


def test_a_bad_sector_name_gets_the_list_of_valid_ones(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe moon bases")
    assert "moon bases" in reply
    for slug in SECTOR_SLUGS:
        assert slug in reply
    assert stored(services) == {}


def test_subscribe_without_a_sector_is_refused(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe alerts")
    assert "water-and-wastewater" in reply
    assert stored(services) == {}


def test_unsubscribe_one_sector_then_all(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water dams energy")
    reply = ci(slack, fake_slack, "unsubscribe dams")
    assert reply.startswith("Removed 1 subscription(s).")
    assert set(stored(services)) == {"water-and-wastewater", "energy"}

    reply = ci(slack, fake_slack, "unsubscribe")
    assert reply.startswith("Removed 2 subscription(s).")
    assert "This channel has no subscriptions" in reply
    assert stored(services) == {}


def test_unsubscribe_leaves_other_channels_alone(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water")
    slack.send_command(
        "subscribe water",
        user_id=PARTNER,
        channel_id="COTHER",
        response_url=fake_slack.response_url("other"),
    )
    fake_slack.wait_for("response_url", count=2)
    ci(slack, fake_slack, "unsubscribe")
    assert stored(services) == {}
    assert stored(services, "COTHER") == {"water-and-wastewater": (True, "weekly", False)}


def test_subscriptions_lists_the_channel(slack, fake_slack, services):
    assert "This channel has no subscriptions" in ci(slack, fake_slack, "subscriptions")
    ci(slack, fake_slack, "subscribe dams")
    ci(slack, fake_slack, "subscribe energy digest daily amber", user=STAFF)
    listing = ci(slack, fake_slack, "subscriptions")
    assert listing.splitlines() == [
        "*This channel's subscriptions*",
        "• Dams Sector: alerts, weekly digest, not cleared for AMBER",
        "• Energy Sector: daily digest, cleared for AMBER",
    ]
