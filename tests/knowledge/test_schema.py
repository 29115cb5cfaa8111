"""The knowledge loader: every kind of mistake in a knowledge folder is reported, with where it is.

Each case writes a small YAML folder in tmp_path, loads it with ``load_entries`` and checks that
``KnowledgeBaseInvalid`` names the right file, entry id and field, with a message that helps.

Tests whose name starts with ``test_bug_`` reveal a real bug in knowledge/schema.py: they fail
until it is fixed (see their docstrings).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from knowledge.schema import (
    SECTOR_SLUGS,
    Contact,
    Entry,
    KnowledgeBaseInvalid,
    KnowledgeError,
    Link,
    is_official_url,
    load_entries,
    parse_entries,
)


def write_kb(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write knowledge files (YAML text is dedented) into a folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return folder


def load_errors(folder: Path) -> list[KnowledgeError]:
    """Load a folder that must be invalid; return every error it reports."""
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        load_entries(folder)
    errors = caught.value.errors
    assert errors, "KnowledgeBaseInvalid without any error"
    assert all(isinstance(e, KnowledgeError) for e in errors)
    return errors


def faq(entry_id: str = "faq-entry", extra: str = "", **replace: str) -> str:
    """One small valid faq entry as YAML, with fields replaced or removed (None) or added."""
    fields = {
        "id": entry_id,
        "kind": "faq",
        "title": "A title",
        "answer": "An answer.",
        **replace,
    }
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    body = "\n".join(["- " + lines[0], *("  " + line for line in lines[1:])])
    return body + "\n" + textwrap.indent(textwrap.dedent(extra), "  ")


# --- one mistake per folder --------------------------------------------------------------------

# (yaml of one entry in a.yaml, expected entry id, expected field, fragments of the message)
ENTRY_MISTAKES = {
    "unknown sector slug": (
        faq(sector="dam"),
        "faq-entry",
        "sector",
        ["unknown sector slug", "'dam'", "valid:", *SECTOR_SLUGS],
    ),
    "unknown sector slug on a sector entry": (
        faq(kind="sector", sector="waste-water", lead_agency="EPA"),
        "faq-entry",
        "sector",
        ["unknown sector slug", "'waste-water'", "water-and-wastewater"],
    ),
    "missing answer": (faq(answer=None), "faq-entry", "answer", ["required"]),
    "empty title": (faq(title='""'), "faq-entry", "title", ["at least 1 character"]),
    "blank title": (faq(title='"   "'), "faq-entry", "title", ["at least 1 character"]),
    "missing title": (faq(title=None), "faq-entry", "title", ["required"]),
    "reviewed month 13": (
        faq(reviewed="2026-13-45"),
        "faq-entry",
        "reviewed",
        ["valid date", "month"],
    ),
    "reviewed not a date": (faq(reviewed="not a date"), "faq-entry", "reviewed", ["valid date"]),
    "expires month 13": (faq(expires="2026-13-45"), "faq-entry", "expires", ["valid date"]),
    "expires not a date": (faq(expires="not a date"), "faq-entry", "expires", ["valid date"]),
    "expires before reviewed": (
        faq(reviewed="2026-05-01", expires="2026-04-30"),
        "faq-entry",
        "expires",
        ["expires before it was reviewed"],
    ),
    "unknown key": (faq(colour="red"), "faq-entry", "colour", ["unknown key"]),
    "misspelt key": (faq(keyword="[dams]"), "faq-entry", "keyword", ["unknown key"]),
    "unknown key in a link": (
        faq(extra="links:\n  - title: CISA\n    url: https://www.cisa.gov\n    href: x\n"),
        "faq-entry",
        "links.0.href",
        ["unknown key"],
    ),
    "id with capitals and underscore": (faq("Bad_ID"), "Bad_ID", "id", ["pattern"]),
    "id with a space": (faq('"bad id"'), "bad id", "id", ["pattern"]),
    "id starting with a dash": (faq('"-dams"'), "-dams", "id", ["pattern"]),
    "unknown kind": (
        faq(kind="recipe"),
        "faq-entry",
        "kind",
        ["'sector'", "'contact'", "'training'", "'resource'", "'faq'"],
    ),
    "sector entry without lead_agency": (
        faq(kind="sector", sector="dams"),
        "faq-entry",
        "lead_agency",
        ["sector entry needs its lead agency"],
    ),
    "sector entry without its sector": (
        faq(kind="sector", lead_agency="DHS (CISA)"),
        "faq-entry",
        "sector",
        ["sector entry needs its sector slug"],
    ),
    "lead_agency on a faq entry": (
        faq(lead_agency="DHS (CISA)"),
        "faq-entry",
        "lead_agency",
        ["only sector entries have a lead agency"],
    ),
    "lead_agency on a contact entry": (
        faq(kind="contact", sector="dams", lead_agency="DHS (CISA)"),
        "faq-entry",
        "lead_agency",
        ["only sector entries have a lead agency"],
    ),
    "contact with no email, phone or url": (
        faq(kind="contact", extra="contacts:\n  - name: Dams team\n    status: legacy\n"),
        "faq-entry",
        "contacts.0",
        ["email", "phone", "url"],
    ),
    "bad email": (
        faq(extra="contacts:\n  - name: Dams team\n    email: dams-at-cisa.gov\n"),
        "faq-entry",
        "contacts.0.email",
        ["pattern"],
    ),
    "email without a domain": (
        faq(extra="contacts:\n  - name: Dams team\n    email: dams@cisa\n"),
        "faq-entry",
        "contacts.0.email",
        ["pattern"],
    ),
    "bad phone": (
        faq(extra="contacts:\n  - name: Dams team\n    phone: call us\n"),
        "faq-entry",
        "contacts.0.phone",
        ["pattern"],
    ),
    "unknown contact status": (
        faq(extra="contacts:\n  - name: Dams team\n    email: d@cisa.gov\n    status: old\n"),
        "faq-entry",
        "contacts.0.status",
        ["'current'", "'legacy'", "'verify'"],
    ),
    "link url without scheme": (
        faq(extra="links:\n  - title: CISA\n    url: www.cisa.gov/dams-sector\n"),
        "faq-entry",
        "links.0.url",
        ["pattern"],
    ),
    "link url with ftp": (
        faq(extra="links:\n  - title: CISA\n    url: ftp://ftp.cisa.gov/plan.pdf\n"),
        "faq-entry",
        "links.0.url",
        ["pattern"],
    ),
    "second link bad": (
        faq(
            extra="links:\n  - title: CISA\n    url: https://www.cisa.gov\n"
            "  - title: Bad\n    url: https://www.cisa .gov\n"
        ),
        "faq-entry",
        "links.1.url",
        ["pattern"],
    ),
    "link without title": (
        faq(extra="links:\n  - url: https://www.cisa.gov\n"),
        "faq-entry",
        "links.0.title",
        ["required"],
    ),
    "entry without id is named by position": (faq(None), "#1", "id", ["required"]),
    # Partners are sent to official pages only (knowledge.schema.is_official_url).
    "link to a document mirror": (
        faq(extra="links:\n  - title: IRPF\n    url: https://wixlib.com/document/irpf.html\n"),
        "faq-entry",
        "links.0.url",
        ["not an official page (wixlib.com)", "https://wixlib.com/document/irpf.html", "evidence"],
    ),
    "second link to a blog": (
        faq(
            extra="links:\n  - title: CISA\n    url: https://www.cisa.gov/ais\n"
            "  - title: Blog\n    url: https://patrickcoyle.substack.com/p/icr\n"
        ),
        "faq-entry",
        "links.1.url",
        ["not an official page (patrickcoyle.substack.com)", "https://patrickcoyle.substack.com"],
    ),
    "link to a host that only starts like a .gov one": (
        faq(extra="links:\n  - title: CISA?\n    url: https://cisa.gov.example.com/ais\n"),
        "faq-entry",
        "links.0.url",
        ["not an official page (cisa.gov.example.com)"],
    ),
    "link to a web-archive copy of a non-government page": (
        faq(
            extra="links:\n  - title: Old\n"
            "    url: https://web.archive.org/web/2020/https://www.scribd.com/doc/1\n"
        ),
        "faq-entry",
        "links.0.url",
        ["not an official page (web.archive.org)", "www.scribd.com/doc/1"],
    ),
    "link to a first.org page that is not TLP": (
        faq(extra="links:\n  - title: CVSS\n    url: https://www.first.org/cvss/\n"),
        "faq-entry",
        "links.0.url",
        ["not an official page (www.first.org)"],
    ),
    "contact form on an unofficial site": (
        faq(
            kind="contact",
            extra="contacts:\n  - name: Report\n    url: https://forms.example.com/report\n",
        ),
        "faq-entry",
        "contacts.0.url",
        ["not an official page (forms.example.com)", "https://forms.example.com/report"],
    ),
    "evidence url without scheme": (
        faq(extra="evidence:\n  - title: Blog\n    url: blog.example.com/post\n"),
        "faq-entry",
        "evidence.0.url",
        ["pattern"],
    ),
    "unknown key in evidence": (
        faq(extra="evidence:\n  - title: Blog\n    url: https://blog.example.com\n    href: x\n"),
        "faq-entry",
        "evidence.0.href",
        ["unknown key"],
    ),
    "unknown key in a contact": (
        faq(extra="contacts:\n  - name: Team\n    email: t@cisa.gov\n    instruction: x\n"),
        "faq-entry",
        "contacts.0.instruction",
        ["unknown key"],
    ),
    "misspelt notes key": (faq(notes="verify"), "faq-entry", "notes", ["unknown key"]),
    "urgent that is not yes or no": (
        faq(extra="contacts:\n  - name: Team\n    email: t@cisa.gov\n    urgent: maybe\n"),
        "faq-entry",
        "contacts.0.urgent",
        ["boolean"],
    ),
    "empty note": (faq(note='""'), "faq-entry", "note", ["at least 1 character"]),
    "owner written as a Slack mention": (
        faq(owner='"<@U0123ABCD>"'),
        "faq-entry",
        "owner",
        ["Slack user id (U0123ABCD)", "user group id (S0123ABCD)", "team name", "mention"],
    ),
    "owner written as an email address": (
        faq(owner="jane.doe@cisa.dhs.gov"),
        "faq-entry",
        "owner",
        ["not a mention or an email address"],
    ),
    "owner on two lines": (
        faq(owner='"Sector team\\nsecond line"'),
        "faq-entry",
        "owner",
        ["one line"],
    ),
    "owner too long": (faq(owner="T" * 81), "faq-entry", "owner", ["at most 80 characters"]),
}


@pytest.mark.parametrize(
    ("text", "entry_id", "field", "fragments"),
    list(ENTRY_MISTAKES.values()),
    ids=list(ENTRY_MISTAKES),
)
def test_entry_mistake_is_reported_with_file_entry_and_field(
    tmp_path: Path, text: str, entry_id: str, field: str, fragments: list[str]
) -> None:
    folder = write_kb(tmp_path / "kb", {"good.yaml": faq("good-entry"), "a.yaml": text})

    errors = load_errors(folder)

    assert [(e.file, e.entry_id, e.field) for e in errors] == [("a.yaml", entry_id, field)]
    message = errors[0].message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), f"{fragment!r} not in {message!r}"
    assert not message.startswith("Value error"), "pydantic's prefix should be removed"
    assert not message.startswith(f"{field}:"), "the field should not be repeated in the message"


def test_unknown_sector_slug_message_lists_every_valid_slug(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"a.yaml": faq(sector="wastewater")})

    [error] = load_errors(folder)

    listed = error.message.split("(valid: ", 1)[1].rstrip(")").split(", ")
    assert listed == list(SECTOR_SLUGS)


def test_duplicate_id_across_two_files_names_the_other_file(tmp_path: Path) -> None:
    folder = write_kb(
        tmp_path,
        {"a-first.yaml": faq("sector-dams-faq"), "b-second.yaml": faq("sector-dams-faq")},
    )

    [error] = load_errors(folder)

    assert (error.file, error.entry_id, error.field) == ("b-second.yaml", "sector-dams-faq", "id")
    assert "duplicate id" in error.message
    assert "a-first.yaml" in error.message


def test_duplicate_id_in_the_same_file(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"a.yaml": faq("same") + faq("same", title="Other")})

    [error] = load_errors(folder)

    assert (error.file, error.entry_id, error.field) == ("a.yaml", "same", "id")
    assert "duplicate id" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "id: lone\nkind: faq\ntitle: T\nanswer: A\n",  # a mapping, not a list
        "just some text\n",
        "42\n",
    ],
    ids=["mapping", "string", "number"],
)
def test_file_that_is_not_a_list(tmp_path: Path, text: str) -> None:
    folder = write_kb(tmp_path, {"good.yaml": faq("good"), "notalist.yaml": text})

    [error] = load_errors(folder)

    assert (error.file, error.entry_id, error.field) == ("notalist.yaml", None, None)
    assert "must be a list of entries" in error.message


def test_list_item_that_is_not_a_mapping_is_named_by_position(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"a.yaml": faq("first") + "- just a string\n"})

    [error] = load_errors(folder)

    assert (error.file, error.entry_id, error.field) == ("a.yaml", "#2", None)
    assert "mapping" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  title: [unclosed\n",
        "- id: a\n  kind: faq\n title: bad indent\n",
        "- id: a\n\tkind: faq\n",
    ],
    ids=["unclosed-flow", "bad-indent", "tab"],
)
def test_invalid_yaml_syntax(tmp_path: Path, text: str) -> None:
    folder = write_kb(tmp_path, {"good.yaml": faq("good"), "broken.yaml": text})

    [error] = load_errors(folder)

    assert (error.file, error.entry_id, error.field) == ("broken.yaml", None, None)
    assert error.message.startswith("not valid YAML")
    assert "line" in error.message, "the YAML error should say where"


def test_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()

    [error] = load_errors(folder)

    assert (error.file, error.entry_id, error.field) == (str(folder), None, None)
    assert "no *.yaml" in error.message


def test_folder_with_only_other_files_counts_as_empty(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "notes.txt").write_text("not knowledge\n")

    [error] = load_errors(folder)

    assert "no *.yaml" in error.message


def test_missing_folder(tmp_path: Path) -> None:
    [error] = load_errors(tmp_path / "does-not-exist")

    assert "no *.yaml" in error.message


# --- several mistakes at once ------------------------------------------------------------------


def test_all_mistakes_in_a_folder_are_reported_at_once(tmp_path: Path) -> None:
    folder = write_kb(
        tmp_path,
        {
            "a.yaml": faq("ok-one")
            + faq("wrong-sector", sector="dam")
            + faq("no-answer", answer=None)
            + faq("two-problems", title='""', colour="red"),
            "b.yaml": faq("ok-one")  # duplicate of a.yaml
            + faq("bad-date", reviewed="2026-13-45", expires="not a date")
            + faq("Bad_ID"),
            "c.yaml": "id: not-a-list\n",
            "d.yaml": "- [broken\n",
            "e.yaml": faq("fine-entry"),
        },
    )

    errors = load_errors(folder)

    found = {(e.file, e.entry_id, e.field) for e in errors}
    assert found == {
        ("a.yaml", "wrong-sector", "sector"),
        ("a.yaml", "no-answer", "answer"),
        ("a.yaml", "two-problems", "title"),
        ("a.yaml", "two-problems", "colour"),
        ("b.yaml", "ok-one", "id"),
        ("b.yaml", "bad-date", "reviewed"),
        ("b.yaml", "bad-date", "expires"),
        ("b.yaml", "Bad_ID", "id"),
        ("c.yaml", None, None),
        ("d.yaml", None, None),
    }
    assert len(errors) == len(found)


def test_knowledge_base_invalid_message_has_one_line_per_error(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"a.yaml": faq("one", sector="dam") + faq("two", answer=None)})

    with pytest.raises(KnowledgeBaseInvalid) as caught:
        load_entries(folder)

    lines = str(caught.value).splitlines()
    assert lines[0].startswith("a.yaml: entry 'one': field 'sector': unknown sector slug 'dam'")
    assert lines[1] == "a.yaml: entry 'two': field 'answer': Field required"
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            KnowledgeError("a.yaml", "x", "title", "too short"),
            "a.yaml: entry 'x': field 'title': too short",
        ),
        (KnowledgeError("a.yaml", "x", None, "bad"), "a.yaml: entry 'x': bad"),
        (KnowledgeError("a.yaml", None, None, "not valid YAML"), "a.yaml: not valid YAML"),
    ],
)
def test_knowledge_error_text(error: KnowledgeError, text: str) -> None:
    assert str(error) == text


# --- a good entry ------------------------------------------------------------------------------

FULL_ENTRY = """\
- id: sector-dams
  kind: sector
  title: "  Dams Sector  "
  sector: dams
  lead_agency: DHS (CISA)
  answer: |
    DHS, through CISA, leads the Dams Sector.
    It covers dams, locks and levees.
  subsectors: [Dams, Navigation locks, 2026]
  questions:
    - who leads the dams sector
    - 404
  keywords: [dams, levees, 2026, 3.5, 0]
  links:
    - title: CISA Dams Sector page
      url: https://www.cisa.gov/dams-sector
    - title: Old page
      url: http://www.dhs.gov/dams-sector
  contacts:
    - name: Dams team
      email: dams@hq.dhs.gov
      status: legacy
      note: From a 2012 page.
    - name: Dams hotline
      phone: "+1 (202) 555-0100"
    - name: Dams form
      url: https://www.cisa.gov/forms/dams
      status: verify
  reviewed: 2026-11-24
  expires: 2027-11-24
