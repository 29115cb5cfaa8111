"""The assistant pane's suggested prompts: drawn from the knowledge base's sample questions, one
per kind of need, each answered by its own entry; the same for one thread, varied across them."""

from __future__ import annotations

from bot.answering.prompts import KINDS, TITLE_LIMIT, suggested_prompts
from bot.core.models import Question
from bot.curation.gaps import ReplyTarget, reply_targets
from knowledge.index import load_index
from knowledge.matcher import Matcher

MATCHER = Matcher(load_index(None))


def test_prompts_are_stable_per_thread_and_vary_between_threads():
    seeds = [f"1710000000.{n:06d}" for n in range(8)]
    drawn = [suggested_prompts(MATCHER, seed) for seed in seeds]
    assert drawn[0] == suggested_prompts(MATCHER, seeds[0])
    assert len({tuple(p["message"] for p in prompts) for prompts in drawn}) > 1
    samples = {q.lower() for e in MATCHER.index.entries for q in e.questions}
    for prompts in drawn:
        assert len(prompts) == len(KINDS)
        for prompt in prompts:
            assert prompt["message"].lower() in samples
            assert len(prompt["title"]) <= TITLE_LIMIT


def test_a_staff_answer_to_a_gap_asked_in_the_pane_goes_back_to_its_thread():
    asked = Question(
        id=1,
        user_id="U1",
        surface="assistant",
        channel_id="D1",
        thread_ts="17.1",
        text="q",
        answered=False,
    )
    assert reply_targets([asked]) == [ReplyTarget("D1", "17.1", "q")]
