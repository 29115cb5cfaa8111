"""What both apps do around their listeners' replies, and how the inbox worker learns whether a
stored question was answered.

- User text is bounded before any listener reads it: an event's or a command's text longer than
  knowledge.limits.MAX_QUESTION_CHARS is clipped, and the first reply says so.
- An answer that comes late (the question waited in the inbox while Slack failed) begins with an
  apology; a `/ci` answer that comes after its response_url expired goes by direct message.
- A reply that failed is raised: `say` raises already, but Bolt's `respond` returns the status of
  its post, so without this a failed post would look like an answer.
- A reply's failure is kept in the request's context: with Bolt's status (500 when a listener
  raised) and whether Bolt's own authorization passed (it answers 200 when Slack could not
  confirm the token), `failure_of` tells the worker an answered question from one to try again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse

from bot.core import render
from bot.core.render import escape
from knowledge.limits import MAX_QUESTION_CHARS, clip_question

log = logging.getLogger(__name__)

LATE_AFTER = dt.timedelta(minutes=5)  # an answer this long after the question says sorry
# Slack takes posts to a response_url for 30 minutes after the command; a little margin.
RESPONSE_URL_LIFETIME = dt.timedelta(minutes=29)

# Keys of a request's context: set by the inbox worker (how long the question has waited), or
# read back by it.
WAITED = "partnerbot_waited"
FAILURE = "partnerbot_failure"

SORRY = "Sorry, I could not answer your question earlier. Here is my answer."
CLIPPED = f"Your message was long: I read only its first {MAX_QUESTION_CHARS:,} characters."


class ReplyFailed(Exception):
    """Slack refused a post to a response_url."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"response_url answered {status}: {body[:100]}")
        self.status = status

    @property
    def gone(self) -> bool:
        """The response_url expired or was used up: no retry will post there."""
        return self.status in (404, 410)


class NotAuthorized(Exception):
    """Bolt could not authorize the request: Slack did not answer auth.test."""


def register(app: App) -> None:
    """The middleware above, on `app` (before its listeners)."""
    app.middleware(reply_with_care)


def reply_with_care(body: dict, context: BoltContext, next: Callable[[], BoltResponse]):
    """Bound the user's text; give the listeners a `say` and a `respond` that add the notes
    owed to the asker to their first reply and raise when a reply failed."""
    notes = []
    waited = context.get(WAITED) or dt.timedelta(0)
    if waited > LATE_AFTER:
        notes.append(SORRY)
    if _clip_user_text(body):
        notes.append(CLIPPED)
    pending = _Notes(notes, context)
    context["say"] = _Say(context.say, pending)
    if context.response_url is not None:
        direct = None
        if waited > RESPONSE_URL_LIFETIME and context.user_id:
            direct = (context.client, context.user_id)
        context["respond"] = _Respond(context.respond, pending, direct)
    return next()


def failure_of(request: BoltRequest, response: BoltResponse) -> BaseException | None:
    """None when the request was handled (answered, or nothing to answer); else why not."""
    failure = request.context.get(FAILURE)
    if failure is not None:
        return failure
    if request.context.authorize_result is None:
        return NotAuthorized("Slack did not confirm the app's token")
    if response.status >= 500:
        return RuntimeError(f"the app answered {response.status}")
    return None


def _clip_user_text(body: dict) -> bool:
    """Clip the text an event or a command carries; whether it was clipped."""
    event = body.get("event")
    holder = event if isinstance(event, dict) else body if "command" in body else None
    text = holder.get("text") if holder is not None else None
    if not isinstance(text, str) or len(text) <= MAX_QUESTION_CHARS:
        return False
    holder["text"] = clip_question(text)
    return True


class _Notes:
    """Notes owed to the asker, given once: to the first reply that has something to say; and
    the failure of any reply, kept in the request's context."""

    def __init__(self, notes: list[str], context: BoltContext) -> None:
        self.notes = notes
        self.context = context

    def failed(self, error: Exception) -> None:
        self.context[FAILURE] = error

    def add_to(self, text: Any, blocks: Any) -> tuple[Any, Any]:
        if not self.notes or not isinstance(text, str) or not (text or blocks):
            return text, blocks
        note, self.notes = " ".join(self.notes), []
        text = f"{note}\n\n{text}" if text else note
        if blocks and len(blocks) < render.MESSAGE_BLOCK_LIMIT:  # else in the text alone
            blocks = [render.context(escape(note)).to_dict(), *blocks]
        return text, blocks


class _Say:
    def __init__(self, say: Callable[..., Any], notes: _Notes) -> None:
        self._say, self._notes = say, notes

    def __call__(self, text: Any = "", blocks: Any = None, **kwargs: Any) -> Any:
        text, blocks = self._notes.add_to(text, blocks)
        try:
            return self._say(text=text, blocks=blocks, **kwargs)
        except Exception as error:  # Slack said no, or could not be reached
            self._notes.failed(error)
            raise


class _Respond:
    """Bolt's respond, or past the response_url's life a direct message to the asker."""

    def __init__(
        self, respond: Callable[..., Any], notes: _Notes, direct: tuple[Any, str] | None
    ) -> None:
        self._respond, self._notes, self._direct = respond, notes, direct

    def __call__(self, text: Any = "", blocks: Any = None, **kwargs: Any) -> Any:
        text, blocks = self._notes.add_to(text, blocks)
        try:
            return self._post(text, blocks, kwargs)
        except Exception as error:
            self._notes.failed(error)
            raise

    def _post(self, text: Any, blocks: Any, kwargs: dict) -> Any:
        if self._direct is not None:
            if not (text or blocks):  # replace or delete an ephemeral message long gone
                return None
            client, user_id = self._direct
            if isinstance(text, dict):  # a whole message
                return client.chat_postMessage(channel=user_id, **text)
            return client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
        posted = self._respond(text=text, blocks=blocks, **kwargs)
        if posted is not None and posted.status_code >= 400:
            raise ReplyFailed(posted.status_code, str(posted.body))
        return posted
