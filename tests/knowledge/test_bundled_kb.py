"""The knowledge base shipped in knowledge/*.yaml: it loads, and its content keeps its promises."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from knowledge.index import BUNDLED_DIR
from knowledge.schema import SECTOR_SLUGS, Entry, load_entries

SLACK_ANSWER_LIMIT = 2900  # a Slack section block holds 3,000 characters; keep room for markup
TLP_TITLES = {
    "clear": "TLP:CLEAR",
    "green": "TLP:GREEN",
    "amber": "TLP:AMBER",
    "amber-strict": "TLP:AMBER+STRICT",
    "red": "TLP:RED",
}
LEGACY_WORDS = re.compile(r"\b(legacy|old|older|out of date|out-of-date|outdated)\b", re.I)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_entries(BUNDLED_DIR)


def of_kind(entries: list[Entry], kind: str) -> list[Entry]:
    return [e for e in entries if e.kind == kind]


def test_the_shipped_knowledge_base_loads(entries: list[Entry]) -> None:
    assert len(entries) > 0
    assert all(isinstance(e, Entry) for e in entries)
    assert {e.kind for e in entries} == {"sector", "contact", "training", "resource", "faq"}


def test_every_sector_has_exactly_one_sector_entry(entries: list[Entry]) -> None:
    sectors = of_kind(entries, "sector")

    assert len(SECTOR_SLUGS) == 16
    assert sorted(e.sector for e in sectors) == sorted(SECTOR_SLUGS)
    assert len(sectors) == 16


@pytest.mark.parametrize("slug", SECTOR_SLUGS)
def test_sector_entry_names_its_lead_agency(entries: list[Entry], slug: str) -> None:
    [entry] = [e for e in of_kind(entries, "sector") if e.sector == slug]

    assert entry.lead_agency and entry.lead_agency.strip()
    assert entry.answer.strip()


@pytest.mark.parametrize("kind", ["training", "resource"])
def test_at_least_fifteen_training_and_resource_entries(entries: list[Entry], kind: str) -> None:
    assert len(of_kind(entries, kind)) >= 15


def test_every_contact_entry_has_contacts(entries: list[Entry]) -> None:
    without = [e.id for e in of_kind(entries, "contact") if not e.contacts]

    assert without == []


def test_legacy_contacts_are_called_old_in_the_answer(entries: list[Entry]) -> None:
    """A contact marked legacy comes from an old source; the answer text must say so, because
    `partnerbot ask` and `ask --json` show the answer only, not the contact list.

    FAILS TODAY on resource-nipp-2013 (knowledge/resources.yaml): its contact nipp@dhs.gov is
    legacy, but the answer neither gives the address nor says it may be out of date."""
    silent = [
        f"{e.id} ({c.email or c.phone or c.url})"
        for e in entries
        for c in e.contacts
        if c.status == "legacy" and not LEGACY_WORDS.search(e.answer)
    ]

    assert silent == [], "legacy contacts not flagged as old in the answer"


def test_no_answer_is_too_long_for_a_slack_section(entries: list[Entry]) -> None:
    too_long = {e.id: len(e.answer) for e in entries if len(e.answer) > SLACK_ANSWER_LIMIT}

    assert too_long == {}


def test_every_link_is_http_or_https(entries: list[Entry]) -> None:
    urls = [(e.id, link.url) for e in entries for link in e.links]
    urls += [(e.id, c.url) for e in entries for c in e.contacts if c.url]

    assert urls
    bad = [(i, u) for i, u in urls if not u.startswith(("https://", "http://"))]
    assert bad == []


def test_ids_are_unique(entries: list[Entry]) -> None:
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))

    # Also in the raw files, before the loader has a chance to reject or merge anything.
    raw_ids: Counter[str] = Counter()
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            raw_ids[str(item["id"])] += 1
    assert [i for i, n in raw_ids.items() if n > 1] == []
    assert sum(raw_ids.values()) == len(entries)


@pytest.mark.parametrize("level", list(TLP_TITLES))
def test_tlp_entry_exists(entries: list[Entry], level: str) -> None:
    title = TLP_TITLES[level]
    matching = [e for e in entries if e.title == title]

    assert len(matching) == 1, f"no single entry titled {title}"
    [entry] = matching
    assert entry.id == f"tlp-{level}"
    assert title in entry.answer


def test_no_entry_lists_a_keyword_or_sample_question_twice():
    """A repeat says nothing more to the matcher, and staff's edit form would drop it."""
    repeated = [
        (entry.id, field, word)
        for entry in load_entries(BUNDLED_DIR)
        for field in ("keywords", "questions", "subsectors")
        for word, count in Counter(getattr(entry, field)).items()
        if count > 1
    ]
    assert not repeated
