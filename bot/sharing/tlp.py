"""TLP 2.0: who may see an alert with a given label. The one rule that delivery, digests, the
digest preview and the Home tab all ask.

- CLEAR and GREEN: any subscribed channel, any person.
- AMBER and AMBER+STRICT: only a channel staff cleared for AMBER that is not shared with
  another organisation (Slack Connect, or an invitation to it pending). Whether a channel is
  shared is asked of Slack (`conversations.info`) right before showing; while Slack cannot say,
  the answer is "not yet".
- RED: never a channel; only the people named as its recipients, by direct message.
- Staff, on a surface only the office sees (their Home tab, their receipts), see every label.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
AMBER_LEVELS = frozenset({"AMBER", "AMBER+STRICT"})
# TLP 2.0 in one line each, shown on every delivered alert.
SHARING_RULES = {
    "CLEAR": "No limit on disclosure: may be shared publicly.",
    "GREEN": "Share with peers and partners in your community, not on public channels.",
    "AMBER": "Need-to-know only, within your organization and its clients.",
    "AMBER+STRICT": "Need-to-know only, within your organization. No clients.",
    "RED": "For the named recipients only. Do not share further.",
}


class Verdict(enum.Enum):
    SHOW = "show"
    HIDE = "hide"
    ASK_SLACK = "ask"  # it depends on whether the channel is shared outside: ask, then again


@dataclass(frozen=True)
class Audience:
    """Who would see it. `cleared`: for a channel, staff cleared it for AMBER (in one of the
    alert's sectors); for a person, they are a named recipient. `shared`: for a channel,
    whether Slack says it is shared outside (None: not asked yet, or Slack could not say)."""

    kind: str  # channel | person | staff
    cleared: bool = False
    shared: bool | None = None

    @classmethod
    def channel(cls, *, cleared: bool, shared: bool | None = None) -> Audience:
        return cls("channel", cleared, shared)

    @classmethod
    def person(cls, *, named: bool = False) -> Audience:
        return cls("person", named)


STAFF = Audience("staff")


def verdict(label: str, audience: Audience) -> Verdict:
    """May this audience see an alert with this label?"""
    if label not in LEVELS:
        return Verdict.HIDE  # an unknown label is never shown
    if audience.kind == "staff":
        return Verdict.SHOW
    if audience.kind == "person":
        return Verdict.SHOW if label != "RED" or audience.cleared else Verdict.HIDE
    if label == "RED" or (label in AMBER_LEVELS and not audience.cleared):
        return Verdict.HIDE
    if label in AMBER_LEVELS:
        if audience.shared is None:
            return Verdict.ASK_SLACK
        return Verdict.HIDE if audience.shared else Verdict.SHOW
    return Verdict.SHOW


def may_show(label: str, audience: Audience) -> bool:
    """True only when the audience may see it now: "ask Slack first" counts as no."""
    return verdict(label, audience) is Verdict.SHOW


def shared_outside(client: WebClient, channel: str) -> bool:
    """Whether Slack says a channel is shared, or being shared, with another organisation.
    Raises SlackApiError or OSError when Slack cannot say: the caller then shows nothing
    restricted there, and tries again later."""
    info = client.conversations_info(channel=channel)["channel"]
    return bool(info.get("is_ext_shared") or info.get("is_pending_ext_shared"))


def shared_outside_or_unknown(client: WebClient, channel: str) -> bool | None:
    """`shared_outside`, with None (so no AMBER) when Slack cannot say."""
    try:
        return shared_outside(client, channel)
    except (SlackApiError, OSError) as error:
        reason = error.response.get("error") if isinstance(error, SlackApiError) else error
        log.warning("could not tell whether %s is shared outside: %s", channel, reason)
        return None


def for_channel(client: WebClient, label: str, channel: str, *, cleared: bool) -> Verdict:
    """SHOW or HIDE for a channel, asking Slack whether it is shared only when that decides
    (and raising as `shared_outside` does when Slack cannot say)."""
    found = verdict(label, Audience.channel(cleared=cleared))
    if found is not Verdict.ASK_SLACK:
        return found
    shared = shared_outside(client, channel)
    return verdict(label, Audience.channel(cleared=cleared, shared=shared))
