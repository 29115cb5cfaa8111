"""The one cap on user text (knowledge.limits): every entry point of the engine reads at most
MAX_QUESTION_CHARS characters of a message, whatever its length."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import reading
from knowledge.index import load_index
from knowledge.limits import MAX_QUESTION_CHARS, clip_question
from knowledge.matcher import Matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_index())


@given(st.text(max_size=3 * MAX_QUESTION_CHARS))
def test_a_clipped_question_is_a_prefix_within_the_cap(text: str):
    clipped = clip_question(text)
    assert text.startswith(clipped)
    assert len(clipped) <= MAX_QUESTION_CHARS
    if len(text) <= MAX_QUESTION_CHARS:
        assert clipped == text
    else:
        assert len(clipped) > MAX_QUESTION_CHARS // 2  # never cut to nothing


def test_a_long_message_is_cut_at_a_space():
    text = "who leads the dams sector " * 200
    clipped = clip_question(text)
    assert len(clipped) <= MAX_QUESTION_CHARS and text[len(clipped)] == " "


@pytest.mark.parametrize(
    "text",
    ["a" * 40_000, "who leads the dams sector " + "x" * 40_000, "dams " * 8_000],
    ids=["one token", "a question and a token", "many words"],
)
def test_the_matcher_and_the_reader_read_no_more_than_the_cap(matcher: Matcher, text: str):
    assert len(matcher.match(text).question) <= MAX_QUESTION_CHARS
    assert len(reading.read(text, matcher).text) <= MAX_QUESTION_CHARS
