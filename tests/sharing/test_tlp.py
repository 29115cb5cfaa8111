"""The one TLP rule (bot.sharing.tlp) as a table: label x who would see it x AMBER clearance x
what Slack's conversations.info says. Delivery, digests, the digest preview and the Home tab
all ask this rule; their own tests show each of them doing so end to end."""

from __future__ import annotations

import itertools

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sharing import tlp
from bot.sharing.tlp import Audience, Verdict

SHOW, HIDE, ASK = Verdict.SHOW, Verdict.HIDE, Verdict.ASK_SLACK
# Slack's answer about the channel: internal, shared (or being shared) outside, or no answer.
INFO = {"internal": False, "shared": True, "no answer": None}

# label -> (not cleared, cleared) -> conversations.info outcome -> verdict, for a channel.
CHANNEL_TABLE = {
    "CLEAR": {False: (SHOW, SHOW, SHOW), True: (SHOW, SHOW, SHOW)},
    "GREEN": {False: (SHOW, SHOW, SHOW), True: (SHOW, SHOW, SHOW)},
    "AMBER": {False: (HIDE, HIDE, HIDE), True: (SHOW, HIDE, ASK)},
    "AMBER+STRICT": {False: (HIDE, HIDE, HIDE), True: (SHOW, HIDE, ASK)},
    "RED": {False: (HIDE, HIDE, HIDE), True: (HIDE, HIDE, HIDE)},
}


@pytest.mark.parametrize(
    ("label", "cleared", "info"),
    list(itertools.product(tlp.LEVELS, (False, True), INFO)),
)
def test_a_channel_sees_what_its_label_clearance_and_sharing_allow(label, cleared, info):
    expected = CHANNEL_TABLE[label][cleared][list(INFO).index(info)]
    assert tlp.verdict(label, Audience.channel(cleared=cleared, shared=INFO[info])) is expected


@pytest.mark.parametrize(
    ("label", "named", "expected"),
    [
        ("CLEAR", False, SHOW),
        ("GREEN", False, SHOW),
        ("AMBER", False, SHOW),
        ("AMBER+STRICT", False, SHOW),
        ("RED", False, HIDE),
        ("RED", True, SHOW),
    ],
)
def test_a_person_sees_red_only_when_named(label, named, expected):
    assert tlp.verdict(label, Audience.person(named=named)) is expected


@pytest.mark.parametrize("label", tlp.LEVELS)
def test_staff_on_their_own_surfaces_see_every_label(label):
    assert tlp.verdict(label, tlp.STAFF) is SHOW


@pytest.mark.parametrize("label", ["WHITE", "", "amber", "AMBER STRICT"])
def test_an_unknown_label_is_shown_to_no_one(label):
    for audience in (Audience.channel(cleared=True, shared=False), Audience.person(named=True)):
        assert tlp.verdict(label, audience) is HIDE


class _Slack(WebClient):
    """conversations.info answered from a table, counted."""

    def __init__(self, answer: dict | Exception) -> None:
        super().__init__(token="xoxb-test")
        self.answer, self.asked = answer, 0

    def conversations_info(self, **kwargs):
        self.asked += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return {"ok": True, "channel": self.answer}


SLACK_ERROR = SlackApiError("no", {"ok": False, "error": "internal_error"})


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"id": "C1"}, SHOW),
        ({"id": "C1", "is_ext_shared": True}, HIDE),
        ({"id": "C1", "is_pending_ext_shared": True}, HIDE),
    ],
)
def test_for_channel_asks_slack_only_when_it_decides(answer, expected):
    slack = _Slack(answer)
    assert tlp.for_channel(slack, "AMBER", "C1", cleared=True) is expected
    assert slack.asked == 1
    assert tlp.for_channel(slack, "GREEN", "C1", cleared=False) is SHOW
    assert tlp.for_channel(slack, "AMBER", "C1", cleared=False) is HIDE
    assert slack.asked == 1


@pytest.mark.parametrize("failure", [SLACK_ERROR, ConnectionResetError("reset")])
def test_when_slack_cannot_say_delivery_is_told_and_a_preview_shows_no_amber(failure):
    slack = _Slack(failure)
    with pytest.raises(type(failure)):
        tlp.for_channel(slack, "AMBER", "C1", cleared=True)
    shared = tlp.shared_outside_or_unknown(slack, "C1")
    assert shared is None
    assert not tlp.may_show("AMBER", Audience.channel(cleared=True, shared=shared))
