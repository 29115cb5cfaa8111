"""Editing an entry from Slack, end to end through signed requests and the fake Slack: Edit on
the cards only staff see, the form prefilled with the entry, the change kept as a revision that
a staff member approves, then served in every process at once; the form refusing a bad change
field by field; forged clicks and submissions; two staff members editing one entry at once."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from bot.core.config import Settings
from bot.core.models import EntryEvent, EntryRevision, utcnow
from bot.curation import entry_form, review_views, revisions
from bot.curation.capture import EDIT_SHORTCUT
from bot.services import Services
from handlers.replies import NOT_STAFF
from tests.conftest import REVIEW, STAFF, make_settings
from tests.curation.editing import (
    click,
    edit_saved,
    form_values,
    initial,
    press_edit,
    refused,
    reply_to,
    revision_card,
    submit_edit,
)
from tests.support.fake_slack import FakeSlack
from tests.support.flows import (
    all_text,
    ask_dm,
    ask_in_channel,
    button_values,
    buttons,
    click_home,
    command,
    metadata,
    next_call,
    open_home,
    posts_to,
    republished,
)
from tests.support.slack_requests import message_shortcut, view_submission

OTHER_STAFF = "USTAFF2"
PARTNER = "UPARTNER"
CIPAC = "what is cipac"
CIPAC_ID = "body-cipac"
NEW_ANSWER = "CIPAC is where government and industry councils plan together; <!channel> & co."
ESCAPED = (
    "CIPAC is where government and industry councils plan together; &lt;!channel&gt; &amp; co."
)


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return make_settings(database_url, fake_slack, PARTNERBOT_STAFF_USERS=f"{STAFF},{OTHER_STAFF}")


def stored_revisions(services) -> list[EntryRevision]:
    with Session(services.engine) as session:
        return list(session.exec(select(EntryRevision).order_by(EntryRevision.id)).all())


def event_count(services) -> int:
    with Session(services.engine) as session:
        return len(session.exec(select(EntryEvent)).all())


def cipac_form(slack, fake, user: str = STAFF) -> dict:
    """`user` asks the bot about CIPAC in a DM and presses Edit on the answer."""
    card = ask_dm(slack, fake, user, CIPAC)
    return press_edit(slack, fake, user, card)


def propose_cipac(slack, fake, user: str = STAFF, answer: str = NEW_ANSWER):
    """`user` changes CIPAC's answer; returns the card the change waits on."""
    before = len(fake.calls_to("chat.postMessage"))
    edit_saved(slack, fake, cipac_form(slack, fake, user), user, answer=answer)
    return revision_card(fake, REVIEW, before)


def served_answer(services) -> str:
    return services.matcher.match(CIPAC).best.entry.answer


# -- where Edit shows ---------------------------------------------------------------------------


def test_staff_see_edit_on_the_cards_only_they_see(slack, fake_slack, services):
    staff_dm = ask_dm(slack, fake_slack, STAFF, CIPAC)
    assert buttons(staff_dm.params["blocks"])[entry_form.EDIT] == CIPAC_ID
    private = command(slack, fake_slack, STAFF, "CFIELD", CIPAC)
    assert buttons(private.params["blocks"])[entry_form.EDIT] == CIPAC_ID

    partner_dm = ask_dm(slack, fake_slack, PARTNER, CIPAC)
    partner_private = command(slack, fake_slack, PARTNER, "CFIELD", CIPAC)
    _, in_channel = ask_in_channel(slack, fake_slack, STAFF, "CFIELD", CIPAC)
    for card in (partner_dm, partner_private, in_channel):
        assert entry_form.EDIT not in buttons(card.params["blocks"])


# -- the whole loop ------------------------------------------------------------------------------


