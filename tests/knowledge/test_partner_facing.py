"""What partners see in the shipped knowledge base: official links only, no working notes, and
contacts that carry the contact itself with the right status.

Partners see an entry's title, answer, lead agency, subsectors and links (titles and URLs), and
each contact's name, address, number, form, status and instructions. An entry's evidence, note
and owner, and a contact's note, are for staff only (see knowledge/schema.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from knowledge.index import BUNDLED_DIR
from knowledge.schema import Contact, Entry, is_official_url, load_entries

# Words of the knowledge-base builder's working notes (the sources are marked so:
# "verify", "OCR-garbled", "use with care", "a secondary page wrongly lists ...", "UNCONFIRMED"),
# and the first-person provenance that goes with them ("our copy", "we could not confirm").
# A partner sees a plain status instead: "legacy: it may no longer be monitored", "unverified".
STAFF_NOTE_MARKERS = {
    "verify": r"\bverif(?:y|ied|ying|ication)\b",  # "verify before use" ("unverified" is a status)
    "OCR": r"\bOCR\b",
    "garbled": r"\bgarbled\b",
    "unconfirmed": r"\bunconfirmed\b",
    "wrongly": r"\bwrongly\b",
    "secondary page": r"\bsecondary (?:web )?(?:page|source|site)s?\b",
    "with care": r"\bwith care\b",
    "before use": r"\bbefore (?:use|using)\b",
    "best reading": r"\bbest reading\b",
    "our copy": r"\bour cop(?:y|ies)\b",
    "our sources": r"\bour sources\b",
    "stripped": r"\bstripped\b",
    "mirror": r"\bmirror(?:ed|s)?\b",
    "source of the": r"\bsource of the (?:address|number|fact)\b",
    "we could not": (
        r"\b(?:could not|couldn't|have not|haven't|did not|didn't) "
        r"(?:find|confirm|check|verify|seen?)\b"
    ),
    "not confirmed": r"\bnot (?:been )?(?:checked|retrieved|confirmed)\b",
    "to do": r"\b(?:TODO|FIXME|XXX)\b",
}
_MARKERS = re.compile("|".join(f"(?:{rx})" for rx in STAFF_NOTE_MARKERS.values()), re.IGNORECASE)

# The status of every address and number partners may be given, as the sources say.
# legacy: an old (pre-CISA or pre-2020) source; verify: garbled or unconfirmed. A contact added
# to the knowledge base must be added here, with its status from the sources.
CONTACT_STATUS = {
    "SOPDExecSec@hq.dhs.gov": "legacy",
    "CFSTeam@hq.dhs.gov": "legacy",
    "essteam@cisa.dhs.gov": "current",
    "dams@hq.dhs.gov": "current",
    "HIFLD@hq.dhs.gov": "current",
    "ChemSafe&Secure@hq.dhs.gov": "current",
    "nipp@dhs.gov": "legacy",
    "vulnerability@cisa.dhs.gov": "current",
    "cyberservices@cisa.dhs.gov": "current",
    "pcii-info@dhs.gov": "legacy",
    "202-360-3023": "legacy",
    "HSINCI@hq.dhs.gov": "verify",
    "nccic@hq.dhs.gov": "legacy",
    "1-888-282-0870": "legacy",
    "1-877-437-7411": "legacy",
    "202-282-9201": "legacy",
    "Independent.Study@fema.dhs.gov": "current",
    "301-447-1200": "current",
    "amy.campbell@mail.cisa.dhs.gov": "current",
    "202-372-7014": "current",
    "https://cisa.gov/reporting-cyber-incident": "current",
}
# Channels for reporting something now: cyber incidents (the online form, the old NCCIC line),
# the NICC 24/7 watch, and suspicious activity or threats at federal facilities.
URGENT = {
    "https://cisa.gov/reporting-cyber-incident",
    "nccic@hq.dhs.gov",
    "202-282-9201",
    "1-877-437-7411",
}

EMAIL = re.compile(r"[\w.+&-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"\b(?:1-)?\d{3}-\d{3}-\d{4}\b")


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_entries(BUNDLED_DIR)


def partner_texts(entry: Entry) -> Iterator[tuple[str, str]]:
    """(field, text) of everything a partner can read in an entry."""
    yield "title", entry.title
    yield "answer", entry.answer
    if entry.lead_agency:
        yield "lead_agency", entry.lead_agency
    for position, subsector in enumerate(entry.subsectors):
        yield f"subsectors.{position}", subsector
    for position, link in enumerate(entry.links):
        yield f"links.{position}.title", link.title
    for position, contact in enumerate(entry.contacts):
        yield f"contacts.{position}.name", contact.name
        if contact.instructions:
            yield f"contacts.{position}.instructions", contact.instructions


def addresses(contact: Contact) -> list[str]:
    return [x for x in (contact.email, contact.phone, contact.url) if x]


# --- the marker list itself --------------------------------------------------------------------

# Working notes that reached partners before the notes had their own field.
REAL_STAFF_NOTES = [
    "The contact we have, HSINCI@hq.dhs.gov, was read from a garbled scan, so verify it before use",
    "DOE kept the role; at least one secondary web page wrongly lists DHS.",
    "HSIN-CI contact (to verify)",
    "Please use it with care: it is one person's address, staff change roles.",
    "Read from an OCR-garbled scan; confirm the address before use.",
    "so the cleaned-up address is our best reading, not a confirmed one.",
    "the email on that page was missing from our copy.",
    "in the office's 2016 page the sector list was stripped (only Chemical survives)",
    "Those are legacy; we could not confirm that the 888 number still works.",
    "the memo's own sector-by-sector text was not checked.",
    "The content is confirmed, but the exact official title is unconfirmed.",
    "We could not find a source confirming its title wording or its format.",
    "Both come from a mirror of an old DHS page, so they are legacy and have not been verified.",
    "The latest set in our sources is the 2015 plans.",
    "One source reports the rename; we have not confirmed that in the memo text.",
    "It was printed on the 2016 page and we have not seen it in any later source.",
    "HSIN-FBO document (source of the address)",
    "Title UNCONFIRMED",
]
PLAIN_STATUSES = [
    "Legacy address: it may no longer be monitored; for current help, use cisa.gov or your "
    "regional Protective Security Advisor (PSA).",
    "The address on file is HSINCI@hq.dhs.gov. It is marked unverified, so it may not work.",
    "Vulnerability Scanning of your internet-facing static IPv4 addresses, with weekly reports",
    "Check OBP's TRIPwire training page for its format and how to take it.",
    'Under NSM-22 the sector is reported to be named "Government Services and Facilities".',
    'Use the subject line "Requesting Cyber Hygiene Services".',
    "Each answer shows its source link, sector and last-reviewed date.",
    "The content of the course is confirmed by FEMA's course page.",
]


@pytest.mark.parametrize("text", REAL_STAFF_NOTES)
def test_the_markers_catch_real_working_notes(text: str) -> None:
    assert _MARKERS.search(text), text


@pytest.mark.parametrize("text", PLAIN_STATUSES)
def test_the_markers_leave_plain_statuses_alone(text: str) -> None:
    assert not _MARKERS.search(text), _MARKERS.search(text)


# --- the shipped entries -----------------------------------------------------------------------


def test_every_partner_link_is_an_official_page(entries: list[Entry]) -> None:
    urls = [(e.id, field, url) for e in entries for field, url in e.partner_urls()]

    assert len(urls) > 50
    assert [u for u in urls if not is_official_url(u[2])] == []


def test_partner_links_use_https(entries: list[Entry]) -> None:
    plain = [(e.id, url) for e in entries for _, url in e.partner_urls() if url[:8] != "https://"]

    assert plain == []


def test_no_working_notes_in_what_partners_read(entries: list[Entry]) -> None:
    found = [
        f"{e.id} {field}: ...{text[max(0, m.start() - 40) : m.end() + 20]}..."
        for e in entries
        for field, text in partner_texts(e)
        for m in [_MARKERS.search(text)]
        if m
    ]

    assert found == [], "\n".join(found)


def test_the_working_notes_are_kept_for_staff(entries: list[Entry]) -> None:
    """The cautions moved out of answers are still there, in the staff note."""
    by_id = {e.id: e for e in entries}

    assert "wrongly lists DHS" in (by_id["sector-energy"].note or "")
    [hsin] = by_id["contact-hsin-ci"].contacts
    assert "OCR-garbled" in (hsin.note or "") and hsin.status == "verify"
    assert "UNCONFIRMED" in (by_id["training-is-921"].note or "")
    assert any("pdfslide.us" in link.url for link in by_id["contact-hsin-ci"].evidence)
    assert any("wixlib.com" in link.url for link in by_id["resource-irpf"].evidence)


def test_every_contact_has_its_status_from_the_sources(entries: list[Entry]) -> None:
    wrong = [
        (e.id, address, c.status, CONTACT_STATUS.get(address, "not in the sources"))
        for e in entries
        for c in e.contacts
        for address in addresses(c)
        if CONTACT_STATUS.get(address) != c.status
    ]

    assert wrong == []


def test_urgent_reporting_contacts_are_flagged(entries: list[Entry]) -> None:
    flagged = {a for e in entries for c in e.contacts if c.urgent for a in addresses(c)}
    should = {a for e in entries for c in e.contacts for a in addresses(c) if a in URGENT}

    assert should == URGENT  # each one is in the knowledge base
    assert flagged >= URGENT
    # A contact is urgent exactly when one of its addresses is an urgent channel.
    mismatched = [
        (e.id, c.name)
        for e in entries
        for c in e.contacts
        if c.urgent != any(a in URGENT for a in addresses(c))
    ]
    assert mismatched == []


def test_the_incident_entries_list_the_current_form_first(entries: list[Entry]) -> None:
    by_id = {e.id: e for e in entries}
    for entry_id in ("contact-report-incident", "contact-nccic-cyber-incidents"):
        first = by_id[entry_id].contacts[0]
        assert (first.url, first.status, first.urgent) == (
            "https://cisa.gov/reporting-cyber-incident",
            "current",
            True,
        )


def test_every_contact_entry_carries_the_contact_itself(entries: list[Entry]) -> None:
    """A contact entry gives the address, number or form itself, not only a page about it."""
    without = [e.id for e in entries if e.kind == "contact" and not any(map(addresses, e.contacts))]

    assert without == []
    [dams] = [e for e in entries if e.id == "contact-dams-sector"]
    assert [(c.email, c.status) for c in dams.contacts] == [("dams@hq.dhs.gov", "current")]


def test_addresses_in_an_answer_are_in_its_contacts(entries: list[Entry]) -> None:
    """An address or number written in an answer is also a contact of the entry, so the card
    shows it with its status."""
    missing = []
    for entry in entries:
        known = {a.lower() for c in entry.contacts for a in addresses(c)}
        for found in [*EMAIL.findall(entry.answer), *PHONE.findall(entry.answer)]:
            if found.lower() not in known:
                missing.append((entry.id, found))

    assert missing == []


def test_contact_instructions_are_where_partners_need_them(entries: list[Entry]) -> None:
    instructions = {
        c.email: c.instructions for e in entries for c in e.contacts if c.email and c.instructions
    }

    assert instructions["vulnerability@cisa.dhs.gov"] == (
        'Use the subject line "Requesting Cyber Hygiene Services".'
    )
