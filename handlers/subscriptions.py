"""`/ci subscribe`, `/ci unsubscribe`, `/ci subscriptions` and `/ci digest` for the channel they
are typed in, and the button that confirms removing every subscription."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond

from bot.core import render
from bot.core.models import utcnow
from bot.outreach import subscriptions as subs
from bot.services import Services
from handlers.ci import Invocation
from handlers.context import services_of

log = logging.getLogger(__name__)
UNSUBSCRIBE_ALL = "unsubscribe_all"
AMBER_ADD = (
    "Only partnership office staff can clear a channel for TLP:AMBER. "
    "Subscribe without `amber`, or ask staff to do it."
)
AMBER_REMOVE = "Only partnership office staff can remove a channel's TLP:AMBER clearance."


def _titles(services: Services) -> dict[str, str]:
    # Sectors come from the YAML knowledge base, which drafts never change.
    return services.knowledge.current().index.sector_titles


def _current(services: Services, channel_id: str) -> str:
    titles = _titles(services)
    rows = subs.channel_subscriptions(engine=services.engine, channel_id=channel_id)
    if not rows:
        return "This channel has no subscriptions. Try `/ci subscribe water dams`."
    return "*This channel's subscriptions*\n" + "\n".join(
        f"• {render.escape(subs.describe(row, titles.get(row.sector, row.sector)))}" for row in rows
    )


def _amber_refusal(request: subs.SubscriptionRequest) -> str:
    return AMBER_ADD if request.amber else AMBER_REMOVE


def subscribe(call: Invocation) -> None:
    """`/ci subscribe <sector ...|all> [alerts] [digest daily|weekly] [amber]`: this channel
    gets the sectors' alerts and digest (both, weekly, unless you name one), added to what it
    has; `no-alerts`, `no-digest` remove one; `amber` and `no-amber`, for staff, clear it for
    TLP:AMBER or take the clearance back."""
    services = call.services
    try:
        request = subs.parse_subscribe(call.args, services.knowledge.current().index)
    except subs.SubscriptionError as error:
        call.say(str(error))
        return
    if request.touches_amber and not services.staff.is_staff(call.user_id):
        call.say(_amber_refusal(request))
        return
    changes = subs.subscribe(
        engine=services.engine, channel_id=call.channel_id, request=request, user_id=call.user_id
    )
    said = subs.report(changes, request, _titles(services))
    call.say(f"Done.\n{said}\n{_current(services, call.channel_id)}")


def _confirm_all(call: Invocation) -> None:
    rows = subs.channel_subscriptions(engine=call.services.engine, channel_id=call.channel_id)
    active = [row for row in rows if row.alerts or row.digest]
    if not active:
        call.say(_current(call.services, call.channel_id))
        return
    text = (
        f"Remove all {len(active)} of this channel's subscriptions? "
        "(To remove some, name them: `/ci unsubscribe dams`.)"
    )
    blocks = [
        render.section(text),
        render.section(
            "Press the button, or type `/ci unsubscribe all`.",
            accessory=render.button(
                f"Unsubscribe from all {len(active)}", UNSUBSCRIBE_ALL, "all", style="danger"
            ),
        ),
    ]
    call.respond(response_type="ephemeral", blocks=render.as_dicts(blocks), text=text)


def unsubscribe(call: Invocation) -> None:
    """`/ci unsubscribe <sector ...|all> [alerts|digest]`: stop some or all of this channel's
    subscriptions (a bare `/ci unsubscribe` asks first)."""
    services = call.services
    if not call.args.strip():
        _confirm_all(call)
        return
    staff = services.staff.is_staff(call.user_id)
    try:
        request = subs.parse_unsubscribe(call.args, services.knowledge.current().index, staff=staff)
    except subs.SubscriptionError as error:
        call.say(str(error))
        return
    if "amber" in request.remove and not staff:
        call.say(AMBER_REMOVE)
        return
    changes = subs.unsubscribe(engine=services.engine, channel_id=call.channel_id, request=request)
    said = subs.report(changes, request, _titles(services))
    call.say(f"{said}\n{_current(services, call.channel_id)}")


def on_unsubscribe_all(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    """The confirmation of a bare `/ci unsubscribe`, for the channel it was typed in."""
    ack()
    services = services_of(context)
    channel = (body.get("channel") or {}).get("id")
    if not channel:
        log.warning("unsubscribe-all click without a channel from %s", body["user"]["id"])
        return
    request = subs.remove_all(staff=services.staff.is_staff(body["user"]["id"]))
    changes = subs.unsubscribe(engine=services.engine, channel_id=channel, request=request)
    touched = [c for c in changes if c.before is not None and c.before.active]
    said = subs.report(touched, request, _titles(services)) if touched else ""
    text = "\n".join(part for part in (said, _current(services, channel)) if part)
    respond(replace_original=True, blocks=render.as_dicts(render.note(text)), text=text)


def subscriptions(call: Invocation) -> None:
    """`/ci subscriptions`: what this channel is subscribed to."""
    call.say(_current(call.services, call.channel_id))


def digest(call: Invocation) -> None:
    """`/ci digest`: a private preview of the digest this channel would get now."""
    previews = call.services.digests.preview(call.channel_id, utcnow())
    if not previews:
        call.say("This channel gets no digest. Try `/ci subscribe water digest weekly`.")
        return
    for preview in previews:
        blocks = preview.messages[0] if preview.messages else None
        call.respond(response_type="ephemeral", blocks=blocks, text=preview.text)


def register(app: App) -> None:
    app.action(UNSUBSCRIBE_ALL)(on_unsubscribe_all)