def test_an_approved_edit_is_served_at_once_in_every_process(slack, fake_slack, services, settings):
    other = Services.start(settings)  # a second `serve` process on the same database
    try:
        old_answer = served_answer(other)
        modal = cipac_form(slack, fake_slack)
        assert modal["callback_id"] == entry_form.EDIT_CALLBACK
        assert metadata(modal)["entry"] == CIPAC_ID and metadata(modal)["version"] == 0
        shown = initial(modal)
        assert shown["title"] == "Critical Infrastructure Partnership Advisory Council (CIPAC)"
        assert shown["answer"] == old_answer.strip()
        assert shown["questions"].splitlines()[0] == "what is CIPAC"
        assert shown["links"] == (
            "CISA CIPAC page | https://cisa.gov/resources-tools/groups/"
            "critical-infrastructure-partnership-advisory-council"
        )
        assert "justia.com" in shown["evidence"]  # staff see where the fact was found
        assert shown["sector"] == entry_form.NO_SECTOR

        before = len(fake_slack.calls_to("chat.postMessage"))
        edit_saved(slack, fake_slack, modal, STAFF, answer=NEW_ANSWER)
        card = revision_card(fake_slack, REVIEW, before)
        text = all_text(card.params["blocks"])
        assert f"Proposed by <@{STAFF}>" in text
        assert "&lt;!channel&gt;" in text and "<!channel>" not in text  # the diff is escaped
        receipt = posts_to(fake_slack, STAFF, before)
        assert f"waits for approval in <#{REVIEW}>" in receipt.params["text"]

        # Not served before a staff member approves it, here or elsewhere.
        assert served_answer(services) == old_answer
        assert served_answer(other) == old_answer

        replied = click(slack, fake_slack, OTHER_STAFF, card, review_views.APPROVE)
        decided = reply_to(fake_slack, replied)
        assert decided.params["replace_original"] is True
        assert f"Approved by <@{OTHER_STAFF}>" in all_text(decided.params["blocks"])
        assert review_views.APPROVE not in buttons(decided.params["blocks"])
        told = next_call(
            fake_slack,
            "chat.postMessage",
            lambda c: c.params["channel"] == STAFF and "approved your" in c.params["text"],
            before,
        )
        assert told.params["text"].startswith(f"<@{OTHER_STAFF}> approved your change to “Critical")

        # The very next question, in this process and the other one, gets the change.
        assert served_answer(other) == NEW_ANSWER
        answer = ask_dm(slack, fake_slack, PARTNER, CIPAC)
        card_text = all_text(answer.params["blocks"])
        assert ESCAPED in card_text
        assert f"Last reviewed {utcnow().date().isoformat()}" in card_text
    finally:
        other.outbox.stop()
        other.engine.dispose()


def test_the_author_may_approve_their_own_change(slack, fake_slack, services):
    card = propose_cipac(slack, fake_slack)
    reply_to(fake_slack, click(slack, fake_slack, STAFF, card, review_views.APPROVE))
    assert served_answer(services) == NEW_ANSWER
    [revision] = stored_revisions(services)
    assert (revision.status, revision.author_id, revision.decided_by) == ("approved", STAFF, STAFF)


def test_without_a_review_channel_the_change_waits_in_the_authors_dm(
    slack, fake_slack, services, settings
):
    services.settings = settings.model_copy(update={"review_channel": None})
    modal = cipac_form(slack, fake_slack)
    before = len(fake_slack.calls_to("chat.postMessage"))
    edit_saved(slack, fake_slack, modal, STAFF, answer=NEW_ANSWER)
    card = revision_card(fake_slack, STAFF, before)
    reply_to(fake_slack, click(slack, fake_slack, STAFF, card, review_views.APPROVE))
    assert served_answer(services) == NEW_ANSWER
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")[before:]] == [
        STAFF
    ]


def test_a_rejected_change_is_never_served(slack, fake_slack, services):
    old_answer = served_answer(services)
    card = propose_cipac(slack, fake_slack)
    decided = reply_to(fake_slack, click(slack, fake_slack, OTHER_STAFF, card, review_views.REJECT))
    assert f"Rejected by <@{OTHER_STAFF}>" in all_text(decided.params["blocks"])
    assert served_answer(services) == old_answer
    again = click(slack, fake_slack, OTHER_STAFF, card, review_views.APPROVE)  # a stale card
    assert "already decided" in reply_to(fake_slack, again).params["text"]
    assert served_answer(services) == old_answer


