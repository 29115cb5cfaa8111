"""`partnerbot alerts list | audit | export --stix` over alerts made through the Slack app."""

from __future__ import annotations

import itertools
import json

import pytest
import stix2

from bot.cli import main
from bot.sharing import alerts, views
from tests.conftest import STAFF
from tests.support import flows
from tests.support.fake_slack import Call, FakeSlack
from tests.support.slack_requests import SlackSender, block_action, new_ts, view_submission
from tests.support.waiting import eventually

PARTNER = "UPARTNER"
WATER = "water-and-wastewater"
# The official TLP 2.0 marking definitions (OASIS cti-stix-common-objects).
TLP_GREEN_ID = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
TLP_AMBER_ID = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
_names = itertools.count(1)


# -- what people do in Slack ---------------------------------------------------------------


def wait_call(fake: FakeSlack, method: str, where, after: int = 0) -> Call:
    """The first call of `method` past the first `after` for which `where(call)`, waited for."""
    while True:
        calls = fake.calls_to(method)
        found = [c for c in calls[after:] if where(c)]
        if found:
            return found[0]
        fake.wait_for(method, count=len(calls) + 1)


def subscribe(slack: SlackSender, fake: FakeSlack, channel: str, text: str) -> None:
    """Staff type `/ci subscribe <text>` in `channel`."""
    flows.subscribe(slack, fake, channel, text, STAFF)


def share(slack: SlackSender, fake: FakeSlack, engine, user: str, title: str, tlp="GREEN") -> int:
    """`user` submits the share modal; returns the stored alert's id."""
    values = {
        "title": {"value": title},
        "details": {"value": f"What partners need to know about {title}."},
        "sectors": {
            "value": {"type": "multi_static_select", "selected_options": [{"value": WATER}]}
        },
        "tlp": {"value": {"type": "static_select", "selected_option": {"value": tlp}}},
        "source": {"value": {"type": "url_text_input", "value": "https://example.org/advisory"}},
        "recipients": {"value": {"type": "multi_users_select", "selected_users": []}},
    }
    before = len(fake.calls_to("chat.postMessage"))
    slack.send_interaction(view_submission(views.SHARE_CALLBACK, values, user, "{}"))
    # The receipt (staff) or the thank-you (partner) DM is sent once the alert is stored. It
    # names the title: an earlier decision's DM to the same user may still be arriving.
    wait_call(
        fake,
        "chat.postMessage",
        lambda c: c.params["channel"] == user and title in json.dumps(c.params),
        after=before,
    )
    [alert] = [a for a in alerts.listing(engine=engine) if a.title == title]
    return alert.id


def click(slack: SlackSender, fake: FakeSlack, action_id: str, alert_id: int) -> str:
    """Staff click a button about the alert; returns the click's response_url name."""
    name = f"click-{next(_names)}"
    slack.send_interaction(
        block_action(action_id, str(alert_id), STAFF, "D1", new_ts(), fake.response_url(name))
    )
    return name


def submit_modal(slack: SlackSender, callback: str, values: dict, alert_id: int) -> None:
    metadata = json.dumps({"alert_id": alert_id})
    result = slack.send_interaction(view_submission(callback, values, STAFF, metadata))
    assert (result.status, result.body) == (200, "")


@pytest.fixture
def history(slack, fake_slack, services) -> dict[str, int]:
    """Alerts with every kind of decision, made through the app; title -> alert id."""
    subscribe(slack, fake_slack, "CWATER", "water")
    subscribe(slack, fake_slack, "CSHARED", "water amber")
    fake_slack.set_channel("CSHARED", is_ext_shared=True)
    ids = {}

    ids["Pump outage"] = share(slack, fake_slack, services.engine, STAFF, "Pump outage")
    ids["Amber intel"] = share(
        slack, fake_slack, services.engine, STAFF, "Amber intel", tlp="AMBER"
    )
    ids["Partner tip"] = share(slack, fake_slack, services.engine, PARTNER, "Partner tip")
    click(slack, fake_slack, views.APPROVE, ids["Partner tip"])
    fake_slack.wait_for("chat.update")  # the review card, once the approval is stored
    ids["Rumour"] = share(slack, fake_slack, services.engine, PARTNER, "Rumour")
    click(slack, fake_slack, views.REJECT, ids["Rumour"])
    fake_slack.wait_for("views.open")
    submit_modal(slack, views.REJECT_CALLBACK, {"reason": {"value": "Unconfirmed"}}, ids["Rumour"])
    fake_slack.wait_for("chat.update", count=2)
    services.outbox.run_due()

    # the source link is cleared in the edit
    edit = {"title": {"value": "Pump outage, updated"}, "details": {"value": "Now fixed."}}
    submit_modal(slack, views.EDIT_CALLBACK, edit, ids["Pump outage"])
    pump = ids["Pump outage"]
    eventually(lambda: alerts.get(engine=services.engine, alert_id=pump).title != "Pump outage")
    ids["Mistake"] = share(slack, fake_slack, services.engine, STAFF, "Mistake", tlp="CLEAR")
    name = click(slack, fake_slack, views.RETRACT, ids["Mistake"])
    wait_call(fake_slack, "response_url", lambda c: c.name == name)
    services.outbox.run_due()
    return ids


