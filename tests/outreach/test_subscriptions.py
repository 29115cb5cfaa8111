"""`/ci subscribe | unsubscribe | subscriptions` through signed slash commands: subscribing adds
to what a channel has and says what changed, removing is explicit, an AMBER clearance is
staff's, removing everything is confirmed, and the user's words never ping or link."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.models import Delivery
from bot.outreach import subscriptions as subs
from bot.sharing import alerts
from bot.sharing.alerts import AlertForm
from handlers.ci import Invocation
from handlers.subscriptions import UNSUBSCRIBE_ALL
from handlers.subscriptions import subscribe as subscribe_handler
from handlers.subscriptions import unsubscribe as unsubscribe_handler
from knowledge.schema import SECTOR_SLUGS
from tests.conftest import STAFF
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import buttons
from tests.support.slack_requests import SlackSender, block_action, new_ts

PARTNER = "UPARTNER"
CHANNEL = "CSUBS"
WATER = "water-and-wastewater"

_names = itertools.count(1)


def ci_call(slack: SlackSender, fake: FakeSlack, text: str, user: str = PARTNER) -> Call:
    """Type `/ci <text>` in CHANNEL; the private reply."""
    name = f"ci-{next(_names)}"
    before = len(fake.calls_to("response_url"))
    status, _, _ = slack.send_command(
        text, user_id=user, channel_id=CHANNEL, response_url=fake.response_url(name)
    )
    assert status == 200
    fake.wait_for("response_url", count=before + 1)
    [reply] = fake.calls_to("response_url", name)
    assert reply.params["response_type"] == "ephemeral"
    return reply


def ci(slack: SlackSender, fake: FakeSlack, text: str, user: str = PARTNER) -> str:
    return ci_call(slack, fake, text, user).params["text"]


def stored(services, channel: str = CHANNEL) -> dict[str, tuple[bool, str | None, bool]]:
    """sector -> (alerts, digest, amber) for the channel, as the database has it."""
    rows = subs.channel_subscriptions(engine=services.engine, channel_id=channel)
    return {row.sector: (row.alerts, row.digest, row.amber) for row in rows}


def test_loose_sector_names_subscribe_to_alerts_and_the_weekly_digest(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe water Dams hosptials")
    assert reply.startswith("Done.")
    assert stored(services) == {
        WATER: (True, "weekly", False),
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


# -- subscribing again adds ------------------------------------------------------------------


def test_subscribing_all_to_a_digest_keeps_the_alerts_a_sector_had(slack, fake_slack, services):
    """The issue's first case: water lost its alerts."""
    ci(slack, fake_slack, "subscribe water alerts")
    reply = ci(slack, fake_slack, "subscribe all digest daily")
    assert stored(services)[WATER] == (True, "daily", False)
    assert stored(services)["dams"] == (False, "daily", False)
    assert "• Water and Wastewater Systems Sector: alerts already there" not in reply
    assert "• Water and Wastewater Systems Sector: daily digest added" in reply
    assert "• 15 sectors (Chemical Sector, " in reply and ": subscribed: daily digest" in reply


@pytest.mark.parametrize("who", [PARTNER, STAFF])
def test_a_digest_added_later_keeps_alerts_and_the_amber_clearance(
    slack, fake_slack, services, who
):
    """The issue's second case: water had "alerts, weekly digest, cleared for AMBER"."""
    ci(slack, fake_slack, "subscribe water amber", user=STAFF)
    reply = ci(slack, fake_slack, "subscribe water dams digest", user=who)
    assert stored(services) == {
        WATER: (True, "weekly", True),
        "dams": (False, "weekly", False),
    }
    assert "• Water and Wastewater Systems Sector: weekly digest already there" in reply
    assert "• Dams Sector: subscribed: weekly digest" in reply
    assert "Water and Wastewater Systems Sector: alerts, weekly digest, cleared for AMBER" in reply


