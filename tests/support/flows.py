"""What people do in Slack, for the Home tab and knowledge-gap tests: ask, open Home, click.

Each helper sends signed requests through the `slack` sender and waits for the Web API call the
app makes in reply (recorded by the fake Slack), never for a fixed time.
"""

from __future__ import annotations

import itertools
import json
import shutil
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from bot.core.render import escape
from knowledge.index import BUNDLED_DIR
from tests.support.fake_slack import Call, FakeSlack
from tests.support.slack_requests import (
    HttpResult,
    SlackSender,
    app_home_opened,
    app_mention,
    block_action,
    dm,
    home_block_action,
    new_ts,
    view_submission,
)

_names = itertools.count(1)


def knowledge_with(folder: Path, extra_yaml: str) -> Path:
    """The bundled knowledge base plus one more file of entries, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in BUNDLED_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    (folder / "extra.yaml").write_text(textwrap.dedent(extra_yaml), encoding="utf-8")
    return folder


def next_call(
    fake: FakeSlack, method: str, where: Callable[[Call], bool], after: int = 0, timeout=5.0
) -> Call:
    """The first call of `method` past the first `after` for which `where(call)`, waited for."""
    deadline = time.monotonic() + timeout
    while True:
        calls = fake.calls_to(method)
        found = [c for c in calls[after:] if where(c)]
        if found:
            return found[0]
        fake.wait_for(method, count=len(calls) + 1, timeout=max(deadline - time.monotonic(), 0))


def posts_to(fake: FakeSlack, channel: str, after: int = 0) -> Call:
    return next_call(fake, "chat.postMessage", lambda c: c.params["channel"] == channel, after)


def subscribe(slack: SlackSender, fake: FakeSlack, channel: str, text: str, user: str) -> Call:
    """`user` types `/ci subscribe <text>` in `channel`; returns the reply, which says Done."""
    before = len(fake.calls_to("response_url"))
    slack.send_command(
        f"subscribe {text}",
        user_id=user,
        channel_id=channel,
        response_url=fake.response_url(f"sub-{next(_names)}"),
    )
    [reply] = fake.wait_for("response_url", count=before + 1)[before:]
    assert reply.params["text"].startswith("Done."), reply.params["text"]
    return reply


# -- asking ----------------------------------------------------------------------------------


def ask_dm(slack: SlackSender, fake: FakeSlack, user: str, text: str) -> Call:
    """`user` sends the bot a direct message; returns the bot's reply in that DM."""
    before = len(fake.calls_to("chat.postMessage"))
    slack.send_event(dm(text, user))
    return posts_to(fake, f"D{user}", before)


def ask_in_channel(
    slack: SlackSender, fake: FakeSlack, user: str, channel: str, text: str
) -> tuple[str, Call]:
    """`user` mentions the bot in `channel`; returns the thread's ts and the bot's reply."""
    before = len(fake.calls_to("chat.postMessage"))
    ts = new_ts()
    slack.send_event(app_mention(f"<@UBOT> {text}", user, channel, ts=ts))
    return ts, posts_to(fake, channel, before)


def command(slack: SlackSender, fake: FakeSlack, user: str, channel: str, text: str) -> Call:
    """`user` types `/ci <text>` in `channel`; returns the private reply."""
    name = f"cmd-{next(_names)}"
    slack.send_command(text, user_id=user, channel_id=channel, response_url=fake.response_url(name))
    return next_call(fake, "response_url", lambda c: c.name == name)


def click_card(slack: SlackSender, fake: FakeSlack, user: str, answer: Call, action: str) -> Call:
    """`user` clicks a button of an answer card (a DM post); returns the ephemeral reply."""
    value = buttons(answer.params["blocks"])[action]
    name = f"click-{next(_names)}"
    channel = answer.params["channel"]
    slack.send_interaction(
        block_action(action, value, user, channel, new_ts(), fake.response_url(name))
    )
    return next_call(fake, "response_url", lambda c: c.name == name)


# -- sharing alerts --------------------------------------------------------------------------


def share_values(
    title: str, *, tlp: str = "GREEN", sectors: tuple[str, ...] = ("water-and-wastewater",)
) -> dict:
    """What the share modal holds when someone fills it in: no source, no recipients."""
    return {
        "title": {"value": title},
        "details": {"value": f"What partners need to know about {title}."},
        "sectors": {
            "value": {
                "type": "multi_static_select",
                "selected_options": [{"value": s} for s in sectors],
            }
        },
        "tlp": {"value": {"type": "static_select", "selected_option": {"value": tlp}}},
        "source": {"value": {"type": "url_text_input", "value": None}},
        "recipients": {"value": {"type": "multi_users_select", "selected_users": []}},
    }


def share(
    slack: SlackSender,
    fake: FakeSlack,
    user: str,
    title: str,
    *,
    tlp: str = "GREEN",
    sectors: tuple[str, ...] = ("water-and-wastewater",),
) -> None:
    """`user` submits the share modal; returns once the app has told them (receipt or thanks)."""
    values = share_values(title, tlp=tlp, sectors=sectors)
    before = len(fake.calls_to("chat.postMessage"))
    result = slack.send_interaction(view_submission("share_alert", values, user, "{}"))
    assert (result.status, result.body) == (200, "")
    next_call(
        fake,
        "chat.postMessage",
        lambda c: c.params["channel"] == user and escape(title) in c.params.get("text", ""),
        before,
    )


# -- the Home tab ------------------------------------------------------------------------------


def open_home(slack: SlackSender, fake: FakeSlack, user: str) -> dict:
    """`user` opens the app's Home tab; returns the view the app published for them."""
    before = len(fake.calls_to("views.publish"))
    result = slack.send_event(app_home_opened(user))
    assert result.status == 200
    return republished(fake, user, before)


def republished(fake: FakeSlack, user: str, before: int) -> dict:
    """The next Home view published for `user` after the first `before` views.publish calls."""
    call = next_call(fake, "views.publish", lambda c: c.params["user_id"] == user, before)
    return call.params["view"]


def click_home(slack: SlackSender, user: str, action_id: str, value: str) -> HttpResult:
    """`user` clicks a button on their Home tab."""
    result = slack.send_interaction(home_block_action(action_id, value, user))
    assert (result.status, result.body) == (200, "")
    return result


# -- reading blocks ---------------------------------------------------------------------------


def elements(blocks: list[dict]) -> list[dict]:
    """Every interactive element: in actions blocks and as section accessories."""
    found = []
    for block in blocks:
        if block["type"] == "actions":
            found += block["elements"]
        elif block.get("accessory"):
            found.append(block["accessory"])
    return found


def buttons(blocks: list[dict]) -> dict[str, str]:
    """action_id -> value (the last one, where several buttons share an action id)."""
    return {e["action_id"]: e.get("value", "") for e in elements(blocks)}


def button_values(blocks: list[dict], action_id: str) -> list[str]:
    return [e.get("value", "") for e in elements(blocks) if e["action_id"] == action_id]


def texts(node) -> list[str]:
    """Every text in a block tree (mrkdwn and plain)."""
    if isinstance(node, list):
        return [text for item in node for text in texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") in ("mrkdwn", "plain_text") else []
    return own + [text for value in node.values() for text in texts(value)]


def all_text(node) -> str:
    return "\n".join(texts(node))


def metadata(view: dict) -> dict:
    return json.loads(view.get("private_metadata") or "{}")
