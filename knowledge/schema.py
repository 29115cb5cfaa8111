"""The knowledge entry model, and loading YAML files into validated entries.

Every mistake in a knowledge file is reported as a ``KnowledgeError`` that names the file, the
entry id and the field, so a broken knowledge base never starts.

What a partner sees and what is kept for staff are separate fields:

* shown to partners: an entry's ``title``, ``answer``, ``subsectors``, ``lead_agency``, its
  ``links`` (the first is the card's "Source"; lists, digests and Home link the title to it) and
  its ``contacts`` (``name``, ``email``, ``phone``, ``url``, ``status``, ``instructions``);
  an entry with a ``retired`` date is never shown (its id stays taken);
* kept for staff, never shown to partners: an entry's ``evidence`` (links where a fact was
  found), ``note`` (the builder's working note: cautions, "verify", where a reading came from)
  and ``owner`` (who keeps it current), and a contact's ``note``.

Every URL a partner can be sent to (``links`` and a contact's ``url``) must pass
``is_official_url``; ``load_entries`` refuses any other, naming the file, entry, field and link.
``evidence`` may hold any http(s) link. The check runs when knowledge files are read, not in the
``Entry`` model, so code that builds an entry itself (a staff edit) checks it with
``Entry.unofficial_links`` or ``is_official_url``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SECTOR_SLUGS: tuple[str, ...] = (
    "chemical",
    "commercial-facilities",
    "communications",
    "critical-manufacturing",
    "dams",
    "defense-industrial-base",
    "emergency-services",
    "energy",
    "financial-services",
    "food-and-agriculture",
    "government-facilities",
    "healthcare-and-public-health",
    "information-technology",
    "nuclear",
    "transportation-systems",
    "water-and-wastewater",
)
KINDS: tuple[str, ...] = ("sector", "contact", "training", "resource", "faq")

SectorSlug = Literal[SECTOR_SLUGS]  # type: ignore[valid-type]
Kind = Literal[KINDS]  # type: ignore[valid-type]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
URL_PATTERN = r"^https?://\S+$"
# An entry's owner: a Slack user id ("U0123ABCD"), a user group id ("S0123ABCD") or a team name.
# Lightly checked: one line of at most 80 characters, not a mention ("<@U0123ABCD>", "@team")
# and not an email address.
OWNER_PATTERN = r"^[^\s<>@][^\n\r<>@]{0,79}$"
OWNER_HELP = (
    "write a Slack user id (U0123ABCD), a user group id (S0123ABCD) or a team name "
    "(one line, at most 80 characters), not a mention or an email address"
)

# --- which pages a partner may be sent to ------------------------------------------------------

# U.S. government top-level domains: any host under them is an official page.
OFFICIAL_TLDS = frozenset({"gov", "mil"})
# FIRST publishes the TLP 2.0 standard: its TLP pages (and only those) are official for TLP.
TLP_STANDARD_HOSTS = frozenset({"first.org", "www.first.org"})
TLP_STANDARD_PATH = "/tlp"
# Web archives whose copy of a .gov or .mil page stands in for a page that is gone.
WEB_ARCHIVE_HOSTS = frozenset(
    {"webarchive.library.unt.edu", "swap.stanford.edu", "web.archive.org"}
)
# An archive's address of a copy: /web/20161103001120/https://www.dhs.gov/sopd,
# /was/20151211033644mp_/https://..., /web/2020id_/www.cisa.gov/...
_ARCHIVED_COPY = re.compile(r"^/[a-z]+/\d{4,14}[a-z_]*/(?P<original>.+)$", re.IGNORECASE)


def _host_of(url: str) -> str | None:
    """The lower-case host of an http(s) URL; None for anything else, and for an address
    with user info or a backslash before its path (a host that browsers read differently)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if "@" in parts.netloc or "\\" in parts.netloc:
        return None
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    return host or None


def _is_us_government_host(host: str) -> bool:
    head, dot, tld = host.rpartition(".")
    return bool(head and dot) and tld in OFFICIAL_TLDS