def test_a_cadence_named_again_changes_and_says_so(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe energy")
    reply = ci(slack, fake_slack, "subscribe energy digest daily")
    assert stored(services) == {"energy": (True, "daily", False)}
    assert "• Energy Sector: digest changed from weekly to daily" in reply
    reply = ci(slack, fake_slack, "subscribe energy")
    assert stored(services) == {"energy": (True, "daily", False)}  # a bare subscribe keeps it
    assert "• Energy Sector: alerts already there; daily digest already there" in reply


# -- removing is explicit ---------------------------------------------------------------------


def test_no_alerts_and_no_digest_remove_one_part(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water dams")
    reply = ci(slack, fake_slack, "subscribe water no-digest")
    assert "• Water and Wastewater Systems Sector: weekly digest stopped" in reply
    reply = ci(slack, fake_slack, "subscribe dams no alerts")
    assert "• Dams Sector: alerts stopped" in reply
    assert stored(services) == {WATER: (True, None, False), "dams": (False, "weekly", False)}
    reply = ci(slack, fake_slack, "subscribe water no-alerts")
    assert "alerts stopped; unsubscribed" in reply
    assert stored(services) == {"dams": (False, "weekly", False)}


def test_only_staff_clear_or_unclear_amber(slack, fake_slack, services):
    for text in ("subscribe water amber", "subscribe water no-amber", "unsubscribe water amber"):
        reply = ci(slack, fake_slack, text, user=PARTNER)
        assert "Only partnership office staff can" in reply and "TLP:AMBER" in reply
    assert stored(services) == {}
    ci(slack, fake_slack, "subscribe water amber", user=STAFF)
    reply = ci(slack, fake_slack, "subscribe water no-amber", user=STAFF)
    assert "• Water and Wastewater Systems Sector: AMBER clearance removed" in reply
    assert stored(services) == {WATER: (True, "weekly", False)}


def test_a_partners_unsubscribe_keeps_the_staff_clearance_on_record(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water amber", user=STAFF)
    reply = ci(slack, fake_slack, "unsubscribe water", user=PARTNER)
    assert "unsubscribed (had alerts, weekly digest); staff's AMBER clearance stays" in reply
    assert stored(services) == {WATER: (False, None, True)}
    listing = ci(slack, fake_slack, "subscriptions")
    assert "Water and Wastewater Systems Sector: no alerts or digest, cleared for AMBER" in listing

    # Nothing is delivered to a channel that only keeps a clearance.
    form = AlertForm("Amber notice", "Details.", (WATER,), "AMBER", None, ())
    alert = alerts.submit(engine=services.engine, form=form, author_id=STAFF, staff=True).alert
    with Session(services.engine) as session:
        planned = session.exec(select(Delivery).where(Delivery.alert_id == alert.id)).all()
    assert [row.destination for row in planned] == []

    ci(slack, fake_slack, "subscribe water", user=PARTNER)
    assert stored(services) == {WATER: (True, "weekly", True)}


def test_a_staff_unsubscribe_removes_the_clearance_too(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water amber", user=STAFF)
    reply = ci(slack, fake_slack, "unsubscribe water", user=STAFF)
    assert "unsubscribed (had alerts, weekly digest); AMBER clearance removed" in reply
    assert stored(services) == {}


def test_unsubscribe_what_the_channel_does_not_have_says_so(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe dams")
    reply = ci(slack, fake_slack, "unsubscribe water dams")
    assert "• Water and Wastewater Systems Sector: was not subscribed" in reply
    assert "• Dams Sector: unsubscribed (had alerts, weekly digest)" in reply
    assert "Removed 0" not in reply
    assert stored(services) == {}


def test_a_bare_unsubscribe_asks_first_and_the_button_confirms(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water dams energy")
    asked = ci_call(slack, fake_slack, "unsubscribe")
    assert "Remove all 3 of this channel's subscriptions?" in asked.params["text"]
    assert len(stored(services)) == 3  # nothing removed yet
    value = buttons(asked.params["blocks"])[UNSUBSCRIBE_ALL]

    before = len(fake_slack.calls_to("response_url"))
    click = block_action(
        UNSUBSCRIBE_ALL, value, PARTNER, CHANNEL, new_ts(), fake_slack.response_url("confirm")
    )
    assert slack.send_interaction(click).status == 200
    [done] = fake_slack.wait_for("response_url", count=before + 1)[before:]
    assert done.params["replace_original"] is True
    assert "This channel has no subscriptions" in done.params["text"]
    assert stored(services) == {}


def test_unsubscribe_all_removes_every_subscription_at_once(slack, fake_slack, services):
    ci(slack, fake_slack, "subscribe water dams")
    reply = ci(slack, fake_slack, "unsubscribe all")
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
    ci(slack, fake_slack, "unsubscribe all")
    assert stored(services) == {}
    assert stored(services, "COTHER") == {WATER: (True, "weekly", False)}


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


# -- words it cannot read ----------------------------------------------------------------------


def test_a_bad_sector_name_gets_the_list_of_valid_ones(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe moon bases")
    assert "“moon bases”" in reply
    for slug in SECTOR_SLUGS:
        assert slug in reply
    assert stored(services) == {}


def test_a_bad_cadence_is_named_with_its_choices(slack, fake_slack, services):
    """`digest monthly` said "I couldn't read “water monthly” as sectors"."""
    reply = ci(slack, fake_slack, "subscribe water digest monthly")
    assert "“monthly”" in reply and "water" not in reply.lower()
    assert "daily, weekly" in reply
    assert stored(services) == {}


def test_subscribe_without_a_sector_is_refused(slack, fake_slack, services):
    reply = ci(slack, fake_slack, "subscribe alerts")
    assert "water-and-wastewater" in reply
    assert stored(services) == {}


# -- the user's words are escaped ----------------------------------------------------------------

HOSTILE = ["<!channel>", "<!here>", "<@U0123ABC>", "<https://evil.example|click>", "<#C1|x>", "&"]
WORDS = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(["water", "dams", "all", "alerts", "digest", "daily", "monthly", "amber"]),
    st.sampled_from(["no-alerts", "no-digest", "no-amber", "always", "moon"]),
    st.text(alphabet="<>&|@!#:/abcxyz", min_size=1, max_size=12),
)


def _no_markup(text: str) -> None:
    assert "<" not in text and ">" not in text, text
    assert re.fullmatch(r"([^&]|&(amp|lt|gt);)*", text, re.DOTALL), text


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(WORDS, min_size=1, max_size=6), staff=st.booleans(), remove=st.booleans())
def test_no_reply_pings_anyone_or_makes_a_link(services, words, staff, remove):
    replies: list[dict] = []
    call = Invocation(
        " ".join(words),
        STAFF if staff else PARTNER,
        CHANNEL,
        "",
        lambda **reply: replies.append(reply),
        None,
        services,
    )
    (unsubscribe_handler if remove else subscribe_handler)(call)
    [reply] = replies
    _no_markup(reply["text"])
    for block in reply.get("blocks") or []:
        _no_markup(block["text"]["text"])


def test_two_subscribes_at_once_both_land(services, monkeypatch):
    """Two people subscribe the channel to water at the same moment: the one whose insert
    meets the other's row (a unique-constraint error) adds to that row instead of failing."""
    first = subs.SubscriptionRequest(sectors=(WATER,), alerts=True)
    second = subs.SubscriptionRequest(sectors=(WATER,), digest="daily")
    real = subs._subscribe
    attempts = []

    def racing(engine, channel_id, request, user_id):
        attempts.append(request)
        if len(attempts) == 1:  # the other request committed between this one's read and write
            real(engine, channel_id, first, "UOTHER")
            raise IntegrityError("INSERT INTO subscription", {}, Exception("unique"))
        return real(engine, channel_id, request, user_id)

    monkeypatch.setattr(subs, "_subscribe", racing)
    subs.subscribe(engine=services.engine, channel_id=CHANNEL, request=second, user_id=PARTNER)
    assert stored(services) == {WATER: (True, "daily", False)}
    assert attempts == [second, second]
