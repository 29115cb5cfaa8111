"""`/ci subscribe`, `/ci unsubscribe`, `/ci subscriptions` and `/ci digest` for the channel they
are typed in."""

from __future__ import annotations

from bot.core.models import utcnow
from bot.outreach import subscriptions as subs
from handlers.ci import Invocation


def _current(call: Invocation) -> str:
    # Sectors come from the YAML knowledge base, which drafts never change.
    titles = call.services.knowledge.current().index.sector_titles
    rows = subs.channel_subscriptions(engine=call.services.engine, channel_id=call.channel_id)
    if not rows:
        return "This channel has no subscriptions. Try `/ci subscribe water dams`."
    return "*This channel's subscriptions*\n" + "\n".join(
        f"• {subs.describe(row, titles.get(row.sector, row.sector))}" for row in rows
    )


def subscribe(call: Invocation) -> None:
    """`/ci subscribe <sector ...|all> [alerts] [digest daily|weekly] [amber]`: this channel
    gets the sectors' alerts and digest (both, weekly, unless you name one); `amber`, for
    staff, clears it for TLP:AMBER."""
    services = call.services
    try:
        request = subs.parse_subscribe(call.args, services.knowledge.current().index)
    except subs.SubscriptionError as error:
        call.say(str(error))
        return
    if request.amber and not services.staff.is_staff(call.user_id):
        call.say(
            "Only partnership office staff can clear a channel for TLP:AMBER. "
            "Subscribe without `amber`, or ask staff to do it."
        )
        return
    subs.subscribe(
        engine=services.engine, channel_id=call.channel_id, request=request, user_id=call.user_id
    )
    call.say("Done. " + _current(call))


def unsubscribe(call: Invocation) -> None:
    """`/ci unsubscribe [sector ...|all]`: stop some or all of this channel's subscriptions."""
    services = call.services
    try:
        sectors = subs.parse_unsubscribe(call.args, services.knowledge.current().index)
    except subs.SubscriptionError as error:
        call.say(str(error))
        return
    removed = subs.unsubscribe(engine=services.engine, channel_id=call.channel_id, sectors=sectors)
    call.say(f"Removed {removed} subscription(s). " + _current(call))


def subscriptions(call: Invocation) -> None:
    """`/ci subscriptions`: what this channel is subscribed to."""
    call.say(_current(call))


def digest(call: Invocation) -> None:
    """`/ci digest`: a private preview of the digest this channel would get now."""
    previews = call.services.digests.preview(call.channel_id, utcnow())
    if not previews:
        call.say("This channel gets no digest. Try `/ci subscribe water digest weekly`.")
        return
    for preview in previews:
        blocks = preview.messages[0] if preview.messages else None
        call.respond(response_type="ephemeral", blocks=blocks, text=preview.text)