@pytest.fixture
def cli(monkeypatch, tmp_path, settings, capsys):
    """Run `partnerbot ...` on the app's database; returns its standard output."""
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    monkeypatch.setenv("DATABASE_URL", settings.database_url)

    def run(*argv: str) -> str:
        capsys.readouterr()
        assert main(list(argv)) == 0
        return capsys.readouterr().out

    return run


# -- the commands -----------------------------------------------------------------------------


def test_alerts_list_json_shows_each_alert_with_its_delivery_counts(cli, history):
    listed = json.loads(cli("alerts", "list", "--json"))
    summary = {
        row["title"]: (row["id"], row["status"], row["tlp"], row["author_id"], row["deliveries"])
        for row in listed
    }
    assert summary == {
        "Pump outage, updated": (
            history["Pump outage"],
            "published",
            "GREEN",
            STAFF,
            {"sent": 2},
        ),
        "Amber intel": (history["Amber intel"], "published", "AMBER", STAFF, {"withheld": 1}),
        "Partner tip": (history["Partner tip"], "published", "GREEN", PARTNER, {"sent": 2}),
        "Rumour": (history["Rumour"], "rejected", "GREEN", PARTNER, {}),
        "Mistake": (history["Mistake"], "retracted", "CLEAR", STAFF, {"withheld": 2}),
    }
    assert [row["id"] for row in listed] == sorted(history.values())


def test_alerts_list_text(cli, history):
    lines = cli("alerts", "list").splitlines()
    assert f"#{history['Rumour']} [rejected] TLP:GREEN Rumour ({WATER})" in lines
    assert (
        f"#{history['Amber intel']} [published] TLP:AMBER Amber intel ({WATER}) - 1 withheld"
        in (lines)
    )


def test_alerts_audit_json_records_every_decision_with_before_and_after(cli, history):
    events = json.loads(cli("alerts", "audit", "--json"))
    trail = [(e["alert_id"], e["action"], e["actor_id"]) for e in events]
    assert trail == [
        (history["Pump outage"], "publish", STAFF),
        (history["Amber intel"], "publish", STAFF),
        (history["Partner tip"], "submit", PARTNER),
        (history["Partner tip"], "approve", STAFF),
        (history["Rumour"], "submit", PARTNER),
        (history["Rumour"], "reject", STAFF),
        (history["Pump outage"], "edit", STAFF),
        (history["Mistake"], "publish", STAFF),
        (history["Mistake"], "retract", STAFF),
    ]
    by_action = {(e["alert_id"], e["action"]): e for e in events}

    published = by_action[(history["Pump outage"], "publish")]
    assert published["before"] is None
    assert published["after"]["status"] == "published"
    assert published["after"]["title"] == "Pump outage"
    assert published["at"]

    approved = by_action[(history["Partner tip"], "approve")]
    assert (approved["before"]["status"], approved["after"]["status"]) == ("pending", "published")

    rejected = by_action[(history["Rumour"], "reject")]
    assert (rejected["before"]["status"], rejected["after"]["status"]) == ("pending", "rejected")

    edited = by_action[(history["Pump outage"], "edit")]
    assert (edited["before"]["title"], edited["after"]["title"]) == (
        "Pump outage",
        "Pump outage, updated",
    )
    assert (edited["before"]["details"], edited["after"]["details"]) == (
        "What partners need to know about Pump outage.",
        "Now fixed.",
    )
    assert (edited["before"]["source_url"], edited["after"]["source_url"]) == (
        "https://example.org/advisory",
        None,
    )

    retracted = by_action[(history["Mistake"], "retract")]
    assert (retracted["before"]["status"], retracted["after"]["status"]) == (
        "published",
        "retracted",
    )


def test_alerts_audit_text_names_who_did_what(cli, history):
    lines = cli("alerts", "audit").splitlines()
    assert len(lines) == 9
    assert lines[5].endswith(f"alert #{history['Rumour']} reject by {STAFF}")


def test_alerts_export_stix_writes_the_published_alerts_with_their_tlp_markings(
    cli, history, tmp_path
):
    path = tmp_path / "alerts.stix.json"
    out = cli("alerts", "export", "--stix", str(path))
    assert "Wrote 3 alert(s)" in out

    bundle = stix2.parse(path.read_text(encoding="utf-8"))
    reports = {o.name: o for o in bundle.objects if o.type == "report"}
    assert set(reports) == {"Pump outage, updated", "Amber intel", "Partner tip"}
    assert reports["Amber intel"].object_marking_refs == [TLP_AMBER_ID]
    assert reports["Pump outage, updated"].object_marking_refs == [TLP_GREEN_ID]
    assert reports["Pump outage, updated"].description == "Now fixed."
    markings = {o.id: o for o in bundle.objects if o.type == "marking-definition"}
    assert set(markings) == {TLP_GREEN_ID, TLP_AMBER_ID}
    assert markings[TLP_AMBER_ID].name == "TLP:AMBER"
    extension = next(iter(markings[TLP_AMBER_ID].extensions.values()))
    assert extension["tlp_2_0"] == "amber"