"""


def test_good_entry_with_every_optional_field_loads_with_the_right_types(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"sectors.yaml": FULL_ENTRY, "faq.yaml": faq("plain")})

    entries = load_entries(folder)

    by_id = {e.id: e for e in entries}
    assert set(by_id) == {"sector-dams", "plain"}
    entry = by_id["sector-dams"]
    assert isinstance(entry, Entry)
    assert entry.kind == "sector"
    assert entry.title == "Dams Sector"  # surrounding whitespace stripped
    assert entry.sector == "dams"
    assert entry.lead_agency == "DHS (CISA)"
    assert entry.answer.startswith("DHS, through CISA")
    assert "locks and levees." in entry.answer
    # Dates are real dates (not text, not datetimes), though the loader keeps them as text.
    assert type(entry.reviewed) is dt.date
    assert type(entry.expires) is dt.date
    assert entry.reviewed == dt.date(2026, 11, 24)
    assert entry.expires == dt.date(2027, 11, 24)
    # Numbers in lists of text are coerced to strings.
    assert entry.keywords == ("dams", "levees", "2026", "3.5", "0")
    assert all(isinstance(k, str) for k in entry.keywords)
    assert entry.subsectors == ("Dams", "Navigation locks", "2026")
    assert entry.questions == ("who leads the dams sector", "404")
    # Links and contacts are models, in order.
    assert all(isinstance(link, Link) for link in entry.links)
    assert [link.url for link in entry.links] == [
        "https://www.cisa.gov/dams-sector",
        "http://www.dhs.gov/dams-sector",
    ]
    assert entry.link == "https://www.cisa.gov/dams-sector"
    assert all(isinstance(c, Contact) for c in entry.contacts)
    team, hotline, form = entry.contacts
    assert (team.email, team.status, team.note) == (
        "dams@hq.dhs.gov",
        "legacy",
        "From a 2012 page.",
    )
    assert (hotline.phone, hotline.status, hotline.email) == ("+1 (202) 555-0100", "current", None)
    assert (form.url, form.status) == ("https://www.cisa.gov/forms/dams", "verify")


def test_optional_fields_default_to_empty(tmp_path: Path) -> None:
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq("plain")}))

    assert entry.sector is None
    assert entry.lead_agency is None
    assert (entry.subsectors, entry.questions, entry.keywords) == ((), (), ())
    assert (entry.links, entry.contacts) == ((), ())
    assert (entry.reviewed, entry.expires) == (None, None)
    assert entry.link is None


@pytest.mark.parametrize(
    ("reviewed", "expires"),
    [("2026-11-24", "2026-11-24"), ("'2026-01-02'", "'2027-01-02'"), ("2026-02-28", None)],
    ids=["same-day", "quoted", "no-expiry"],
)
def test_valid_date_pairs(tmp_path: Path, reviewed: str, expires: str | None) -> None:
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq(reviewed=reviewed, expires=expires)}))

    assert isinstance(entry.reviewed, dt.date)
    assert entry.expires is None or entry.expires >= entry.reviewed


def test_numeric_id_is_coerced_to_text(tmp_path: Path) -> None:
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq("2026")}))

    assert entry.id == "2026"


def test_empty_file_next_to_good_ones_is_ignored(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"a.yaml": faq("one"), "empty.yaml": "# nothing yet\n"})

    assert [e.id for e in load_entries(folder)] == ["one"]


def test_entries_come_in_file_order(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, {"b.yaml": faq("b-one") + faq("b-two"), "a.yaml": faq("a-one")})

    assert [e.id for e in load_entries(folder)] == ["a-one", "b-one", "b-two"]


def test_entries_are_frozen(tmp_path: Path) -> None:
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq("plain")}))

    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError for frozen models
        entry.title = "changed"  # type: ignore[misc]


# --- parse_entries on its own ------------------------------------------------------------------


def test_parse_entries_of_nothing() -> None:
    assert parse_entries(None, "empty.yaml") == ([], [])


def test_parse_entries_keeps_good_entries_and_reports_bad_ones() -> None:
    raw = [
        {"id": "good", "kind": "faq", "title": "T", "answer": "A"},
        {"id": "bad", "kind": "faq", "title": "T"},
    ]

    entries, errors = parse_entries(raw, "x.yaml")

    assert [e.id for e in entries] == ["good"]
    assert errors == [KnowledgeError("x.yaml", "bad", "answer", "Field required")]


def test_parse_entries_of_a_mapping() -> None:
    entries, errors = parse_entries({"id": "x"}, "x.yaml")

    assert entries == []
    assert errors == [KnowledgeError("x.yaml", None, None, "the file must be a list of entries")]


# --- bugs: these fail until knowledge/schema.py is fixed ---------------------------------------


def test_file_that_is_not_utf8_is_reported_not_a_crash(tmp_path: Path) -> None:
    """A file saved in Latin-1/cp1252 (an "é", a Word curly quote) is reported by name,
    not raised as a bare UnicodeDecodeError."""
    folder = write_kb(
        tmp_path,
        {"good.yaml": faq("good"), "latin1.yaml": faq("cafe", title="Caf\xe9").encode("latin-1")},
    )

    errors = load_errors(folder)

    assert [(e.file, e.entry_id) for e in errors] == [("latin1.yaml", None)]


def test_duplicate_key_in_an_entry_is_reported(tmp_path: Path) -> None:
    """A key written twice is an error: the realistic case is a pasted entry that lost its
    leading "- ", whose two halves would merge and the first silently vanish."""
    text = """\
    - id: first-entry
      kind: faq
      title: First
      answer: The first answer.
      id: second-entry
      kind: faq
      title: Second
      answer: The second answer.
    """
    folder = write_kb(tmp_path, {"a.yaml": text})

    errors = load_errors(folder)

    assert all(e.file == "a.yaml" for e in errors)
    assert any("duplicate" in e.message.lower() for e in errors)


def test_email_with_capital_letters_in_the_domain_is_accepted(tmp_path: Path) -> None:
    """Addresses as agencies often print them ("NICC@HQ.DHS.GOV") are valid."""
    extra = "contacts:\n  - name: NICC\n    email: NICC@HQ.DHS.GOV\n"
    folder = write_kb(tmp_path, {"a.yaml": faq("nicc", extra=extra)})

    [entry] = load_entries(folder)

    assert entry.contacts[0].email == "NICC@HQ.DHS.GOV"


# --- official links, and the fields kept for staff ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.cisa.gov/ais",
        "https://cisa.gov/reporting-cyber-incident",
        "http://www.dhs.gov/national-infrastructure-coordinating-center",
        "https://emilms.fema.gov/is_0860c/groups/143.html",
        "https://training.fema.gov/is/courseoverview.aspx?code=IS-156",
        "https://tripwire.cisa.gov/training/suspiciousactivity",
        "https://www.army.mil/",
        "HTTPS://WWW.CISA.GOV/AIS",
        "https://www.cisa.gov:443/ais",
        "https://www.first.org/tlp/",
        "https://first.org/tlp",
        "https://webarchive.library.unt.edu/web/20161103001120/https://www.dhs.gov/sopd",
        "https://swap.stanford.edu/was/20151211033644mp_/https://www.dhs.gov/sector-specific-agencies",
        "https://web.archive.org/web/20201218044459/https://www.cisa.gov/protective-security-advisors",
        "https://web.archive.org/web/2020id_/http://www.dhs.gov:80/sopd",
        "https://web.archive.org/web/20201218044459/www.cisa.gov/ais",
    ],
)
def test_official_urls(url: str) -> None:
    assert is_official_url(url)


@pytest.mark.parametrize(
    "url",
    [
        # The kinds of page the issue found on partners' cards.
        "https://vdocuments.mx/guide-for-developing-a-sector-specific-plan.html",
        "https://documents.pub/document/november-2013-the-hsin-advocate.html",
        "https://pdfslide.us/documents/faith-based-organizations-hsin-fbo.html",
        "https://wixlib.com/document/264ec_infrastructure-resilience-planning-framework.html",
        "https://www.scribd.com/document/504346939/NCCIC-ICS-FactSheet-CSET-S508C",
        "https://ro.scribd.com/doc/259931559/Is-906-Workplace-Security-Awareness",
        "https://patrickcoyle.substack.com/p/cisa-publishes-new-60-day-icr-notice",
        "http://protect.iu.edu/blog/2011/04/01/dhs-training-course-active-shooter",
        "http://www.homelandsecuritynewswire.com/dr20170605-training",
        "https://tdworld.com/smart-utility/grid-security/article/55037251/doe",
        "https://parcelindustry.com/article-629-DHS-Now-Offers-Web-Based-Training.html",
        "https://www.meritalkslg.com/articles/cisa-release-new-update-to-resilience-framework/",
        "https://www.cybersecdefense.com/ics-cert-ics-cybersecurity-301-awesomeness/",
        "https://grokipedia.com/page/cyber_resilience_review",
        "http://testdhsgov.edgesuite.net/files/programs/gc_1189103468978.shtm",
        "https://en.wikipedia.org/wiki/Traffic_Light_Protocol",
        # Government-looking, but not a U.S. .gov or .mil host.
        "https://cyber.gov.au/tlp",
        "https://cisa.gov.example.com/ais",
        "https://www.cisa-gov.com/ais",
        "https://gov/ais",
        "https://www.first.org/cvss/",
        "https://www.first.org/tlpx",
        # A host that browsers would read differently from its .gov tail.
        "https://www.cisa.gov@evil.example.com/ais",
        "https://evil.example.com\\@www.cisa.gov/ais",
        "https://www.cisa.gov:port/ais",
        # Web archives: only a copy of a .gov or .mil page.
        "https://web.archive.org/web/2020/https://www.scribd.com/doc/1",
        "https://web.archive.org/web/2020/https://www.cisa.gov@evil.example.com/",
        "https://web.archive.org/",
        "https://archive.today/2020/https://www.cisa.gov/ais",
        # Not a web page.
        "ftp://ftp.cisa.gov/plan.pdf",
        "mailto:central@cisa.dhs.gov",
        "www.cisa.gov/ais",
        "",
    ],
)
def test_unofficial_urls(url: str) -> None:
    assert not is_official_url(url)


def test_unofficial_link_is_refused_naming_file_entry_field_and_link(tmp_path: Path) -> None:
    links = (
        "links:\n"
        "  - title: IRPF Playbook (CISA)\n"
        "    url: https://cisa.gov/news-events/news/cisa-releases-playbook\n"
        "  - title: IRPF document\n"
        "    url: https://wixlib.com/document/264ec_irpf-cisa.html\n"
    )
    folder = write_kb(
        tmp_path, {"resources.yaml": faq("resource-irpf", kind="resource", extra=links)}
    )

    with pytest.raises(KnowledgeBaseInvalid) as caught:
        load_entries(folder)

    assert str(caught.value).startswith(
        "resources.yaml: entry 'resource-irpf': field 'links.1.url': "
        "not an official page (wixlib.com): https://wixlib.com/document/264ec_irpf-cisa.html"
    )
    assert len(caught.value.errors) == 1


def test_every_unofficial_link_of_an_entry_is_reported(tmp_path: Path) -> None:
    extra = (
        "links:\n"
        "  - title: Mirror\n    url: https://vdocuments.mx/guide.html\n"
        "  - title: Press\n    url: https://tdworld.com/article/1\n"
        "contacts:\n"
        "  - name: Form\n    url: https://forms.example.com/report\n"
        "  - name: Team\n    email: t@cisa.gov\n"
    )
    folder = write_kb(tmp_path, {"a.yaml": faq("many", kind="contact", extra=extra)})

    errors = load_errors(folder)

    assert [(e.entry_id, e.field) for e in errors] == [
        ("many", "links.0.url"),
        ("many", "links.1.url"),
        ("many", "contacts.0.url"),
    ]
    assert [e.message.split(")")[0] for e in errors] == [
        "not an official page (vdocuments.mx",
        "not an official page (tdworld.com",
        "not an official page (forms.example.com",
    ]


def test_kb_validate_prints_the_unofficial_link(tmp_path: Path) -> None:
    """`partnerbot kb validate` prints each KnowledgeError, this one included."""
    command = Path(sys.executable).with_name("partnerbot")
    if not command.exists():
        pytest.skip("the partnerbot command is not installed next to this interpreter")
    extra = "links:\n  - title: IRPF\n    url: https://wixlib.com/document/irpf.html\n"
    folder = write_kb(tmp_path, {"resources.yaml": faq("resource-irpf", extra=extra)})

    run = subprocess.run(
        [str(command), "kb", "validate", str(folder)], capture_output=True, text=True, timeout=60
    )

    assert run.returncode == 1
    assert (
        "resources.yaml: entry 'resource-irpf': field 'links.0.url': "
        "not an official page (wixlib.com): https://wixlib.com/document/irpf.html"
    ) in run.stderr


def test_evidence_may_hold_any_http_link(tmp_path: Path) -> None:
    extra = (
        "links:\n"
        "  - title: CISA IRPF Playbook\n"
        "    url: https://cisa.gov/news-events/news/cisa-releases-playbook\n"
        "evidence:\n"
        "  - title: IRPF v1.0 on a document mirror\n"
        "    url: https://wixlib.com/document/264ec_irpf-cisa.html\n"
        "  - title: A 2011 blog post\n"
        "    url: http://protect.iu.edu/blog/2011/04/01/dhs-training-course-active-shooter\n"
        "  - title: Old test host\n"
        "    url: http://testdhsgov.edgesuite.net/files/programs/gc_1189103468978.shtm\n"
    )
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq("irpf", extra=extra)}))

    assert all(isinstance(link, Link) for link in entry.evidence)
    assert [link.url.split("/")[2] for link in entry.evidence] == [
        "wixlib.com",
        "protect.iu.edu",
        "testdhsgov.edgesuite.net",
    ]
    assert entry.link == "https://cisa.gov/news-events/news/cisa-releases-playbook"
    assert entry.unofficial_links() == []
    assert [url for _, url in entry.partner_urls()] == [entry.link]


STAFF_FIELDS = """\
- id: contact-nccic
  kind: contact
  title: NCCIC cyber incident reporting
  answer: Use CISA's online form.
  owner: U0123ABCD
  note: "Whether the 888 number still works is UNCONFIRMED."
  links:
    - title: CISA report a cyber incident
      url: https://cisa.gov/reporting-cyber-incident
  contacts:
    - name: CISA incident reporting form
      url: https://cisa.gov/reporting-cyber-incident
      urgent: true
    - name: NCCIC
      phone: "1-888-282-0870"
      status: legacy
      urgent: yes
      instructions: Call only if the form is down.
      note: From a 2016 guide.
    - name: Sign-up
      email: vulnerability@cisa.dhs.gov
  evidence:
    - title: Quick incident reference guide (ASDWA, 2016)
      url: https://www.asdwa.org/2016/12/16/quick-incident-reference-guide/
