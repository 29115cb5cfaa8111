"""Replies only the clicking user sees, wherever the click came from: a message or the Home tab."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.staff import StaffDirectory
from bot.services import Services
from handlers.context import services_of

log = logging.getLogger(__name__)

NOT_STAFF = "Only partnership office staff can do that."


def from_home(body: dict) -> bool:
    """The click came from a button on the App Home tab."""
    return (body.get("view") or {}).get("type") == "home"


def whisper(body: dict, respond: Respond, client: WebClient, text: str) -> None:
    """Ephemeral under the message clicked; a Home tab click has no response_url, so there
    the app's direct message (the Messages tab beside Home) carries the reply."""
    if body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, text=text)
    else:
        client.chat_postMessage(channel=body["user"]["id"], text=text)


def refused(
    staff: StaffDirectory, body: dict, respond: Respond, client: WebClient, action: str
) -> bool:
    """True (logged, and the user told) when someone who is not staff tried a staff action:
    the role is checked on the server, whatever the payload says."""
    user = body["user"]["id"]
    if staff.is_staff(user):
        return False
    log.warning("refused %s from non-staff user %s", action, user)
    whisper(body, respond, client, NOT_STAFF)
    return True


def tell(client: WebClient, user: str, text: str, blocks: list[dict] | None = None) -> None:
    """A direct message from the bot (posting to a user id opens the app's DM)."""
    client.chat_postMessage(channel=user, text=text, blocks=blocks)


StaffListener = Callable[[Services, dict, dict, Respond, WebClient], None]


def staff_action(what: str) -> Callable[[StaffListener], Callable[..., None]]:
    """A button only staff may press: acked at once; anyone else is told no (and it is logged),
    and the listener runs with the app's services. The role is checked on the server at every
    click, whatever the payload says."""

    def decorate(listener: StaffListener) -> Callable[..., None]:
        # Not functools.wraps: Bolt reads the arguments a listener wants from its signature,
        # and must see this one's, not the wrapped function's.
        def run(
            ack: Ack,
            body: dict,
            action: dict,
            respond: Respond,
            client: WebClient,
            context: BoltContext,
        ) -> None:
            ack()
            services = services_of(context)
            if not refused(services.staff, body, respond, client, what):
                listener(services, body, action, respond, client)

        run.__name__, run.__qualname__, run.__doc__ = (
            listener.__name__,
            listener.__qualname__,
            listener.__doc__,
        )
        return run

    return decorate
