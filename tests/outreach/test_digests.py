"""Outreach digests: what a channel's digest holds, and that each
(channel, period) is sent once whatever happens: reruns, two processes, downtime, failures.

`compose` is tested as the pure function it is, with Alert and Entry objects built here. The rest
runs on the real database (SQLite, and PostgreSQL when PARTNERBOT_TEST_POSTGRES_URL is set) and
the real Slack client against the fake Slack; `send_due` gets `now` explicitly, and alerts are
stored with the `published_at` a test needs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import socket
import threading
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from sqlmodel import Session, select

from bot import cli
from bot.core.config import Settings
from bot.core.models import Alert, DigestLedger, KnowledgeVersion
from bot.core.render import SECTION_LIMIT
from bot.curation import drafts
from bot.outreach import digests as digests_module
from bot.outreach import subscriptions as subs
from bot.outreach.digests import (
    BEFORE_ANY_DIGEST,
    BLOCKS_PER_MESSAGE,
    MAX_ITEMS,
    ChannelDigest,
    Digest,
    compose,
    record_knowledge_versions,
)
from bot.outreach.periods import Period
from bot.services import Services
from knowledge.schema import SECTOR_SLUGS, Entry, KnowledgeBaseInvalid, Link, load_entries
from tests.conftest import STAFF
from tests.support.fake_slack import Call, FakeSlack
from tests.support.slack_requests import SlackSender

NEW_YORK = ZoneInfo("America/New_York")
WATER = "water-and-wastewater"
ENERGY = "energy"
DAMS = "dams"
HEALTH = "healthcare-and-public-health"
CHANNEL = "CDIGEST"
# A daily period of the pure tests: Monday 2026-11-23 09:00 to Tuesday 09:00 in New York.
PERIOD = Period(
    "daily",
    "daily:2026-11-24",
    dt.datetime(2026, 11, 23, 14, tzinfo=dt.UTC),
    dt.datetime(2026, 11, 24, 14, tzinfo=dt.UTC),
)
TODAY = dt.date(2026, 11, 24)
_ids = itertools.count(1)
_ts = itertools.count(1)


# -- helpers: building things ------------------------------------------------------------------


def ny(*parts: int) -> dt.datetime:
    """A wall-clock moment in New York (the default PARTNERBOT_TIMEZONE), in UTC."""
    return dt.datetime(*parts, tzinfo=NEW_YORK).astimezone(dt.UTC)


def alert(
    title: str = "Pump station outage",
    *,
    tlp: str = "GREEN",
    sectors: tuple[str, ...] = (WATER,),
    source_url: str | None = None,
    published_at: dt.datetime | None = None,
) -> Alert:
    """A published alert, not stored."""
    return Alert(
        id=next(_ids),
        title=title,
        details=f"Details of {title}.",
        sectors=list(sectors),
        tlp=tlp,
        source_url=source_url,
        status="published",
        author_id=STAFF,
        published_at=published_at or PERIOD.starts + dt.timedelta(hours=1),
    )


def store(engine, *alerts: Alert) -> None:
    with Session(engine) as session:
        for item in alerts:
            item.id = None
            session.add(item)
        session.commit()


def channel(
    *sectors: str,
    amber: tuple[str, ...] = (),
    always: bool = False,
    channel_id: str = CHANNEL,
    shared: bool | None = False,
) -> ChannelDigest:
    """A digest channel; by default Slack said it is not shared outside."""
    return ChannelDigest(channel_id, frozenset(sectors), frozenset(amber), always, shared)


def entry(
    entry_id: str,
    *,
    kind: str = "training",
    sector: str | None = None,
    next_session: dt.date | None = None,
    title: str | None = None,
    url: str | None = "https://www.cisa.gov/training",
) -> Entry:
    return Entry(
        id=entry_id,
        kind=kind,
        title=title or f"Course {entry_id}",
        answer="An answer.",
        sector=sector,
        next_session=next_session,
        links=[Link(title="Link", url=url)] if url else [],
    )


def compose_for(
    target: ChannelDigest,
    *,
    alerts: tuple[Alert, ...] = (),
    entries: tuple[Entry, ...] = (),
    changed: dict[str, dt.datetime] | None = None,
) -> Digest | None:
    return compose(
        target, PERIOD, alerts=alerts, entries=entries, changed=changed or {}, today=TODAY
    )


def subscribe(
    engine,
    channel_id: str = CHANNEL,
    *sectors: str,
    cadence: str = "daily",
    amber: bool = False,
    always: bool = False,
) -> None:
    request = subs.SubscriptionRequest(
        sectors=sectors or (WATER,), alerts=False, digest=cadence, amber=amber, always=always
    )
    subs.subscribe(engine=engine, channel_id=channel_id, request=request, user_id=STAFF)


def settle_knowledge(services: Services) -> None:
    """The bundled knowledge base as a deployment that has run before knows it: old news."""
    record_knowledge_versions(services.engine, services.digests.entries, BEFORE_ANY_DIGEST)


def ok_post(call: Call) -> dict:
    """What Slack answers to a good chat.postMessage."""
    return {"ok": True, "channel": call.params["channel"], "ts": f"1700002000.{next(_ts):06d}"}


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound here but never listened on, so no other
    process can take it while the test uses it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


# -- helpers: looking at what happened -----------------------------------------------------------


def sections(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def text_of(blocks: list[dict]) -> str:
    return "\n".join(sections(blocks))


def posts(fake: FakeSlack, channel_id: str | None = None) -> list[Call]:
    """chat.postMessage calls answered HTTP 200, optionally to one channel."""
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.status == 200 and channel_id in (None, c.params["channel"])
    ]


def ledger(engine) -> dict[tuple[str, str], DigestLedger]:
    with Session(engine) as session:
        return {(r.channel_id, r.period): r for r in session.exec(select(DigestLedger)).all()}


def alert_lines(blocks: list[dict]) -> list[str]:
    return [line for text in sections(blocks) for line in text.splitlines() if "TLP:" in line]


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def settled(services: Services) -> Services:
    """Services whose knowledge base was recorded long ago: only alerts make a digest."""
    settle_knowledge(services)
    return services


@pytest.fixture
def second_process(settings: Settings) -> Iterator[Services]:
    """Another process's Services on the same database: its own engine and client."""
    other = Services.start(settings)
    yield other
    other.engine.dispose()