def is_official_url(url: str) -> bool:
    """True when a partner may be sent to this URL: an official page.

    Official means a ``.gov`` or ``.mil`` host, FIRST's TLP pages (first.org/tlp), or a copy of a
    ``.gov``/``.mil`` page kept by a web archive (webarchive.library.unt.edu, swap.stanford.edu,
    web.archive.org) for a page that is gone. Document mirrors, blogs, trade press, wikis and
    any other site are not: such a page may be kept for staff in an entry's ``evidence``.
    """
    host = _host_of(url)
    if host is None:
        return False
    if _is_us_government_host(host):
        return True
    path = urlsplit(url.strip()).path
    if host in TLP_STANDARD_HOSTS:
        return path == TLP_STANDARD_PATH or path.startswith(TLP_STANDARD_PATH + "/")
    if host in WEB_ARCHIVE_HOSTS:
        copy = _ARCHIVED_COPY.match(path)
        if copy is None:
            return False
        original = copy["original"]
        if not re.match(r"^https?://", original, re.IGNORECASE):
            original = "http://" + original
        original_host = _host_of(original)
        return original_host is not None and _is_us_government_host(original_host)
    return False


def not_official_message(url: str) -> str:
    """Why a partner-facing URL is refused, naming its host and the link."""
    host = _host_of(url) or "not an http(s) address"
    return (
        f"not an official page ({host}): {url}; partners may only be sent to a .gov or .mil "
        "page, first.org/tlp, or a web-archive copy of a .gov or .mil page (keep any other "
        "source for staff in 'evidence')"
    )


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


class Link(_Strict):
    title: str = Field(min_length=1)
    url: str = Field(pattern=URL_PATTERN)


