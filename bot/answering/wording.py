"""How a contact's status and a list's heading read, in plain words: the same on a Slack card, in
a `/ci` list and in `partnerbot ask`. No Slack and no database here (`partnerbot ask` uses it).

Partners see a contact's name, address, number or form, its status and its instructions; its
`note`, and an entry's `note` and `evidence`, are for staff and never come through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from knowledge.answers import Browse
from knowledge.schema import Contact, Entry

LABELS = {"training": "Training", "resources": "Resources", "contacts": "Contacts"}
URGENT_HEADING = "To report something now"
OTHER_CONTACTS_HEADING = "Other contacts"


def _reach_nouns(contact: Contact) -> list[str]:
    ways = (("address", contact.email), ("number", contact.phone))
    return [noun for noun, value in ways if value] or ["form"]


def contact_status(contact: Contact) -> str:
    """ "current address", "legacy number: it may no longer be monitored", ..."""
    nouns = _reach_nouns(contact)
    noun = " and ".join(nouns)
    it = "they" if len(nouns) > 1 else "it"
    if contact.status == "legacy":
        return f"legacy {noun}: {it} may no longer be monitored"
    if contact.status == "verify":
        return f"unverified {noun}: please confirm {'them' if it == 'they' else 'it'} first"
    return f"current {noun}"


def urgent_first(contacts: Iterable[Contact]) -> list[Contact]:
    """Channels for reporting something now first, the rest in their order."""
    return sorted(contacts, key=lambda contact: not contact.urgent)


def is_urgent(entry: Entry) -> bool:
    return any(contact.urgent for contact in entry.contacts)


def contact_groups(entries: Sequence[Entry]) -> list[tuple[str | None, list[Entry]]]:
    """Contact entries in groups: the urgent reporting ones first, under a heading of their own
    when there are others too."""
    urgent = [entry for entry in entries if is_urgent(entry)]
    other = [entry for entry in entries if not is_urgent(entry)]
    if not urgent or not other:
        return [(None, urgent or other)]
    return [(URGENT_HEADING, urgent), (OTHER_CONTACTS_HEADING, other)]


def _where(sectors: Sequence[str], titles: Mapping[str, str]) -> str:
    return " and ".join(f"the {titles.get(slug, slug)}" for slug in sectors)


def list_heading(browse: Browse, titles: Mapping[str, str]) -> tuple[str, str | None]:
    """A list's heading, and the honest line under it when nothing is specific to the sector
    asked about (the list is then the one for all sectors)."""
    if browse.kind == "sectors":
        if browse.led_by:
            shared = any(" and " in (e.lead_agency or "") for e in browse.entries)
            leads = "leads or co-leads" if shared else "leads"
            return f"The {len(browse.entries)} sectors {browse.led_by} {leads}", None
        return f"The {len(browse.entries)} critical infrastructure sectors", None
    label = LABELS[browse.kind]
    if not browse.sectors:
        return f"{label} for all sectors", None
    where = _where(browse.sectors, titles)
    if browse.specific:
        return f"{label} for {where}", None
    noun = label.lower()
    return (
        f"{label} for all sectors",
        f"I have no {noun} specific to {where}; these apply to every sector.",
    )


def empty_list(browse: Browse) -> str:
    return f"I have no {LABELS.get(browse.kind, browse.kind).lower()} in my knowledge base yet."