# == compose: pure, no database ===================================================================


@pytest.mark.parametrize(
    ("tlp", "amber", "shared", "shown"),
    [
        ("CLEAR", (), None, True),
        ("GREEN", (), True, True),
        ("CLEAR", (WATER,), True, True),
        ("GREEN", (WATER,), False, True),
        ("AMBER", (), False, False),
        ("AMBER+STRICT", (), False, False),
        ("AMBER", (WATER,), False, True),
        ("AMBER+STRICT", (WATER,), False, True),
        ("AMBER", (WATER,), True, False),
        ("AMBER", (WATER,), None, False),  # Slack not asked, or could not say
        ("AMBER+STRICT", (WATER,), None, False),
        ("RED", (), False, False),
        ("RED", (WATER,), False, False),
    ],
)
def test_tlp_rules_decide_which_alerts_a_channel_sees(tlp, amber, shared, shown):
    target = channel(WATER, amber=amber, shared=shared)
    digest = compose_for(target, alerts=(alert("Chlorine leak", tlp=tlp),))
    if shown:
        assert digest is not None
        [line] = alert_lines(digest.messages[0])
        assert f"TLP:{tlp} *Chlorine leak*" in line
        assert digest.items == 1
    else:
        assert digest is None


def test_amber_needs_the_clearance_of_the_alerts_own_sector():
    """Cleared for energy, not for water: an AMBER water alert stays out."""
    target = channel(WATER, ENERGY, amber=(ENERGY,))
    digest = compose_for(
        target,
        alerts=(
            alert("Water AMBER", tlp="AMBER", sectors=(WATER,)),
            alert("Energy AMBER", tlp="AMBER", sectors=(ENERGY,)),
            alert("Both AMBER", tlp="AMBER+STRICT", sectors=(WATER, ENERGY)),
        ),
    )
    text = text_of(digest.messages[0])
    assert "Energy AMBER" in text
    assert "Both AMBER" in text
    assert "Water AMBER" not in text


def test_only_alerts_of_the_channels_sectors_are_listed():
    digest = compose_for(
        channel(WATER, DAMS),
        alerts=(
            alert("Water only", sectors=(WATER,)),
            alert("Dams and energy", sectors=(DAMS, ENERGY)),
            alert("Energy only", sectors=(ENERGY,)),
            alert("Chemical only", tlp="CLEAR", sectors=("chemical",)),
        ),
    )
    lines = alert_lines(digest.messages[0])
    assert [("Water only" in x, "Dams and energy" in x) for x in lines] == [
        (True, False),
        (False, True),
    ]
    assert "(Dams, Energy)" in lines[1]
    assert digest.items == 2


def test_an_alert_line_links_its_source():
    digest = compose_for(
        channel(WATER), alerts=(alert(source_url="https://example.gov/a?b=1&c=2"),)
    )
    [line] = alert_lines(digest.messages[0])
    assert line.endswith("<https://example.gov/a?b=1&amp;c=2|source>")