# -- a bad change is refused in the form, naming the field ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "field", "says"),
    [
        (
            {"links": "Wiki | https://en.wikipedia.org/wiki/CIPAC"},
            "links",
            "Link 1: not an official page (en.wikipedia.org)",
        ),
        ({"links": "CISA's page, no address"}, "links", "Line 1 is not a link"),
        ({"answer": "   "}, "answer", "cannot be empty"),
        ({"title": "T" * 151}, "title", "under 150 characters"),
        ({"owner": "<@U0123ABCD>"}, "owner", "not a mention"),
        ({"contacts": "name: CIPAC desk"}, "contacts", "Contact 1: a contact needs an email"),
        ({"contacts": "name: Desk\nmail: cipac@hq.dhs.gov"}, "contacts", "“mail: cipac@hq.dhs"),
        (
            {"contacts": "name: Desk\nurl: https://forms.example.com/cipac"},
            "contacts",
            "Contact 1: url: not an official page (forms.example.com)",
        ),
        ({"contacts": "name: Desk\nemail: cipac at dhs"}, "contacts", "Contact 1: email: "),
        ({}, "title", "Nothing changed"),
    ],
    ids=[
        "unofficial link",
        "no address",
        "blank answer",
        "long title",
        "owner as a mention",
        "contact without a way to reach it",
        "unknown contact field",
        "unofficial contact form",
        "bad email",
        "nothing changed",
    ],
)
def test_a_bad_change_is_refused_in_the_form_naming_the_field(
    slack, fake_slack, services, typed, field, says
):
    modal = cipac_form(slack, fake_slack)
    posts = len(fake_slack.calls_to("chat.postMessage"))
    errors = refused(submit_edit(slack, modal, STAFF, **typed))
    assert list(errors) == [field]
    assert says in errors[field]
    assert stored_revisions(services) == []
    fake_slack.assert_no_calls("chat.postMessage", within=0.2, beyond=posts)


def test_a_sector_entry_keeps_its_sector(slack, fake_slack, services):
    card = ask_dm(slack, fake_slack, STAFF, "who leads the dams sector")
    modal = press_edit(slack, fake_slack, STAFF, card)
    assert initial(modal)["sector"] == "dams"
    errors = refused(submit_edit(slack, modal, STAFF, sector=entry_form.NO_SECTOR))
    assert errors == {"sector": "a sector entry needs its sector slug"}


def test_every_field_of_the_form_round_trips(slack, fake_slack, services):
    modal = cipac_form(slack, fake_slack)
    contacts = (
        "name: CIPAC Executive Secretariat\nemail: cipac@cisa.dhs.gov\nstatus: verify\n"
        "urgent: no\ninstructions: Write CIPAC in the subject line.\nnote: From the 2024 notice."
        "\n\nname: CISA Central\nphone: 888-282-0870\nurgent: yes"
    )
    edit_saved(
        slack,
        fake_slack,
        modal,
        STAFF,
        title="CIPAC",
        sector="commercial-facilities",
        keywords="CIPAC\ncouncil\nCIPAC",
        links="CISA CIPAC page | https://www.cisa.gov/cipac\nhttps://www.dhs.gov/cipac",
        evidence="A blog | https://blog.example.org/cipac",
        contacts=contacts,
        owner="S0PARTNERS",
        note="Check the charter date each September.",
    )
    [revision] = stored_revisions(services)
    after = revision.after
    assert after["title"] == "CIPAC" and after["sector"] == "commercial-facilities"
    assert after["keywords"] == ["CIPAC", "council"]  # a repeated line once
    assert after["links"] == [
        {"title": "CISA CIPAC page", "url": "https://www.cisa.gov/cipac"},
        {"title": "Source", "url": "https://www.dhs.gov/cipac"},
    ]
    assert after["evidence"] == [{"title": "A blog", "url": "https://blog.example.org/cipac"}]
    assert after["contacts"] == [
        {
            "name": "CIPAC Executive Secretariat",
            "email": "cipac@cisa.dhs.gov",
            "status": "verify",
            "instructions": "Write CIPAC in the subject line.",
            "note": "From the 2024 notice.",
        },
        {"name": "CISA Central", "phone": "888-282-0870", "urgent": True},
    ]
    assert (after["owner"], after["note"]) == (
        "S0PARTNERS",
        "Check the charter date each September.",
    )
    # The form opened again shows the change waiting, field for field.
    again = press_edit(
        slack, fake_slack, OTHER_STAFF, ask_dm(slack, fake_slack, OTHER_STAFF, CIPAC)
    )
    assert "is waiting for approval" in all_text(again["blocks"])
    shown = initial(again)
    assert shown["contacts"] == contacts.replace("urgent: no\n", "")
    assert (shown["keywords"], shown["sector"], shown["owner"]) == (
        "CIPAC\ncouncil",
        "commercial-facilities",
        "S0PARTNERS",
    )
    assert (
        shown["links"]
        == "CISA CIPAC page | https://www.cisa.gov/cipac\nSource | https://www.dhs.gov/cipac"
    )


