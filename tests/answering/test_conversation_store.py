"""The conversation context in the database: per (channel, thread), surviving a restart and
shared by processes, forgotten after an hour of silence, and safe when two workers answer two
messages of one thread at the same moment."""

from __future__ import annotations

import datetime as dt
import threading

from sqlmodel import Session, select

from bot.answering import conversation
from bot.answering.conversation import IDLE_EXPIRY, Where
from bot.answering.dialogue import Asked, reply_to
from bot.core.models import Conversation, utcnow
from bot.runtime.retention import purge
from bot.services import Services
from knowledge.answers import Context

DAMS = Context("dams", "lead", "sector-dams")
WATER = Context("water-and-wastewater", "training", None)


def _ask(services: Services, text: str, where: Where) -> list[str]:
    """Ask as a DM would; the entries of the answer cards."""
    reply = reply_to(
        engine=services.engine,
        matcher=services.matcher,
        text=text,
        asked=Asked("UCTX", "dm", where.channel_id, where.thread_key or None),
        where=where,
        help_text="help",
    )
    return [part.result.best.entry.id for part in reply.reading.answers]


def test_a_context_is_kept_per_thread_and_a_dm_without_a_thread_keys_by_channel(services):
    engine = services.engine
    dm, thread = Where.of("D1", None), Where.of("D1", "1710000000.000100")
    assert dm == Where("D1", "")
    conversation.save(engine, dm, DAMS)
    conversation.save(engine, thread, WATER)
    assert conversation.load(engine, dm) == DAMS
    assert conversation.load(engine, thread) == WATER
    assert conversation.load(engine, Where.of("D2", None)) == Context()
    conversation.save(engine, dm, WATER)  # the next message moves it on
    assert conversation.load(engine, dm) == WATER


def test_a_conversation_silent_for_an_hour_starts_afresh(services):
    engine, where = services.engine, Where("C1", "1710000000.000200")
    then = utcnow() - IDLE_EXPIRY - dt.timedelta(seconds=1)
    conversation.save(engine, where, DAMS, now=then)
    assert conversation.load(engine, where) == Context()
    assert conversation.load(engine, where, now=then + IDLE_EXPIRY) == DAMS


def test_a_follow_up_is_understood_by_another_process_after_a_restart(settings, services):
    where = Where.of("DRESTART", None)
    assert _ask(services, "who leads the dams sector?", where) == ["sector-dams"]
    services.engine.dispose()
    restarted = Services.start(settings)  # a new process on the same database
    try:
        assert _ask(restarted, "and for water?", where) == ["sector-water-and-wastewater"]
    finally:
        restarted.outbox.stop()
        restarted.engine.dispose()


def test_the_answers_before_the_last_are_kept_so_the_first_one_can_be_pointed_at(services):
    where = Where.of("DHISTORY", "1710000000.000900")
    assert _ask(services, "who leads the emergency services sector?", where) == [
        "sector-emergency-services"
    ]
    assert _ask(services, "what about dams?", where) == ["sector-dams"]
    assert conversation.load(services.engine, where).earlier == ("sector-emergency-services",)
    assert _ask(services, "go back to the first one, is there a team email for it?", where) == [
        "contact-emergency-services-team"
    ]
    # A retry of that message is read against the history it was first read against.
    key = "DHISTORY/1710000000.000901"
    before = Context("dams", "lead", "sector-dams", ("sector-emergency-services",))
    conversation.save(services.engine, where, Context(), message_key=key, before=before)
    assert conversation.load(services.engine, where, message_key=key) == before


def test_two_workers_writing_one_thread_at_once_never_fail_and_the_last_write_stays(services):
    engine = services.engine
    threads = [Where("C2", f"1710000000.{n:06d}") for n in range(25)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(context: Context) -> None:
        try:
            for where in threads:  # each thread's first write races the other worker's
                start.wait()
                conversation.save(engine, where, context)
        except BaseException as error:  # any failure fails the test below
            errors.append(error)
            start.abort()  # the other worker stops waiting for this one

    workers = [threading.Thread(target=write, args=(c,)) for c in (DAMS, WATER)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert all(conversation.load(engine, where) in (DAMS, WATER) for where in threads)
    with Session(engine) as session:
        assert len(session.exec(select(Conversation)).all()) == len(threads)


def test_two_messages_of_one_thread_answered_at_once_both_get_answers(services):
    where = Where("C3", "1710000000.000400")
    _ask(services, "who leads the dams sector?", where)
    start = threading.Barrier(2)
    answers: dict[str, list[str]] = {}

    def ask(text: str) -> None:
        start.wait()
        answers[text] = _ask(services, text, where)

    workers = [threading.Thread(target=ask, args=(t,)) for t in ("and for water?", "and energy?")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # Each read the dams context, or the one the other left: either way a lead agency answer.
    assert answers == {
        "and for water?": ["sector-water-and-wastewater"],
        "and energy?": ["sector-energy"],
    }


def test_housekeeping_forgets_expired_conversations_only(services):
    engine = services.engine
    now = utcnow()
    conversation.save(engine, Where("C4", "old"), DAMS, now=now - IDLE_EXPIRY * 2)
    conversation.save(engine, Where("C4", "new"), DAMS, now=now)
    assert purge(engine, retention_days=365, now=now).conversations == 1
    assert conversation.load(engine, Where("C4", "new")) == DAMS
