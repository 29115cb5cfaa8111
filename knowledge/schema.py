"""The knowledge entry model, and loading YAML files into validated entries.

Every mistake in a knowledge file is reported as a ``KnowledgeError`` that names the file, the
entry id and the field, so a broken knowledge base never starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


class Link(_Strict):
    title: str = Field(min_length=1)
    url: str = Field(pattern=URL_PATTERN)


class Contact(_Strict):
    name: str = Field(min_length=1)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
    phone: str | None = Field(default=None, pattern=r"^[0-9+() .-]{7,}$")
    url: str | None = Field(default=None, pattern=URL_PATTERN)
    # legacy: found only in an old (pre-CISA) source; verify: garbled or unconfirmed.
    status: Literal["current", "legacy", "verify"] = "current"
    note: str | None = None

    @model_validator(mode="after")
    def _has_a_way_to_reach(self) -> Contact:
        if not (self.email or self.phone or self.url):
            raise ValueError("a contact needs an email, a phone or a url")
        return self


class Entry(_Strict):
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
    reviewed: dt.date | None = None
    expires: dt.date | None = None
    # Training only: when it is held ("monthly", "on demand") and the next session's date.
    offered: str | None = None
    next_session: dt.date | None = None

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
    if error["type"] == "literal_error" and error["loc"] and error["loc"][0] == "sector":
        return f"unknown sector slug {error['input']!r} (valid: {', '.join(SECTOR_SLUGS)})"
    return message


def parse_entries(raw: object, file: str) -> tuple[list[Entry], list[KnowledgeError]]:
    """Validate the parsed content of one YAML file."""
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
            entries.append(Entry.model_validate(item))
        except ValidationError as exc:
            errors.extend(
                KnowledgeError(file, entry_id, _field_of(err), _message_of(err))
                for err in exc.errors()
            )
    return entries, errors


def load_entries(folder: Path) -> list[Entry]:
    """Load and validate every ``*.yaml`` file in a folder; raise with all mistakes at once."""
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