def test_upcoming_training_lists_sessions_within_thirty_days_only():
    entries = (
        entry("yesterday", next_session=TODAY - dt.timedelta(days=1)),
        entry("today", next_session=TODAY),
        entry("in-30-days", next_session=TODAY + dt.timedelta(days=30)),
        entry("in-31-days", next_session=TODAY + dt.timedelta(days=31)),
        entry("no-date"),
        entry("water-course", sector=WATER, next_session=TODAY + dt.timedelta(days=3)),
        entry("energy-course", sector=ENERGY, next_session=TODAY + dt.timedelta(days=2)),
        entry("a-faq", kind="faq", title="Not training"),
    )
    digest = compose_for(channel(WATER), entries=entries)
    assert digest is not None
    [training] = [t for t in sections(digest.messages[0]) if t.startswith("*Training")]
    assert training.splitlines() == [
        "*Training in the next 30 days*",
        "• 2026-11-24: <https://www.cisa.gov/training|Course today>",
        "• 2026-11-27: <https://www.cisa.gov/training|Course water-course>",
        "• 2026-12-24: <https://www.cisa.gov/training|Course in-30-days>",
    ]
    assert digest.items == 3


def test_entries_changed_inside_the_window_only_are_listed():
    entries = (
        entry("before", kind="faq", title="Changed before"),
        entry("at-start", kind="faq", title="Changed at the start"),
        entry("inside", kind="faq", title="Changed inside", url=None),
        entry("at-send", kind="faq", title="Changed at the send time"),
        entry("never", kind="faq", title="Never changed"),
        entry("other-sector", kind="resource", sector=ENERGY, title="Energy resource"),
        entry("own-sector", kind="resource", sector=WATER, title="Water resource"),
    )
    changed = {
        "before": PERIOD.starts - dt.timedelta(seconds=1),
        "at-start": PERIOD.starts,
        "inside": PERIOD.sends - dt.timedelta(seconds=1),
        "at-send": PERIOD.sends,
        "other-sector": PERIOD.starts + dt.timedelta(hours=2),
        "own-sector": PERIOD.starts + dt.timedelta(hours=2),
    }
    digest = compose_for(channel(WATER), entries=entries, changed=changed)
    [updated] = [t for t in sections(digest.messages[0]) if t.startswith("*New or updated")]
    assert updated.splitlines()[1:] == [
        "• <https://www.cisa.gov/training|Changed at the start>",
        "• Changed inside",
        "• <https://www.cisa.gov/training|Water resource>",
    ]


def test_nothing_new_is_no_digest_unless_the_channel_asks_always():
    assert compose_for(channel(WATER), alerts=(alert(sectors=(ENERGY,)),)) is None
    digest = compose_for(channel(WATER, always=True))
    assert digest is not None
    assert digest.items == 0
    [message] = digest.messages
    assert message[0]["type"] == "header"
    assert sections(message) == ["Nothing new this time."]


def test_a_long_digest_is_split_within_block_kit_limits():
    """300 alerts at the form's limits (150-character title, 500-character source link) in all
    16 sectors: several messages of at most 50 blocks, sections of at most 3,000 characters,
    the header first, and the alerts past 200 summed up in one line."""
    alerts = tuple(
        alert(
            f"Alert {n:03d} " + "x" * 140,
            sectors=SECTOR_SLUGS,
            source_url="https://example.gov/" + "p" * 480 + f"/{n}",
        )
        for n in range(300)
    )
    digest = compose_for(channel(*SECTOR_SLUGS), alerts=alerts)
    assert digest is not None
    assert len(digest.messages) >= 2
    assert all(1 <= len(m) <= BLOCKS_PER_MESSAGE for m in digest.messages)
    blocks = [b for m in digest.messages for b in m]
    assert blocks[0]["type"] == "header"
    assert [b["type"] for b in blocks].count("header") == 1
    assert len(blocks[0]["text"]["text"]) <= 150
    texts = [t for m in digest.messages for t in sections(m)]
    assert all(len(t) <= SECTION_LIMIT for t in texts)
    listed = [line for t in texts for line in t.splitlines() if "*Alert " in line]
    assert [line.split("*Alert ")[1][:3] for line in listed] == [f"{n:03d}" for n in range(200)]
    assert texts[-1].endswith(f"…and {300 - MAX_ITEMS} more.")
    assert digest.items == 300
    assert "300 new alert(s)" in digest.text


def test_a_title_that_mentions_everyone_is_escaped():
    digest = compose_for(
        channel(WATER),
        alerts=(alert("<!channel> boil water & <@U123> <https://evil.example|click>"),),
        entries=(entry("t", kind="faq", title="<!here> FAQ", url=None),),
        changed={"t": PERIOD.starts},
    )
    everything = json.dumps(digest.messages) + digest.text
    for raw in ("<!channel>", "<!here>", "<@U123>", "<https://evil"):
        assert raw not in everything
    text = text_of(digest.messages[0])
    assert "&lt;!channel&gt; boil water &amp; &lt;@U123&gt;" in text
    assert "• &lt;!here&gt; FAQ" in text