# -- only staff --------------------------------------------------------------------------------


def test_forged_clicks_and_submissions_from_a_partner_change_nothing(slack, fake_slack, services):
    staff_modal = cipac_form(slack, fake_slack)
    card = ask_dm(slack, fake_slack, PARTNER, CIPAC)
    opened = len(fake_slack.calls_to("views.open"))

    forged = click(slack, fake_slack, PARTNER, card, entry_form.EDIT, CIPAC_ID)
    assert reply_to(fake_slack, forged).params["text"] == NOT_STAFF
    errors = refused(submit_edit(slack, staff_modal, PARTNER, answer="Forged answer."))
    assert set(errors.values()) == {NOT_STAFF}
    assert stored_revisions(services) == []

    waiting = propose_cipac(slack, fake_slack)
    events = event_count(services)
    for action in (review_views.APPROVE, review_views.REJECT):
        refusal = click(slack, fake_slack, PARTNER, waiting, action)
        assert reply_to(fake_slack, refusal).params["text"] == NOT_STAFF
    for action in (review_views.STILL_CORRECT, review_views.RETIRE):
        refusal = click(slack, fake_slack, PARTNER, card, action, CIPAC_ID)
        assert reply_to(fake_slack, refusal).params["text"] == NOT_STAFF
    assert [r.status for r in stored_revisions(services)] == ["pending"]
    assert event_count(services) == events
    assert served_answer(services) != NEW_ANSWER
    assert len(fake_slack.calls_to("views.open")) == opened + 1  # the staff member's own form


# -- two staff members at once ---------------------------------------------------------------


def test_the_second_of_two_editors_is_told_the_entry_changed_under_them(
    slack, fake_slack, services
):
    first = cipac_form(slack, fake_slack, STAFF)
    second = cipac_form(slack, fake_slack, OTHER_STAFF)
    edit_saved(slack, fake_slack, first, STAFF, answer=NEW_ANSWER)
    errors = refused(submit_edit(slack, second, OTHER_STAFF, answer="Another answer."))
    assert f"changed by <@{STAFF}> while you were editing it" in errors["title"]
    assert [r.after["answer"] for r in stored_revisions(services)] == [NEW_ANSWER]

    # Opened again, the form starts from the waiting change, and replaces it.
    third = cipac_form(slack, fake_slack, OTHER_STAFF)
    assert initial(third)["answer"] == NEW_ANSWER
    edit_saved(slack, fake_slack, third, OTHER_STAFF, answer="A third answer.")
    assert [r.status for r in stored_revisions(services)] == ["superseded", "pending"]


