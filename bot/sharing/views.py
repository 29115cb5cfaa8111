"""Block Kit for alerts: the delivered message, the share and edit modals, the review card, and
what the app tells the people involved.

Every text a person typed (title, details, source, a reviewer's reason) is escaped and fitted
here through bot.core.render: long details go out as several sections, never cut.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticMultiSelectElement,
    StaticSelectElement,
    UrlInputElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.core import render
from bot.core.forms import ModalState
from bot.core.models import Alert, Delivery
from bot.core.render import clip, escape, link, sector_name
from bot.sharing.alerts import DETAILS_LIMIT, ENDED, TITLE_LIMIT, AlertForm, Outcome
from bot.sharing.tlp import LEVELS, SHARING_RULES
from knowledge.schema import SECTOR_SLUGS

SHARE_CALLBACK = "share_alert"
EDIT_CALLBACK = "edit_alert"
REJECT_CALLBACK = "reject_alert"
REASON_LIMIT = 1000
ENDED_SHOWN = 10
APPROVE = "alert_approve"
REJECT = "alert_reject"
EDIT = "alert_edit"
RETRACT = "alert_retract"
TLP_MARKS = {
    "CLEAR": ":white_circle:",
    "GREEN": ":large_green_circle:",
    "AMBER": ":large_orange_circle:",
    "AMBER+STRICT": ":large_orange_circle:",
    "RED": ":red_circle:",
}


def tlp_banner(tlp: str) -> str:
    """The label, prominent, with its sharing rule in one line."""
    return f"{TLP_MARKS[tlp]} *TLP:{tlp}*  {SHARING_RULES[tlp]}"


def _footer(alert: Alert) -> ContextBlock:
    """Sectors, and the source link in an element of its own: a long link must not push the
    sectors out, nor be cut (a cut link is no link)."""
    sectors = ", ".join(sector_name(s) for s in alert.sectors)
    parts = [f"Sectors: {escape(sectors)}"]
    if alert.source_url:
        parts.append("Source: " + link(alert.source_url, clip(alert.source_url, 80)))
    return ContextBlock(elements=[MarkdownTextObject(text=render.fit(part)) for part in parts])


def _alert_body(alert: Alert) -> list[Block]:
    return [
        render.section(tlp_banner(alert.tlp)),
        render.header(alert.title),
        *render.paragraphs(escape(alert.details)),
        _footer(alert),
    ]


def alert_message(alert: Alert) -> tuple[list[dict], str]:
    """The delivered alert (blocks and notification text); a retracted one says so."""
    if alert.status == "retracted":
        blocks: list[Block] = [
            render.section(
                f"{TLP_MARKS[alert.tlp]} *TLP:{alert.tlp}*  :no_entry: *Retracted.* "
                f"The partnership office withdrew this alert: “{escape(alert.title)}”. "
                "Please disregard it and do not share it further."
            )
        ]
        return render.as_dicts(blocks), render.message_text(f"Retracted: {escape(alert.title)}")
    text = render.message_text(f"TLP:{alert.tlp} alert: {escape(alert.title)}")
    return render.as_dicts(_alert_body(alert)), text


def _sector_options() -> list[Option]:
    return [Option(value=slug, text=sector_name(slug)) for slug in SECTOR_SLUGS]


def _tlp_options() -> list[Option]:
    return [
        Option(value=level, text=f"TLP:{level}", description=clip(SHARING_RULES[level], 75))
        for level in LEVELS
    ]


def _title_input(initial: str = "") -> InputBlock:
    return InputBlock(
        block_id="title",
        label="Title",
        element=PlainTextInputElement(
            action_id="value",
            initial_value=clip(initial, TITLE_LIMIT) or None,
            max_length=TITLE_LIMIT,
        ),
    )


def _details_input(initial: str = "") -> InputBlock:
    return InputBlock(
        block_id="details",
        label="Details",
        element=PlainTextInputElement(
            action_id="value",
            multiline=True,
            initial_value=clip(initial, DETAILS_LIMIT) or None,
            max_length=DETAILS_LIMIT,
        ),
    )


def _source_input(initial: str | None = None) -> InputBlock:
    return InputBlock(
        block_id="source",
        label="Source (optional link)",
        optional=True,
        element=UrlInputElement(action_id="value", initial_value=initial or None),
    )


def _modal(callback: str, title: str, submit: str, blocks: list[Block], metadata: dict) -> dict:
    return View(
        type="modal",
        callback_id=callback,
        title=title,
        submit=submit,
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps(metadata),
    ).to_dict()


def share_modal(*, title: str = "", details: str = "", metadata: dict | None = None) -> dict:
    """The share modal: Title, Details, Sectors, TLP, Source, Recipients (their labels are
    part of the app's contract: other tools read them)."""
    blocks = [
        _title_input(title),
        _details_input(details),
        InputBlock(
            block_id="sectors",
            label="Sectors",
            element=StaticMultiSelectElement(
                action_id="value", placeholder="Choose sectors", options=_sector_options()
            ),
        ),
        InputBlock(
            block_id="tlp",
            label="TLP label",
            hint="CLEAR and GREEN go to every subscribed channel; AMBER only to channels cleared "
            "for it; RED only to the recipients below, by direct message.",
            element=StaticSelectElement(
                action_id="value", placeholder="Choose a label", options=_tlp_options()
            ),
        ),
        _source_input(),
        InputBlock(
            block_id="recipients",
            label="Recipients (for TLP:RED)",
            optional=True,
            element=UserMultiSelectElement(action_id="value", placeholder="Choose people"),
        ),
    ]
    return _modal(SHARE_CALLBACK, "Share an alert", "Share", blocks, metadata or {})


def edit_modal(alert: Alert) -> dict:
    """Staff change an alert's text; its label and sectors stay as published."""
    blocks = [
        render.section(tlp_banner(alert.tlp)),
        _title_input(alert.title),
        _details_input(alert.details),
        _source_input(alert.source_url),
    ]
    return _modal(EDIT_CALLBACK, "Edit alert", "Update", blocks, {"alert_id": alert.id})


def reject_modal(alert: Alert, *, from_home: bool = False) -> dict:
    blocks = [
        render.section(f"*{escape(alert.title)}*"),
        InputBlock(
            block_id="reason",
            label="Reason (sent to the submitter)",
            element=PlainTextInputElement(
                action_id="value", multiline=True, max_length=REASON_LIMIT
            ),
        ),
    ]
    metadata: dict = {"alert_id": alert.id}
    if from_home:
        metadata["home"] = True  # decided from the Home tab: republish it afterwards
    return _modal(REJECT_CALLBACK, "Reject submission", "Reject", blocks, metadata)


def form_from_state(values: dict) -> AlertForm:
    """Read the share or edit modal's submitted state."""
    state = ModalState(values)
    return AlertForm(
        title=state.text("title"),
        details=state.text("details"),
        sectors=state.choices("sectors"),
        tlp=state.choice("tlp") or "",
        source_url=state.text("source") or None,
        recipients=state.users("recipients"),
    )


def review_card(
    alert: Alert, decided: str | None = None, ended: Sequence[Delivery] = ()
) -> tuple[list[dict], str]:
    """The moderation card in the review channel; after a decision, the decision instead (as
    sections: a reviewer's reason is kept whole, however long once escaped), then any
    delivery that ended for good, and Edit / Retract while the approved alert is published
    (only staff are in the review channel, and the server checks it anyway)."""
    blocks = _alert_body(alert)
    blocks.insert(0, render.section(f"*Submission for review* from user {escape(alert.author_id)}"))
    if decided:
        blocks.extend(render.paragraphs(decided))
        blocks.extend(_ended_blocks(ended))
        if alert.status == "published":
            blocks.append(_manage(alert))
    else:
        blocks.append(
            ActionsBlock(
                block_id="review",
                elements=[
                    ButtonElement(
                        text="Approve", action_id=APPROVE, value=str(alert.id), style="primary"
                    ),
                    ButtonElement(
                        text="Reject", action_id=REJECT, value=str(alert.id), style="danger"
                    ),
                ],
            )
        )
    return render.as_dicts(blocks), render.message_text(
        f"Submission for review: {escape(alert.title)}"
    )


def approved_by(reviewer: str) -> str:
    """The decision on the review card of an approved submission."""
    return f":white_check_mark: Approved by <@{reviewer}>."


def _ended_blocks(ended: Sequence[Delivery]) -> list[Block]:
    """The deliveries that ended for good, where and why, for the staff who answer for it."""
    if not ended:
        return []
    lines = [
        f"• {'<@' if row.direct else '<#'}{row.destination}> "
        f"{ENDED.get(row.status, row.status)}: {escape(row.last_error or 'unknown error')}"
        for row in ended[:ENDED_SHOWN]
    ]
    if len(ended) > ENDED_SHOWN:
        lines.append(f"… and {len(ended) - ENDED_SHOWN} more (see the Home tab)")
    heading = (
        f":warning: *{len(ended)} deliveries ended for good* (a copy not updated may still "
        "show the earlier text)"
    )
    return render.sections([heading, *lines])


def _manage(alert: Alert) -> ActionsBlock:
    """Edit and Retract, for staff, while the alert is published."""
    return ActionsBlock(
        block_id="manage",
        elements=[
            render.button("Edit", EDIT, str(alert.id)),
            render.button(
                "Retract",
                RETRACT,
                str(alert.id),
                style="danger",
                confirm=(
                    "Retract this alert?",
                    "Delivered copies will be marked as retracted.",
                    "Retract",
                    "Keep it",
                ),
            ),
        ],
    )


def staff_receipt(
    alert: Alert, counts: dict[str, int], ended: Sequence[Delivery] = ()
) -> tuple[list[dict], str]:
    """What the publisher sees: the alert, where it is going, any delivery that ended for
    good, and Edit / Retract while it is published."""
    planned = sum(counts.values())
    where = "direct message" if alert.tlp == "RED" else "channel"
    where += "" if planned == 1 else "s"
    blocks = _alert_body(alert)
    if alert.status == "retracted":
        blocks.append(render.context("Retracted. Delivered copies are marked as retracted."))
    else:
        blocks.append(render.context(f"Published: delivering to {planned} {where}."))
    blocks.extend(_ended_blocks(ended))
    if alert.status != "published":
        return render.as_dicts(blocks), render.message_text(f"Retracted: {escape(alert.title)}")
    blocks.append(_manage(alert))
    return render.as_dicts(blocks), render.message_text(f"Published: {escape(alert.title)}")


def staff_message(
    alert: Alert, counts: dict[str, int], ended: Sequence[Delivery] = ()
) -> tuple[str, str, list[dict], str] | None:
    """The staff's own message about an alert, as it should read now: the publisher's receipt,
    or the review card of an approved submission. (channel, ts, blocks, text); None when there
    is none."""
    if alert.receipt_channel and alert.receipt_ts:
        blocks, text = staff_receipt(alert, counts, ended)
        return alert.receipt_channel, alert.receipt_ts, blocks, text
    if alert.review_channel and alert.review_ts and alert.reviewer_id:
        blocks, text = review_card(alert, approved_by(alert.reviewer_id), ended)
        return alert.review_channel, alert.review_ts, blocks, text
    return None


# -- what the people involved are told ------------------------------------------------------

_DONE = {
    "publish": "published",
    "approve": "approved",
    "reject": "rejected",
    "retract": "retracted",
}


def already_decided(outcome: Outcome, what: str = "That submission") -> str:
    """Why a decision did not apply: the decision that stands, and who took it."""
    if outcome.alert is None:
        return f"{what} no longer exists."
    if outcome.standing is None:
        return f"{what} is {outcome.alert.status}: that cannot be done now."
    action, actor = outcome.standing
    return f"{what} was already {_DONE.get(action, action)} by <@{actor}>."


def submitted_note(alert: Alert) -> str:
    """The thanks a partner gets for a submission."""
    return render.message_text(
        f"Thanks. Your alert “{escape(alert.title)}” is waiting for review by the partnership "
        "office; I'll tell you when it is decided."
    )


def approved_note(alert: Alert) -> str:
    return render.message_text(
        f"Your alert “{escape(alert.title)}” was approved and is being delivered."
    )


def rejected_note(alert: Alert) -> str:
    return render.message_text(
        f"Your alert “{escape(alert.title)}” was not published. "
        f"The reviewer's reason: {escape(alert.review_reason or '')}"
    )


def rejected_by(alert: Alert, reviewer: str) -> str:
    """The decision on the review card (escaped mrkdwn: the card splits it into sections)."""
    return f":x: Rejected by <@{reviewer}>: {escape(alert.review_reason or '')}"


def retracted_note(alert: Alert) -> str:
    return render.message_text(
        f"Retracted: {escape(alert.title)}. Delivered copies are being marked as retracted."
    )