class Contact(_Strict):
    """One way to reach someone: an address, a number or an online form.

    Shown to partners: ``name``, ``email``, ``phone``, ``url`` (an official page, see
    ``is_official_url``), ``status`` and ``instructions``.

    * ``status``: ``current``; ``legacy`` (found only in an old, pre-CISA or pre-2020 source: it
      may no longer be monitored); ``verify`` (garbled or unconfirmed in the sources).
    * ``urgent``: a channel for reporting something now (a cyber incident, a threat, the 24/7
      watch); lists put urgent contacts first.
    * ``instructions``: a practical instruction for the partner using the contact, e.g. the
      subject line to write or what the address is for. Plain words, no working notes.
    * ``note``: for staff only, never shown to partners: where the contact was found, how sure
      it is, what to check ("read from an OCR-garbled scan; confirm before use").
    """

    name: str = Field(min_length=1)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
    phone: str | None = Field(default=None, pattern=r"^[0-9+() .-]{7,}$")
    url: str | None = Field(default=None, pattern=URL_PATTERN)
    status: Literal["current", "legacy", "verify"] = "current"
    urgent: bool = False
    instructions: str | None = Field(default=None, min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _has_a_way_to_reach(self) -> Contact:
        if not (self.email or self.phone or self.url):
            raise ValueError("a contact needs an email, a phone or a url")
        return self


class Entry(_Strict):
    """One knowledge entry (see the module docstring for what partners see).

    Staff-only fields: ``evidence`` (links, same shape as ``links``, where a fact was found:
    any http(s) page, e.g. a document mirror or a trade-press article); ``note`` (a working note
    for staff: cautions, what to verify, "UNCONFIRMED"); ``owner`` (who keeps the entry
    current: a Slack user id like ``U0123ABCD``, a user group id like ``S0123ABCD``, or a team
    name).
    """

    id: str = Field(pattern=ID_PATTERN)
    kind: Kind
    title: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    sector: SectorSlug | None = None
    lead_agency: str | None = None
    subsectors: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    contacts: tuple[Contact, ...] = ()
    evidence: tuple[Link, ...] = ()
    note: str | None = Field(default=None, min_length=1)
    owner: str | None = Field(default=None, pattern=OWNER_PATTERN)
    reviewed: dt.date | None = None
    expires: dt.date | None = None
    # Training only: when it is held ("monthly", "on demand") and the next session's date.
    offered: str | None = None
    next_session: dt.date | None = None
    # The day staff retired the entry: never served again, kept so that its id is never reused.
    retired: dt.date | None = None

    @model_validator(mode="after")
    def _sector_entries_name_their_lead(self) -> Entry:
        if self.kind == "sector":
            if self.sector is None:
                raise ValueError("sector: a sector entry needs its sector slug")
            if not self.lead_agency:
                raise ValueError("lead_agency: a sector entry needs its lead agency")
        elif self.lead_agency is not None:
            raise ValueError("lead_agency: only sector entries have a lead agency")
        if self.kind != "training" and (self.offered or self.next_session):
            field = "next_session" if self.next_session else "offered"
            raise ValueError(f"{field}: only training entries have sessions")
        if self.reviewed and self.expires and self.expires < self.reviewed:
            raise ValueError("expires: the entry expires before it was reviewed")
        return self

    @property
    def link(self) -> str | None:
        return self.links[0].url if self.links else None

    def partner_urls(self) -> Iterator[tuple[str, str]]:
        """(field, url) of every URL a partner can be sent to: links, then contact forms."""
        for position, link in enumerate(self.links):
            yield f"links.{position}.url", link.url
        for position, contact in enumerate(self.contacts):
            if contact.url:
                yield f"contacts.{position}.url", contact.url

    def unofficial_links(self) -> list[tuple[str, str]]:
        """(field, url) of each partner-facing URL that ``is_official_url`` refuses."""
        return [(field, url) for field, url in self.partner_urls() if not is_official_url(url)]


@dataclass(frozen=True)
class KnowledgeError(Exception):
    """One mistake in a knowledge file, with where it is."""

    file: str
    entry_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.entry_id:
            where += f": entry '{self.entry_id}'"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"


class KnowledgeBaseInvalid(Exception):
    """Every mistake found while loading a knowledge folder."""

    def __init__(self, errors: list[KnowledgeError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _field_of(error: dict) -> str | None:
    loc = [str(part) for part in error["loc"]]
    if loc:
        return ".".join(loc)
    # A model-level check names its field in front of the message ("sector: ...").
    head, sep, _ = error["msg"].removeprefix("Value error, ").partition(":")
    return head if sep and " " not in head else None


def _message_of(error: dict) -> str:
    message = error["msg"].removeprefix("Value error, ")
    head, sep, rest = message.partition(": ")
    if sep and " " not in head and not error["loc"]:
        message = rest
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "string_pattern_mismatch" and tuple(error["loc"]) == ("owner",):
        return OWNER_HELP
    if error["type"] == "literal_error" and error["loc"] and error["loc"][0] == "sector":
        return f"unknown sector slug {error['input']!r} (valid: {', '.join(SECTOR_SLUGS)})"
    return message


def parse_entries(raw: object, file: str) -> tuple[list[Entry], list[KnowledgeError]]:
    """Validate the parsed content of one YAML file; an entry whose links or contact forms are
    not official pages is reported, one error per link, and left out."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [KnowledgeError(file, None, None, "the file must be a list of entries")]
    entries: list[Entry] = []
    errors: list[KnowledgeError] = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            errors.append(KnowledgeError(file, f"#{position}", None, "an entry must be a mapping"))
            continue
        entry_id = str(item.get("id") or f"#{position}")
        try:
            entry = Entry.model_validate(item)
        except ValidationError as exc:
            errors.extend(
                KnowledgeError(file, entry_id, _field_of(err), _message_of(err))
                for err in exc.errors()
            )
            continue
        unofficial = [
            KnowledgeError(file, entry.id, field, not_official_message(url))
            for field, url in entry.unofficial_links()
        ]
        if unofficial:
            errors.extend(unofficial)
            continue
        entries.append(entry)
    return entries, errors


def load_entries(folder: Path, *, retired: bool = False) -> list[Entry]:
    """Load and validate every ``*.yaml`` file in a folder; raise with all mistakes at once.
    Retired entries are left out unless `retired`; their ids count as taken either way."""
    files = sorted(folder.glob("*.yaml"))
    errors: list[KnowledgeError] = []
    if not files:
        errors.append(KnowledgeError(str(folder), None, None, "no *.yaml knowledge files here"))
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            errors.append(KnowledgeError(path.name, None, None, f"not valid YAML: {exc}"))
            continue
        found, problems = parse_entries(raw, path.name)
        errors.extend(problems)
        for entry in found:
            if entry.id in seen:
                errors.append(
                    KnowledgeError(
                        path.name, entry.id, "id", f"duplicate id (also in {seen[entry.id]})"
                    )
                )
                continue
            seen[entry.id] = path.name
            if retired or entry.retired is None:
                entries.append(entry)
    if errors:
        raise KnowledgeBaseInvalid(errors)
    return entries


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that leaves dates as text (a bad date is reported against its entry) and
    refuses a key written twice (the first value would vanish silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for key in {k for k in keys if keys.count(k) > 1}:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} in one entry", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