def test_two_submissions_racing_store_one_change(slack, fake_slack, services):
    forms = [cipac_form(slack, fake_slack, STAFF), cipac_form(slack, fake_slack, OTHER_STAFF)]
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def submit(modal: dict, user: str) -> None:
        payload = view_submission(
            entry_form.EDIT_CALLBACK,
            form_values(modal, answer=f"The answer by {user}."),
            user,
            modal["private_metadata"],
        )
        start.wait()
        results[user] = slack.send_interaction(payload)

    threads = [
        threading.Thread(target=submit, args=(modal, user))
        for modal, user in zip(forms, (STAFF, OTHER_STAFF), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    accepted = [user for user, result in results.items() if result.body == ""]
    assert len(accepted) == 1
    republished(fake_slack, accepted[0], 0)  # the app is done with the change it took
    [loser] = {STAFF, OTHER_STAFF} - set(accepted)
    assert "while you were editing it" in refused(results[loser])["title"]
    [revision] = stored_revisions(services)
    assert revision.after["answer"] == f"The answer by {accepted[0]}."


def test_the_database_refuses_a_change_that_raced_past_the_forms_check(services):
    base = services.knowledge.base(CIPAC_ID)
    opened = revisions.head(services.engine, base)
    first = opened.entry.model_copy(update={"answer": "First."})
    second = opened.entry.model_copy(update={"answer": "Second."})
    revisions.propose(
        engine=services.engine, base=base, version=opened.version, after=first, author_id=STAFF
    )
    with pytest.raises(revisions.Conflict):
        revisions.propose(
            engine=services.engine,
            base=base,
            version=opened.version,  # what the second form carried: now out of date
            after=second,
            author_id=OTHER_STAFF,
        )
    assert [r.after["answer"] for r in stored_revisions(services)] == ["First."]


def test_a_form_built_on_a_rejected_change_is_refused(slack, fake_slack, services):
    card = propose_cipac(slack, fake_slack)
    on_top = cipac_form(slack, fake_slack, OTHER_STAFF)  # starts from the waiting change
    reply_to(fake_slack, click(slack, fake_slack, STAFF, card, review_views.REJECT))
    errors = refused(submit_edit(slack, on_top, OTHER_STAFF, answer="Built on the rejected one."))
    assert "was changed (a change was rejected)" in errors["title"]


def test_approving_a_change_replaced_by_a_newer_one_does_nothing(slack, fake_slack, services):
    old = propose_cipac(slack, fake_slack)
    propose_cipac(slack, fake_slack, OTHER_STAFF, answer="The newer answer.")
    stale = click(slack, fake_slack, STAFF, old, review_views.APPROVE)
    assert "already decided, or replaced" in reply_to(fake_slack, stale).params["text"]
    assert served_answer(services) != "The newer answer."
    assert [r.status for r in stored_revisions(services)] == ["superseded", "pending"]


# -- Edit answer on a channel card, and Home ---------------------------------------------------


def test_edit_answer_on_a_channel_card_opens_the_form_for_staff_only(slack, fake_slack, services):
    _, card = ask_in_channel(slack, fake_slack, PARTNER, "CFIELD", CIPAC)

    def shortcut(user: str, blocks: list[dict]) -> str:
        name = f"shortcut-{user}-{len(blocks)}"
        payload = message_shortcut(
            EDIT_SHORTCUT,
            user,
            "CFIELD",
            card.params["text"],
            response_url=fake_slack.response_url(name),
        )
        payload["message"]["blocks"] = blocks
        payload["message"]["user"] = "UBOT"
        result = slack.send_interaction(payload)
        assert (result.status, result.body) == (200, "")
        return name

    before = len(fake_slack.calls_to("views.open"))
    shortcut(STAFF, card.params["blocks"])
    modal = fake_slack.wait_for("views.open", count=before + 1)[before].params["view"]
    assert metadata(modal)["entry"] == CIPAC_ID

    refusal = shortcut(PARTNER, card.params["blocks"])
    assert reply_to(fake_slack, refusal).params["text"] == NOT_STAFF
    not_a_card = shortcut(STAFF, [])
    assert "on one of my answer cards" in reply_to(fake_slack, not_a_card).params["text"]
    assert len(fake_slack.calls_to("views.open")) == before + 1


def test_home_lists_the_changes_waiting_and_approves_them(slack, fake_slack, services):
    propose_cipac(slack, fake_slack)
    [revision] = stored_revisions(services)
    view = open_home(slack, fake_slack, OTHER_STAFF)
    text = all_text(view["blocks"])
    assert "*Changes waiting for approval*: 1" in text
    assert f"Changed by <@{STAFF}> on {revision.created_at.date().isoformat()}: answer" in text
    assert button_values(view["blocks"], review_views.APPROVE) == [str(revision.id)]

    before = len(fake_slack.calls_to("views.publish"))
    click_home(slack, OTHER_STAFF, review_views.APPROVE, str(revision.id))
    view = republished(fake_slack, OTHER_STAFF, before)
    assert "Changes waiting for approval" not in all_text(view["blocks"])
    assert served_answer(services) == NEW_ANSWER
    assert next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == STAFF)
