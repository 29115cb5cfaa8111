"""The rest of what Slack does, done in `partnerbot shell`: browsing, `/ci ask` and its
buttons, subscriptions (subscribe, add, remove, confirm), a near-miss subcommand, and the staff
Home tab's buttons (approve an alert, approve the draft an answered gap left)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from bot.core.db import make_engine
from bot.core.models import Alert, DraftEntry, Question
from bot.outreach import subscriptions as subs
from bot.runtime.shell import CHANNEL
from tests.support.shell import after, press, said_after, session

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def stored(database_url: str) -> dict[str, tuple[bool, str | None, bool]]:
    rows = subs.channel_subscriptions(engine=make_engine(database_url), channel_id=CHANNEL)
    return {row.sector: (row.alerts, row.digest, row.amber) for row in rows}


def test_browsing_commands(database_url):
    out = session(database_url, ["/ci sectors", "/ci training water", "/ci contacts dams"])
    assert "The 16 critical infrastructure sectors" in said_after(out, "/ci sectors")
    assert said_after(out, "/ci training water").startswith("bot>\n  Training")
    assert said_after(out, "/ci contacts dams").startswith("bot>\n  Contacts")


def test_ci_ask_then_post_in_channel(database_url):
    out = session(database_url, ["/ci who leads the dams sector", press("Post in channel")])
    private = said_after(out, "/ci who leads the dams sector")
    assert "Post in channel]" in private
    posted = said_after(out, "!" + re.findall(r"\[!(\d+) Post in channel\]", private)[0])
    assert posted.startswith("bot>\n") and "Shared by @ULOCALSHELL" in posted


def test_did_you_mean_swaps_the_answer(database_url):
    out = session(database_url, ["/ci ask ssa", press("Energy Sector")])
    assert "Energy Sector]" in said_after(out, "/ci ask ssa")
    swapped = out.rsplit("you> !", 1)[1]
    assert "bot (edited)>" in swapped and "ENERGY" in swapped.upper()


def test_a_near_miss_subcommand_is_pointed_to_not_asked(database_url):
    out = session(database_url, ["/ci trainings water", "/ci training for water?"])
    assert "Did you mean `/ci training`?" in said_after(out, "/ci trainings water")
    assert "Did you mean" not in said_after(out, "/ci training for water?")
    with Session(make_engine(database_url)) as db:
        assert db.exec(select(Question)).all() == []  # neither became a question, nor a gap


def test_subscribe_add_remove_and_confirm_in_the_shell(database_url):
    out = session(
        database_url,
        [
            "/ci subscribe water alerts",
            "/ci subscribe all digest daily",
            "/ci subscribe dams no-digest",
            "/ci unsubscribe energy",
            "/ci unsubscribe",
            press("Unsubscribe from all 14"),
        ],
    )
    added = said_after(out, "/ci subscribe all digest daily")
    assert "Water and Wastewater Systems Sector: daily digest added" in added
    assert "Dams Sector: daily digest stopped; unsubscribed" in said_after(
        out, "/ci subscribe dams no-digest"
    )
    assert "Energy Sector: unsubscribed (had daily digest)" in said_after(
        out, "/ci unsubscribe energy"
    )
    asked = said_after(out, "/ci unsubscribe")
    assert "Remove all 14 of this channel's subscriptions?" in asked
    assert "Unsubscribe from all 14]" in asked
    assert "This channel has no subscriptions" in out.rsplit("you> !", 1)[1]
    assert stored(database_url) == {}


def test_subscribe_reads_what_the_shell_types(database_url):
    out = session(database_url, ["/ci subscribe water digest monthly", "/ci subscribe water"])
    assert "“monthly”" in said_after(out, "/ci subscribe water digest monthly")
    assert stored(database_url) == {"water-and-wastewater": (True, "weekly", False)}


def test_staff_approve_a_submission_from_the_home_tab(database_url):
    out = session(
        database_url,
        [
            "/ci share",
            "Flooding downstream",
            "Gates opening at noon.",
            "5",
            "1",
            "",
            "",
            "/as staff",
            "/home",
            lambda printed: "!" + re.findall(r"\[!(\d+) Approve\]", printed)[-1],
        ],
    )
    home = said_after(out, "/home")
    assert "Moderation queue: 1 waiting" in home
    approved = out.rsplit("you> !", 1)[1]
    assert "Approved by @ULOCALSHELL." in approved
    assert "bot (Home tab)>" in approved and "Nothing is waiting for review." in approved
    with Session(make_engine(database_url)) as db:
        [alert] = db.exec(select(Alert)).all()
    assert alert.status == "published"


def test_answer_a_gap_then_approve_its_draft_from_home(database_url):
    gap = "who inspects levees behind our hydro plant"
    out = session(
        database_url,
        [
            gap,
            "/as staff",
            "/home",
            press("Answer"),
            "Levee inspections",
            "The Corps of Engineers inspects federal levees.",
            "5",  # Dams
            "https://www.usace.army.mil",
            "",
            press("Approve draft"),
            "y",  # its confirmation: "Serve this answer?"
            gap,
        ],
    )
    sent = after(out, "[Send answer]")
    assert "Sent your answer “Levee inspections” to 1 asker(s)" in sent
    with Session(make_engine(database_url)) as db:
        [draft] = db.exec(select(DraftEntry)).all()
    assert (draft.status, draft.sector, draft.title) == ("approved", "dams", "Levee inspections")
    assert "The Corps of Engineers inspects federal levees." in said_after(out, gap)


def test_an_alert_shows_in_the_digest_preview(database_url):
    out = session(
        database_url,
        [
            "/ci subscribe water digest daily",
            "/ci share",
            "Boil water notice",
            "Details.",
            "16",
            "1",
            "",
            "",
            "/ci digest",
        ],
        staff=True,
    )
    preview = said_after(out, "/ci digest")
    assert "DAILY DIGEST FOR WATER & WASTEWATER" in preview
    assert "TLP:CLEAR Boil water notice" in preview