"""


def test_staff_fields_parse(tmp_path: Path) -> None:
    [entry] = load_entries(write_kb(tmp_path, {"contacts.yaml": STAFF_FIELDS}))

    assert entry.owner == "U0123ABCD"
    assert entry.note == "Whether the 888 number still works is UNCONFIRMED."
    assert [(e.title, e.url) for e in entry.evidence] == [
        (
            "Quick incident reference guide (ASDWA, 2016)",
            "https://www.asdwa.org/2016/12/16/quick-incident-reference-guide/",
        )
    ]
    form, nccic, signup = entry.contacts
    assert (form.urgent, form.status, form.instructions, form.note) == (True, "current", None, None)
    assert (nccic.urgent, nccic.status) == (True, "legacy")
    assert nccic.instructions == "Call only if the form is down."
    assert nccic.note == "From a 2016 guide."
    assert (signup.urgent, signup.instructions) == (False, None)


def test_staff_fields_default_to_empty(tmp_path: Path) -> None:
    extra = "contacts:\n  - name: Team\n    email: t@cisa.gov\n"
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq("plain", extra=extra)}))

    assert (entry.owner, entry.note, entry.evidence) == (None, None, ())
    [contact] = entry.contacts
    assert (contact.urgent, contact.instructions, contact.note) == (False, None, None)


@pytest.mark.parametrize(
    "owner",
    ["U0123ABCD", "W0123ABCD", "S0123ABCD", "Sector Outreach team", "SOPD partnerships (ISD)"],
)
def test_owner_shapes_that_load(tmp_path: Path, owner: str) -> None:
    [entry] = load_entries(write_kb(tmp_path, {"a.yaml": faq(owner=f'"{owner}"')}))

    assert entry.owner == owner
