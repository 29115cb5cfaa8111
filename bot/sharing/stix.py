"""STIX 2.1 export of published alerts, marked with the TLP 2.0 marking definitions.

The five TLP 2.0 marking definitions are the fixed objects OASIS publishes in
cti-stix-common-objects (extension-definition-specifications/tlp-2.0): fixed ids,
``created`` 2022-10-01, and the property extension
``extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d``. They are copied here
byte for byte. Like the published objects, they have no ``created_by_ref``.
stix2 only ships the TLP 1.0 ones (``TLP_WHITE`` and the rest).

Every other id is a uuid5 from a fixed namespace, so exporting the same alerts twice
gives the same file.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

from stix2.v21 import Bundle, ExternalReference, Identity, MarkingDefinition, Report

from bot.core.models import Alert

TLP_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_CREATED = "2022-10-01T00:00:00.000Z"

# Namespace for partnerbot's deterministic STIX ids. Never change it: every exported
# id would change with it.
STIX_NAMESPACE = uuid.UUID("5f0c3a7e-2b8d-4c61-9e4a-7d2f1b6c8a90")
# A fixed `created`/`modified` for the office identity, so the export does not
# change from one run to the next.
IDENTITY_CREATED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _tlp_marking(marking_id: str, level: str) -> MarkingDefinition:
    """Build one official TLP 2.0 marking definition; `level` is its `tlp_2_0` value."""
    return MarkingDefinition(
        id=marking_id,
        created=TLP_CREATED,
        name=f"TLP:{level.upper()}",
        extensions={
            TLP_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": level},
        },
    )


TLP_CLEAR = _tlp_marking("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear")
TLP_GREEN = _tlp_marking("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green")
TLP_AMBER = _tlp_marking("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber")
TLP_AMBER_STRICT = _tlp_marking(
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict"
)
TLP_RED = _tlp_marking("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red")

# Keyed by `Alert.tlp` values, from least to most restricted.
TLP_MARKINGS: dict[str, MarkingDefinition] = {
    "CLEAR": TLP_CLEAR,
    "GREEN": TLP_GREEN,
    "AMBER": TLP_AMBER,
    "AMBER+STRICT": TLP_AMBER_STRICT,
    "RED": TLP_RED,
}


def tlp_marking(tlp: str) -> MarkingDefinition:
    """Return the TLP 2.0 marking definition for an `Alert.tlp` value ("AMBER", "TLP:AMBER" too).

    Raises ValueError for anything else: an alert never leaves unmarked or under a
    guessed label.
    """
    key = tlp.strip().upper().removeprefix("TLP:")
    try:
        return TLP_MARKINGS[key]
    except KeyError:
        raise ValueError(f"unknown TLP label: {tlp!r}") from None


def _utc(moment: dt.datetime) -> dt.datetime:
    """Return `moment` in UTC. A naive datetime (SQLite returns those) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _stable_id(object_type: str, name: str) -> str:
    """Return a deterministic STIX id, `object_type--uuid5(namespace, name)`."""
    return f"{object_type}--{uuid.uuid5(STIX_NAMESPACE, name)}"


def office_identity(office_name: str) -> Identity:
    """Return the Identity of the office that publishes the alerts."""
    return Identity(
        id=_stable_id("identity", f"office:{office_name}"),
        created=IDENTITY_CREATED,
        modified=IDENTITY_CREATED,
        name=office_name,
        identity_class="organization",
    )


def alert_report(alert: Alert, identity: Identity) -> Report:
    """Return the STIX Report for one alert. Its id depends only on the alert id."""
    if alert.id is None:
        raise ValueError("an alert must be saved (have an id) before it is exported")
    created = _utc(alert.created_at)
    modified = max(_utc(alert.updated_at), created)
    published = _utc(alert.published_at) if alert.published_at else modified
    description = alert.details
    external_references = []
    if alert.source_url:
        description = f"{description}\n\nSource: {alert.source_url}"
        external_references.append(ExternalReference(source_name="source", url=alert.source_url))
    return Report(
        id=_stable_id("report", f"alert:{alert.id}"),
        created=created,
        modified=modified,
        published=published,
        name=alert.title,
        description=description,
        report_types=["threat-report"],
        labels=list(alert.sectors) or None,
        external_references=external_references or None,
        created_by_ref=identity.id,
        object_marking_refs=[tlp_marking(alert.tlp).id],
        object_refs=[identity.id],
    )


def stix_bundle(
    alerts: Iterable[Alert], *, office_name: str = "Critical infrastructure partnership office"
) -> Bundle:
    """Return the published alerts as a STIX 2.1 bundle.

    The bundle holds the office identity, the TLP 2.0 marking definitions used, and one
    report per alert whose status is "published", in alert id order; every other
    alert is skipped. The identity is always there, so with no published alert the
    bundle still has objects (STIX 2.1 requires a bundle's `objects` to be non-empty
    when present, and stix2.parse cannot read a bundle without them).
    """
    identity = office_identity(office_name)
    published = sorted((a for a in alerts if a.status == "published"), key=lambda a: a.id or 0)
    reports = [alert_report(alert, identity) for alert in published]
    used = {ref for report in reports for ref in report.object_marking_refs}
    markings = [m for m in TLP_MARKINGS.values() if m.id in used]
    objects = [identity, *markings, *reports]
    # The bundle id is derived from what it holds, so an unchanged export is byte-identical.
    content = ",".join(f"{obj.id}@{obj.get('modified', '')}" for obj in objects)
    return Bundle(objects=objects, id=_stable_id("bundle", content))


def write_stix(alerts: Iterable[Alert], path: Path) -> int:
    """Write the published alerts to `path` as a pretty-printed STIX 2.1 bundle.

    Returns the number of reports written.
    """
    bundle = stix_bundle(alerts)
    path.write_text(bundle.serialize(pretty=True) + "\n", encoding="utf-8")
    return sum(1 for obj in bundle.objects if obj.type == "report")