def test_the_fallback_text_is_escaped_and_the_header_is_not():
    digest = compose_for(channel(HEALTH, WATER), alerts=(alert(sectors=(HEALTH,)),))
    assert digest.text == (
        "Daily digest for Healthcare &amp; Public Health, Water &amp; Wastewater: "
        "1 new alert(s), 0 upcoming training, 0 knowledge update(s)."
    )
    header = digest.messages[0][0]["text"]
    assert header == {
        "type": "plain_text",
        "text": "Daily digest for Healthcare & Public Health, Water & Wastewater",
    }


# == send_due on the database, against the fake Slack ==========================================


def test_a_daily_channel_gets_exactly_one_post_a_day(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    days = [dt.date(2026, 11, 16) + dt.timedelta(days=n) for n in range(4)]
    for day in days:
        store(settled.engine, alert(f"News of {day}", published_at=ny(*day.timetuple()[:3], 8)))
        for hour, minute in ((9, 0), (9, 5), (13, 0), (23, 59)):
            settled.digests.send_due(ny(*day.timetuple()[:3], hour, minute))
    sent = posts(fake_slack, CHANNEL)
    assert len(sent) == len(days)
    for post, day in zip(sent, days, strict=True):
        [line] = alert_lines(post.params["blocks"])
        assert f"News of {day}" in line
    rows = ledger(settled.engine)
    assert sorted(rows) == [(CHANNEL, f"daily:{day}") for day in days]
    assert {(r.status, r.items) for r in rows.values()} == {("sent", 1)}
    assert all(r.message_ts for r in rows.values())


def test_running_twice_in_a_period_sends_once(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    store(settled.engine, alert(published_at=ny(2026, 11, 23, 15)))
    first = settled.digests.send_due(ny(2026, 11, 24, 9, 30))
    second = settled.digests.send_due(ny(2026, 11, 24, 9, 31))
    assert (first.sent, first.already) == (1, 0)
    assert (second.sent, second.already) == (0, 1)
    assert len(posts(fake_slack)) == 1


def test_the_ledger_row_is_written_before_the_post(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    store(settled.engine, alert(published_at=ny(2026, 11, 23, 15)))
    seen_while_posting = []

    def look_at_the_ledger(call: Call) -> dict:
        seen_while_posting.extend((key, row.status) for key, row in ledger(settled.engine).items())
        return ok_post(call)

    fake_slack.set_response("chat.postMessage", look_at_the_ledger)
    settled.digests.send_due(ny(2026, 11, 24, 9, 30))
    assert seen_while_posting == [((CHANNEL, "daily:2026-11-24"), "sending")]
    assert ledger(settled.engine)[(CHANNEL, "daily:2026-11-24")].status == "sent"


def test_two_processes_sending_the_same_period_at_once_send_each_digest_once(
    settled, second_process, fake_slack
):
    channels = [f"C{n:02d}" for n in range(8)]
    for channel_id in channels:
        subscribe(settled.engine, channel_id, WATER)
    store(settled.engine, alert(published_at=ny(2026, 11, 23, 15)))
    now = ny(2026, 11, 24, 9, 0, 5)
    start = threading.Barrier(2)
    runs = {}

    def run(name: str, services: Services) -> None:
        start.wait()
        runs[name] = services.digests.send_due(now)

    threads = [
        threading.Thread(target=run, args=("first", settled)),
        threading.Thread(target=run, args=("second", second_process)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(runs) == {"first", "second"}
    assert runs["first"].sent + runs["second"].sent == len(channels)
    assert runs["first"].already + runs["second"].already == len(channels)
    assert sorted(c.params["channel"] for c in posts(fake_slack)) == channels


def test_a_period_missed_while_down_is_sent_once_on_return_and_coalesced(settled, fake_slack):
    """Sent Monday; down over Tuesday's and Wednesday's 09:00; back Thursday 10:00: one digest,
    for the latest period (Thursday's), and nothing more that day."""
    subscribe(settled.engine, CHANNEL, WATER)
    store(settled.engine, alert("Sunday news", published_at=ny(2026, 11, 15, 12)))
    assert settled.digests.send_due(ny(2026, 11, 16, 9, 30)).sent == 1
    store(settled.engine, alert("Wednesday news", published_at=ny(2026, 11, 18, 12)))

    back = settled.digests.send_due(ny(2026, 11, 19, 10))
    again = settled.digests.send_due(ny(2026, 11, 19, 11))

    assert (back.sent, again.sent, again.already) == (1, 0, 1)
    monday, thursday = posts(fake_slack, CHANNEL)
    assert "Sunday news" in text_of(monday.params["blocks"])
    assert "Wednesday news" in text_of(thursday.params["blocks"])
    assert sorted(ledger(settled.engine)) == [
        (CHANNEL, "daily:2026-11-16"),
        (CHANNEL, "daily:2026-11-19"),
    ]


def test_an_empty_period_sends_nothing_and_writes_no_ledger_row(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    store(
        settled.engine, alert("Energy news", sectors=(ENERGY,), published_at=ny(2026, 11, 23, 15))
    )
    run = settled.digests.send_due(ny(2026, 11, 24, 9, 30))
    assert (run.sent, run.empty) == (0, 1)
    assert posts(fake_slack) == []
    assert ledger(settled.engine) == {}


def test_always_sends_an_empty_digest_once(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER, cadence="weekly", always=True)
    settled.digests.send_due(ny(2026, 11, 23, 9, 30))
    settled.digests.send_due(ny(2026, 11, 23, 17, 0))
    [post] = posts(fake_slack, CHANNEL)
    assert sections(post.params["blocks"]) == ["Nothing new this time."]
    row = ledger(settled.engine)[(CHANNEL, "weekly:2026-W48")]
    assert (row.status, row.items) == ("sent", 0)


def test_digest_run_now_sends_the_current_period_once(
    settled, fake_slack, monkeypatch, tmp_path, capsys
):
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": fake_slack.base_url,
        "DATABASE_URL": settled.settings.database_url,
        "PARTNERBOT_TIMEZONE": "America/New_York",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no .env file
    started: list[Services] = []
    real_start = Services.start.__func__
    monkeypatch.setattr(
        Services,
        "start",
        classmethod(lambda cls, s: started.append(real_start(cls, s)) or started[-1]),
    )
    subscribe(settled.engine, CHANNEL, WATER)
    store(settled.engine, alert("Since this morning", published_at=ny(2026, 11, 24, 10)))

    with time_machine.travel(ny(2026, 11, 24, 15), tick=True):
        first = cli.main(["digest", "run", "--now"])
        first_output = capsys.readouterr().out
        second = cli.main(["digest", "run", "--now"])
        second_output = capsys.readouterr().out

    for process in started:
        process.engine.dispose()
    assert (first, second) == (0, 0)
    assert len(started) == 2
    assert "Digests: 1 sent" in first_output
    assert "Digests: 0 sent" in second_output and "1 already sent" in second_output
    [post] = posts(fake_slack, CHANNEL)
    assert "Since this morning" in text_of(post.params["blocks"])
    assert list(ledger(settled.engine)) == [(CHANNEL, "daily:2026-11-25")]


def test_an_externally_shared_channel_gets_no_amber_in_its_digest(settled, fake_slack):
    subscribe(settled.engine, "CSHARED", ENERGY, amber=True)
    subscribe(settled.engine, "CINSIDE", ENERGY, amber=True)
    fake_slack.set_channel("CSHARED", is_ext_shared=True)
    store(
        settled.engine,
        alert(
            "Substation intrusion",
            tlp="AMBER",
            sectors=(ENERGY,),
            published_at=ny(2026, 11, 23, 15),
        ),
        alert("Grid advisory", tlp="GREEN", sectors=(ENERGY,), published_at=ny(2026, 11, 23, 16)),
    )
    settled.digests.send_due(ny(2026, 11, 24, 9, 30))

    [shared] = posts(fake_slack, "CSHARED")
    text = text_of(shared.params["blocks"])
    assert "Grid advisory" in text
    assert "Substation intrusion" not in text and "AMBER" not in text
    assert "1 new alert(s)" in shared.params["text"]
    [inside] = posts(fake_slack, "CINSIDE")
    assert "Substation intrusion" in text_of(inside.params["blocks"])


def test_a_shared_channel_with_only_amber_news_gets_nothing(settled, fake_slack):
    subscribe(settled.engine, "CSHARED", ENERGY, amber=True)
    fake_slack.set_channel("CSHARED", is_pending_ext_shared=True)
    store(
        settled.engine,
        alert(
            "Substation intrusion",
            tlp="AMBER",
            sectors=(ENERGY,),
            published_at=ny(2026, 11, 23, 15),
        ),
    )
    run = settled.digests.send_due(ny(2026, 11, 24, 9, 30))
    assert (run.sent, run.empty) == (0, 1)
    assert posts(fake_slack) == []
    assert ledger(settled.engine)[("CSHARED", "daily:2026-11-24")].status == "withheld"


def test_a_permanent_error_fails_the_row_and_a_later_run_retries_it_once(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    store(settled.engine, alert(published_at=ny(2026, 11, 23, 15)))
    fake_slack.fail_next("chat.postMessage", 200, body={"ok": False, "error": "channel_not_found"})

    failed = settled.digests.send_due(ny(2026, 11, 24, 9, 30))
    row = ledger(settled.engine)[(CHANNEL, "daily:2026-11-24")]
    assert failed.failed == 1
    assert (row.status, row.last_error) == ("failed", "channel_not_found")

    retried = settled.digests.send_due(ny(2026, 11, 24, 12))
    settled.digests.send_due(ny(2026, 11, 24, 13))
    assert retried.sent == 1
    attempts = fake_slack.calls_to("chat.postMessage")
    assert [c.params["channel"] for c in attempts] == [CHANNEL, CHANNEL]
    assert ledger(settled.engine)[(CHANNEL, "daily:2026-11-24")].status == "sent"


def test_server_errors_past_the_clients_retries_fail_the_row_and_a_later_run_retries_it(
    settled, fake_slack
):
    for handler in settled.digests.client.retry_handlers:
        handler.interval_calculator = FixedValueRetryIntervalCalculator(0.01)
    subscribe(settled.engine, CHANNEL, WATER)
    store(settled.engine, alert(published_at=ny(2026, 11, 23, 15)))
    fake_slack.fail_next("chat.postMessage", 500, times=4)  # the first try and 3 retries

    failed = settled.digests.send_due(ny(2026, 11, 24, 9, 30))
    assert failed.failed == 1
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500] * 4
    row = ledger(settled.engine)[(CHANNEL, "daily:2026-11-24")]
    assert (row.status, row.last_error) == ("failed", "internal_error")

    assert settled.digests.send_due(ny(2026, 11, 24, 12)).sent == 1
    assert settled.digests.send_due(ny(2026, 11, 24, 13)).sent == 0
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500] * 4 + [200]
    assert ledger(settled.engine)[(CHANNEL, "daily:2026-11-24")].status == "sent"


def test_retrying_a_digest_whose_second_message_failed_does_not_repost_the_first(
    settled, fake_slack
):
    """A digest of several messages: the first is posted, the second refused. The retry must
    not post the first message a second time (never a double send)."""
    subscribe(settled.engine, CHANNEL, *SECTOR_SLUGS)
    store(
        settled.engine,
        *(
            alert(
                f"Alert {n:03d} " + "x" * 140,
                sectors=SECTOR_SLUGS,
                source_url="https://example.gov/" + "p" * 480,
                published_at=ny(2026, 11, 23, 10) + dt.timedelta(minutes=n),
            )
            for n in range(150)
        ),
    )
    calls = itertools.count(1)
    fake_slack.set_response(
        "chat.postMessage",
        lambda call: {"ok": False, "error": "fatal_error"} if next(calls) == 2 else ok_post(call),
    )
    assert settled.digests.send_due(ny(2026, 11, 24, 9, 30)).failed == 1
    assert settled.digests.send_due(ny(2026, 11, 24, 10)).sent == 1

    bodies = [json.dumps(c.params["blocks"]) for c in fake_slack.calls_to("chat.postMessage")]
    refused = bodies[1]
    delivered = [b for n, b in enumerate(bodies) if n != 1]
    assert len(delivered) >= 2
    assert refused in delivered  # the refused message did get through on the retry
    assert len(set(delivered)) == len(delivered), "a digest message was posted twice"


def test_slack_unreachable_fails_the_row_and_the_other_channels_still_get_theirs(
    settled, fake_slack
):
    """A connection error is not a SlackApiError: it must not leave the row 'sending' forever
    nor stop the run before the other channels."""
    subscribe(settled.engine, "CFIRST", WATER)
    subscribe(settled.engine, "CSECOND", WATER)
    store(settled.engine, alert(published_at=ny(2026, 11, 23, 15)))
    working_client = settled.digests.client
    with refused_port() as port:
        settled.digests.client = WebClient(
            token="xoxb-test-token", base_url=f"http://127.0.0.1:{port}/api/"
        )
        try:
            run = settled.digests.send_due(ny(2026, 11, 24, 9, 30))
        except Exception as error:  # the failure this test is about
            pytest.fail(f"send_due raised {error!r} instead of counting failed digests")
        finally:
            settled.digests.client = working_client
    assert run.failed == 2
    assert {r.status for r in ledger(settled.engine).values()} == {"failed"}
    assert settled.digests.send_due(ny(2026, 11, 24, 11)).sent == 2
    assert sorted(c.params["channel"] for c in posts(fake_slack)) == ["CFIRST", "CSECOND"]


# == knowledge changes ============================================================================


def test_a_changed_and_an_added_entry_show_in_the_next_digest(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    entries = list(settled.digests.entries)
    [water] = [e for e in entries if e.id == "sector-water-and-wastewater"]
    changed = water.model_copy(update={"answer": water.answer + " Updated contact."})
    added = entry("training-new-course", title="A brand new course")
    settled.digests.entries = [changed if e is water else e for e in entries] + [added]

    settled.digests.send_due(ny(2026, 11, 23, 12))  # notices the change and the new entry
    assert posts(fake_slack) == []  # the period sent at 09:00 that day is over
    settled.digests.send_due(ny(2026, 11, 24, 9, 30))

    [post] = posts(fake_slack, CHANNEL)
    [updated] = [t for t in sections(post.params["blocks"]) if t.startswith("*New or updated")]
    titles = updated.splitlines()[1:]
    assert len(titles) == 2
    assert "Water and Wastewater Systems Sector" in titles[0]
    assert "A brand new course" in titles[1]
    assert "2 knowledge update(s)" in post.params["text"]


def approve_draft(services: Services, title: str, sector: str, at: dt.datetime) -> None:
    """Staff write a draft entry for `sector` and approve it at `at`."""
    with Session(services.engine) as session:
        row = drafts.add(
            session,
            draft=drafts.DraftInput(title, "An answer staff wrote.", sector=sector),
            author_id=STAFF,
            knowledge_ids=services.knowledge.entry_ids,
        )
        session.commit()
        draft_id = row.id
    with time_machine.travel(at, tick=False):
        assert drafts.approve(engine=services.engine, draft_id=draft_id, approver_id=STAFF)


def test_drafts_approved_in_the_period_show_with_the_knowledge_updates(settled, fake_slack):
    subscribe(settled.engine, CHANNEL, WATER)
    approve_draft(settled, "Reporting a drone over a reservoir", WATER, ny(2026, 11, 23, 12))
    approve_draft(settled, "Reporting a drone over a substation", ENERGY, ny(2026, 11, 23, 12))
    approve_draft(settled, "Approved the day before", WATER, ny(2026, 11, 22, 12))

    settled.digests.send_due(ny(2026, 11, 24, 9, 30))

    [post] = posts(fake_slack, CHANNEL)
    [updated] = [t for t in sections(post.params["blocks"]) if t.startswith("*New or updated")]
    assert updated.splitlines()[1:] == ["• Reporting a drone over a reservoir"]
    assert "1 knowledge update(s)" in post.params["text"]


def test_the_initial_knowledge_base_is_not_listed_as_new(services, fake_slack):
    """A fresh deployment: the first run records every entry; the next digest must not list
    the whole knowledge base under "New or updated"."""
    subscribe(services.engine, CHANNEL, WATER)
    services.digests.send_due(ny(2026, 11, 23, 10))  # first run: records the knowledge base
    store(services.engine, alert("Real news", published_at=ny(2026, 11, 23, 15)))
    services.digests.send_due(ny(2026, 11, 24, 9, 30))

    [post] = posts(fake_slack, CHANNEL)
    text = text_of(post.params["blocks"])
    assert "Real news" in text
    assert "New or updated" not in text, text[:500]
    assert "0 knowledge update(s)" in post.params["text"]


def test_two_processes_recording_a_new_entry_at_once_do_not_crash(
    settled, second_process, monkeypatch
):
    """Both read the versions before either writes (as when `partnerbot digest run` and the
    scheduler, or two `/ci digest`, meet): the second insert must not raise."""
    added = entry("training-new-course", title="A brand new course")
    first_entries = [*settled.digests.entries, added]
    other_entries = [*second_process.digests.entries, added]
    real_hash = digests_module.content_hash
    interleaved = []

    def hash_after_the_other_process_wrote(item: Entry) -> str:
        if not interleaved:  # the first process has read the versions: now the other runs
            interleaved.append(True)
            record_knowledge_versions(second_process.engine, other_entries, ny(2026, 11, 23, 12))
        return real_hash(item)

    monkeypatch.setattr(digests_module, "content_hash", hash_after_the_other_process_wrote)
    record_knowledge_versions(settled.engine, first_entries, ny(2026, 11, 23, 12))
    assert interleaved
    with Session(settled.engine) as session:
        assert session.get(KnowledgeVersion, "training-new-course") is not None


# == /ci digest: a private preview =================================================================


def ci_digest(
    slack: SlackSender, fake: FakeSlack, channel_id: str = CHANNEL, replies: int = 1
) -> list[Call]:
    """Type `/ci digest` in a channel; the replies that came back through its response_url."""
    name = f"digest-{next(_ids)}"
    before = len(fake.calls_to("response_url"))
    status, _, _ = slack.send_command(
        "digest", user_id="UPARTNER", channel_id=channel_id, response_url=fake.response_url(name)
    )
    assert status == 200
    fake.wait_for("response_url", count=before + replies)
    return fake.calls_to("response_url", name)


def test_ci_digest_previews_privately_and_posts_nothing(slack, fake_slack, settled):
    subscribe(settled.engine, CHANNEL, WATER)
    subscribe(settled.engine, CHANNEL, ENERGY, cadence="weekly")
    store(settled.engine, alert("Boil notice", published_at=ny(2026, 11, 24, 10)))
    with time_machine.travel(ny(2026, 11, 24, 15), tick=True):
        replies = ci_digest(slack, fake_slack, replies=2)

    assert [r.params["response_type"] for r in replies] == ["ephemeral", "ephemeral"]
    [daily] = [r for r in replies if r.params["text"].startswith("Daily digest")]
    [weekly] = [r for r in replies if r is not daily]
    assert weekly.params["text"] == "Nothing new yet for the weekly digest."
    assert "Boil notice" in text_of(daily.params["blocks"])
    assert daily.params["blocks"][0]["type"] == "header"
    assert daily.params["text"].startswith("Daily digest for Water")
    fake_slack.assert_no_calls("chat.postMessage")
    assert ledger(settled.engine) == {}


def test_ci_digest_with_nothing_new_says_so(slack, fake_slack, settled):
    subscribe(settled.engine, CHANNEL, DAMS)
    with time_machine.travel(ny(2026, 11, 24, 15), tick=True):
        [reply] = ci_digest(slack, fake_slack)
    assert reply.params["text"] == "Nothing new yet for the daily digest."
    fake_slack.assert_no_calls("chat.postMessage")


def test_ci_digest_in_a_channel_without_digest_subscriptions_says_so(slack, fake_slack, settled):
    request = subs.SubscriptionRequest(sectors=(WATER,), alerts=True, digest=None, amber=False)
    subs.subscribe(engine=settled.engine, channel_id=CHANNEL, request=request, user_id=STAFF)
    [reply] = ci_digest(slack, fake_slack)
    assert reply.params["response_type"] == "ephemeral"
    assert "This channel gets no digest" in reply.params["text"]
    [unsubscribed] = ci_digest(slack, fake_slack, "CNOTHING")
    assert "This channel gets no digest" in unsubscribed.params["text"]
    fake_slack.assert_no_calls("chat.postMessage")


@pytest.mark.parametrize(
    ("channel_fields", "shown"),
    [
        ({}, True),
        ({"is_ext_shared": True}, False),
        ({"is_pending_ext_shared": True}, False),
        (None, False),  # conversations.info fails: Slack cannot say
    ],
    ids=["internal", "shared", "pending-share", "slack-cannot-say"],
)
def test_ci_digest_shows_amber_only_where_the_channel_is_not_shared_outside(
    slack, fake_slack, settled, channel_fields, shown
):
    """A channel cleared for AMBER that was shared outside since: an outsider typing
    `/ci digest` there must not see the AMBER alert's title."""
    subscribe(settled.engine, CHANNEL, DAMS, amber=True)
    store(
        settled.engine,
        alert(
            "Spillway gate sabotage",
            tlp="AMBER",
            sectors=(DAMS,),
            published_at=ny(2026, 11, 24, 10),
        ),
    )
    store(
        settled.engine,
        alert(
            "Open house at the dam", tlp="GREEN", sectors=(DAMS,), published_at=ny(2026, 11, 24, 11)
        ),
    )
    if channel_fields is None:
        # Slack answers, but not with the channel (an HTTP 500 would be retried for seconds).
        fake_slack.fail_next(
            "conversations.info", status=200, body={"ok": False, "error": "fatal_error"}
        )
    else:
        fake_slack.set_channel(CHANNEL, **channel_fields)
    with time_machine.travel(ny(2026, 11, 24, 15), tick=True):
        [reply] = ci_digest(slack, fake_slack)
    text = reply.params["text"] + text_of(reply.params.get("blocks") or [])
    assert "Open house at the dam" in text
    assert ("Spillway gate sabotage" in text) is shown
    assert ("TLP:AMBER" in text) is shown


# == knowledge validation of the training fields ==================================================


def write_training(folder, body: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "training.yaml").write_text(body, encoding="utf-8")
    return folder


def test_training_entries_accept_next_session_and_offered(tmp_path):
    folder = write_training(
        tmp_path / "kb",
        "- id: course\n  kind: training\n  title: A course\n  answer: Learn.\n"
        "  offered: monthly\n  next_session: 2026-12-03\n",
    )
    [course] = load_entries(folder)
    assert (course.offered, course.next_session) == ("monthly", dt.date(2026, 12, 3))


@pytest.mark.parametrize(
    ("kind", "extra", "field"),
    [
        ("faq", "next_session: 2026-12-03", "next_session"),
        ("resource", "offered: monthly", "offered"),
        ("contact", "next_session: 2026-12-03", "next_session"),
    ],
)
def test_session_fields_on_other_kinds_are_refused_with_file_entry_and_field(
    tmp_path, kind, extra, field
):
    folder = write_training(
        tmp_path / "kb",
        f"- id: not-a-course\n  kind: {kind}\n  title: T\n  answer: A.\n  {extra}\n",
    )
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        load_entries(folder)
    [error] = caught.value.errors
    assert (error.file, error.entry_id, error.field) == ("training.yaml", "not-a-course", field)
    assert "only training entries have sessions" in str(error)


@pytest.mark.parametrize("bad", ["2026-02-30", "next tuesday", "2026-13-01"])
def test_a_bad_next_session_date_is_reported(tmp_path, bad):
    folder = write_training(
        tmp_path / "kb",
        f"- id: course\n  kind: training\n  title: A course\n  answer: Learn.\n"
        f"  next_session: {bad}\n",
    )
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        load_entries(folder)
    [error] = caught.value.errors
    assert (error.file, error.entry_id, error.field) == ("training.yaml", "course", "next_session")
    assert "date" in error.message
