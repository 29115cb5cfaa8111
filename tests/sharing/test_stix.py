"""The STIX 2.1 export: TLP 2.0 markings, published alerts only, stable ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import stix2

from bot.core.models import Alert
from bot.sharing.stix import TLP_EXTENSION_ID, TLP_MARKINGS, stix_bundle, tlp_marking, write_stix

# The official TLP 2.0 marking definition ids (OASIS cti-stix-common-objects).
OFFICIAL_TLP_IDS = {
    "CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

PUBLISHED = dt.datetime(2025, 3, 4, 12, 30, tzinfo=dt.UTC)


def make_alert(alert_id: int, tlp: str = "GREEN", status: str = "published", **extra) -> Alert:
    """An alert in memory, published unless told otherwise."""
    fields = {
        "id": alert_id,
        "title": f"Alert {alert_id}",
        "details": f"Details of alert {alert_id}.",
        "sectors": ["energy", "water"],
        "tlp": tlp,
        "status": status,
        "author_id": "U123",
        "created_at": PUBLISHED - dt.timedelta(hours=1),
        "updated_at": PUBLISHED,
        "published_at": PUBLISHED if status == "published" else None,
    }
    return Alert(**(fields | extra))


def export(tmp_path: Path, alerts: list[Alert], name: str = "out.json") -> tuple[int, str]:
    """Write the alerts with write_stix and return (count, file text)."""
    path = tmp_path / name
    count = write_stix(alerts, path)
    return count, path.read_text(encoding="utf-8")


def reports_of(bundle) -> list:
    return [obj for obj in bundle.objects if obj.type == "report"]


def test_bundle_parses_back_without_allow_custom(tmp_path: Path) -> None:
    alerts = [make_alert(1, source_url="https://example.org/advisory")]
    count, text = export(tmp_path, alerts)
    parsed = stix2.parse(text)
    assert count == 1
    assert parsed.type == "bundle"
    types = sorted(obj.type for obj in parsed.objects)
    assert types == ["identity", "marking-definition", "report"]
    report = reports_of(parsed)[0]
    assert report.name == "Alert 1"
    assert report.description.startswith("Details of alert 1.")
    assert report.report_types == ["threat-report"]
    assert report.labels == ["energy", "water"]
    assert report.published == PUBLISHED
    identity = next(obj for obj in parsed.objects if obj.type == "identity")
    assert report.created_by_ref == identity.id
    assert report.object_refs == [identity.id]


@pytest.mark.parametrize("tlp", list(OFFICIAL_TLP_IDS))
def test_each_report_carries_exactly_its_tlp_marking(tmp_path: Path, tlp: str) -> None:
    _, text = export(tmp_path, [make_alert(7, tlp=tlp)])
    parsed = stix2.parse(text)
    (report,) = reports_of(parsed)
    assert report.object_marking_refs == [OFFICIAL_TLP_IDS[tlp]]
    markings = [obj for obj in parsed.objects if obj.type == "marking-definition"]
    assert [m.id for m in markings] == [OFFICIAL_TLP_IDS[tlp]]
    assert markings[0].name == f"TLP:{tlp}"


def test_mixed_export_includes_only_the_markings_used(tmp_path: Path) -> None:
    alerts = [make_alert(1, tlp="RED"), make_alert(2, tlp="CLEAR"), make_alert(3, tlp="RED")]
    parsed = stix2.parse(export(tmp_path, alerts)[1])
    marking_ids = [obj.id for obj in parsed.objects if obj.type == "marking-definition"]
    assert marking_ids == [OFFICIAL_TLP_IDS["CLEAR"], OFFICIAL_TLP_IDS["RED"]]
    refs = {report.name: report.object_marking_refs for report in reports_of(parsed)}
    assert refs == {
        "Alert 1": [OFFICIAL_TLP_IDS["RED"]],
        "Alert 2": [OFFICIAL_TLP_IDS["CLEAR"]],
        "Alert 3": [OFFICIAL_TLP_IDS["RED"]],
    }


def test_marking_definitions_are_the_official_tlp_2_0_objects() -> None:
    assert {key: m.id for key, m in TLP_MARKINGS.items()} == OFFICIAL_TLP_IDS
    for key, marking in TLP_MARKINGS.items():
        as_json = json.loads(marking.serialize())
        assert as_json == {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": OFFICIAL_TLP_IDS[key],
            "created": "2022-10-01T00:00:00.000Z",
            "name": f"TLP:{key}",
            "extensions": {
                TLP_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": key.lower()}
            },
        }
    assert TLP_EXTENSION_ID == "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"


def test_unknown_tlp_label_is_refused() -> None:
    assert tlp_marking("tlp:amber+strict").id == OFFICIAL_TLP_IDS["AMBER+STRICT"]
    with pytest.raises(ValueError, match="unknown TLP"):
        tlp_marking("WHITE")
    with pytest.raises(ValueError, match="unknown TLP"):
        stix_bundle([make_alert(1, tlp="PURPLE")])


def test_only_published_alerts_are_exported(tmp_path: Path) -> None:
    alerts = [
        make_alert(1, status="pending"),
        make_alert(2),
        make_alert(3, status="rejected"),
        make_alert(4, status="retracted"),
    ]
    count, text = export(tmp_path, alerts)
    assert count == 1
    assert [report.name for report in reports_of(stix2.parse(text))] == ["Alert 2"]


def test_ids_are_stable_across_exports(tmp_path: Path) -> None:
    alerts = [make_alert(2, tlp="AMBER"), make_alert(1, source_url="https://example.org/a")]
    _, first = export(tmp_path, alerts, "first.json")
    _, second = export(tmp_path, list(reversed(alerts)), "second.json")
    assert first == second
    ids = [obj["id"] for obj in json.loads(first)["objects"]]
    # A report's id depends on its alert only, not on what else is exported.
    alone = json.loads(stix_bundle([make_alert(1)]).serialize())
    assert {obj["id"] for obj in alone["objects"] if obj["type"] == "report"} < set(ids)


def test_source_url_is_an_external_reference(tmp_path: Path) -> None:
    url = "https://example.org/advisories/2025-001"
    alerts = [make_alert(1, source_url=url), make_alert(2)]
    reports = {r.name: r for r in reports_of(stix2.parse(export(tmp_path, alerts)[1]))}
    with_source = reports["Alert 1"]
    assert [ref.url for ref in with_source.external_references] == [url]
    assert url in with_source.description
    assert "external_references" not in reports["Alert 2"]


def test_naive_datetimes_are_taken_as_utc() -> None:
    naive = dt.datetime(2025, 3, 4, 12, 30)
    alert = make_alert(1, created_at=naive, updated_at=naive, published_at=naive)
    (report,) = reports_of(stix_bundle([alert]))
    assert report.published == PUBLISHED
    assert report.created == PUBLISHED


def test_empty_export_is_a_valid_bundle(tmp_path: Path) -> None:
    count, text = export(tmp_path, [make_alert(1, status="pending")])
    assert count == 0
    parsed = stix2.parse(text)
    # STIX 2.1 forbids an empty `objects` list: the office identity is always there.
    assert [obj.type for obj in parsed.objects] == ["identity"]
    assert export(tmp_path, [], "empty.json") == (0, text)
