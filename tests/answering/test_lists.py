"""The lists partners browse and the contacts on an answer card: the address or number itself,
its status in plain words, its instructions, urgent reporting contacts first, never a staff
note; honest when nothing is specific to the sector; within Block Kit's limits whatever the
text; and the same blocks whether asked with `/ci` or in plain words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answering import cards, lists, plain, wording
from bot.core.render import MESSAGE_BLOCK_LIMIT, SECTION_LIMIT, as_dicts
from knowledge.answers import listing
from knowledge.index import KnowledgeIndex, load_index
from knowledge.matcher import Matcher
from knowledge.reading import read
from knowledge.schema import Contact, Entry, Link
from tests.support.flows import all_text, ask_dm, command

NOTE = "read from a garbled scan, check with the office"
EVIDENCE = "https://example.org/a-mirror-of-an-old-page"
CONTACT_NOTE = "only seen in a 2009 directory"


def _entry(entry_id: str, title: str, *contacts: Contact, sector: str | None = None) -> Entry:
    return Entry(
        id=entry_id,
        kind="contact",
        title=title,
        answer=f"How to reach {title}.",
        sector=sector,
        links=(Link(title=title, url=f"https://www.cisa.gov/{entry_id}"),),
        contacts=contacts,
        note=NOTE,
        evidence=(Link(title="where we found it", url=EVIDENCE),),
    )


WATCH = Contact(
    name="Watch desk",
    phone="202-555-0100",
    status="legacy",
    urgent=True,
    instructions="In an emergency, call 911 first.",
    note=CONTACT_NOTE,
)
ONLINE = Contact(name="Reporting form", url="https://www.cisa.gov/report", urgent=True)
DESK = Contact(name="Help desk", email="help@cisa.dhs.gov", note=CONTACT_NOTE)
SHAKY = Contact(name="Old inbox", email="old@hq.dhs.gov", phone="202-555-0199", status="verify")
ENTRIES = (
    _entry("contact-desk", "Help desk", DESK),
    _entry("contact-watch", "Watch desk", WATCH, ONLINE, sector="dams"),
    _entry("contact-old", "Old inbox", SHAKY),
)
INDEX = KnowledgeIndex.build(ENTRIES)


def test_a_contact_list_shows_each_address_with_its_status_urgent_ones_first():
    blocks = as_dicts(lists.browse_blocks(listing(INDEX, "contacts"), {}))
    text = all_text(blocks)
    assert text.index(wording.URGENT_HEADING) < text.index("Watch desk")
    assert text.index("Watch desk") < text.index(wording.OTHER_CONTACTS_HEADING)
    assert text.index(wording.OTHER_CONTACTS_HEADING) < text.index("Help desk")
    assert "202-555-0100 _(legacy number: it may no longer be monitored)_" in text
    assert "In an emergency, call 911 first." in text
    assert "help@cisa.dhs.gov _(current address)_" in text
    assert "<https://www.cisa.gov/report|online form> _(current form)_" in text
    assert "_(unverified address and number: please confirm them first)_" in text
    for staff_only in (NOTE, EVIDENCE, CONTACT_NOTE):
        assert staff_only not in text


def test_the_answer_card_shows_its_contacts_the_same_way_and_no_staff_note():
    mixed = _entry("contact-mixed", "Mixed", DESK, WATCH)  # the urgent one listed second
    text = all_text(cards.entry_blocks(mixed, 7, KnowledgeIndex.build([mixed])))
    assert text.index("Watch desk:") < text.index("Help desk:")
    assert "202-555-0100 _(legacy number: it may no longer be monitored)_" in text
    assert "In an emergency, call 911 first." in text
    for staff_only in (NOTE, EVIDENCE, CONTACT_NOTE):
        assert staff_only not in text
    # `partnerbot ask` shows the same contact, the same status
    answer = plain.as_text(read("how do I reach the watch desk", Matcher(INDEX)), INDEX)
    assert "202-555-0100 (legacy number: it may no longer be monitored)" in answer
    assert NOTE not in answer and CONTACT_NOTE not in answer


def test_a_sector_with_nothing_of_its_own_is_told_so_honestly():
    index = load_index(None)
    shown = all_text(
        as_dicts(lists.browse_blocks(listing(index, "training", ["energy"]), index.sector_titles))
    )
    assert shown.startswith(
        "*Training for all sectors*\nI have no training specific to the Energy Sector"
    )
    own = all_text(
        as_dicts(lists.browse_blocks(listing(index, "contacts", ["dams"]), index.sector_titles))
    )
    assert own.startswith("*Contacts for the Dams Sector*\n")
    assert "dams@hq.dhs.gov _(current address)_" in own


def test_the_sectors_an_agency_leads_say_so_and_show_each_lead():
    index = load_index(None)
    cisa = all_text(
        as_dicts(lists.browse_blocks(listing(index, "sectors", led_by="CISA"), index.sector_titles))
    )
    assert cisa.startswith("*The 8 sectors CISA leads*\n")
    assert "*Dams Sector*: DHS (CISA)" in cisa and "Energy" not in cisa
    # Food and Agriculture is led by USDA and HHS together: HHS co-leads it.
    hhs = plain.as_text(read("which sectors are led by HHS?", Matcher(index)), index)
    assert hhs.splitlines() == [
        "The 2 sectors HHS leads or co-leads",
        "- Food and Agriculture Sector: USDA and HHS (FDA)",
        "- Healthcare and Public Health Sector: HHS",
    ]


_TEXT = st.text(min_size=1, max_size=400).filter(lambda t: t.strip())


@given(titles=st.lists(_TEXT, max_size=300), instructions=_TEXT)
def test_any_list_fits_in_one_message_and_escapes_what_partners_wrote(titles, instructions):
    contact = Contact(name="<!channel>", email="a@cisa.gov", instructions=instructions)
    entries = tuple(_entry(f"contact-{i}", title, contact) for i, title in enumerate(titles))
    blocks = as_dicts(lists.browse_blocks(listing(KnowledgeIndex.build(entries), "contacts"), {}))
    assert 1 <= len(blocks) <= MESSAGE_BLOCK_LIMIT
    for block in blocks:
        assert (
            len(
                block["elements"][0]["text"]
                if block["type"] == "context"
                else block["text"]["text"]
            )
            <= SECTION_LIMIT
        )
    assert "<!channel>" not in all_text(blocks)


@pytest.mark.parametrize(
    ("slash", "plain_words"),
    [
        ("contacts dams", "what are the contacts for dams?"),
        ("training energy", "what training is there for energy?"),
        ("resources dams", "resources for dams owners"),
        ("sectors", "list the sectors"),
        ("contacts", "show me all the contacts"),
    ],
)
def test_ci_and_plain_words_show_the_same_list(slash, plain_words, slack, fake_slack):
    by_command = command(slack, fake_slack, "ULIST", "CLIST", slash)
    in_a_dm = ask_dm(slack, fake_slack, "ULIST", plain_words)
    assert by_command.params["blocks"] == in_a_dm.params["blocks"]
    assert re.match(
        r"\*(?:The \d+ critical|Training|Contacts|Resources)", all_text(in_a_dm.params["blocks"])
    )


def test_the_sectors_an_agency_leads_are_listed_in_slack_and_a_follow_up_keeps_to_them(
    slack, fake_slack
):
    listed = all_text(ask_dm(slack, fake_slack, "UAGENCY", "list the sectors").params["blocks"])
    assert listed.startswith("*The 16 critical infrastructure sectors*")
    # "Which ones" after the list: the sectors CISA leads, each with its lead.
    reply = ask_dm(slack, fake_slack, "UAGENCY", "which ones does CISA lead?")
    shown = all_text(reply.params["blocks"])
    assert shown.startswith("*The 8 sectors CISA leads*")
    assert "*Dams Sector*: DHS (CISA)" in shown and "Energy Sector" not in shown
