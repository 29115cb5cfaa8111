"""Names as dictation writes them are read as the names they stand for, and only those."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.spoken import as_written


@pytest.mark.parametrize(
    ("dictated", "written"),
    [
        # Spelled-out letters, by their names or one by one.
        ("what does pee see eye eye protect us from", "what does PCII protect us from"),
        ("is DHS on every gee see see", "is DHS on every GCC"),
        ("when did N P P D become CISA", "when did NPPD become CISA"),
        ("what is the tea el pee thing", "what is the TLP thing"),
        ("how do I get a fema S I D", "how do I get a fema SID"),
        # A course or directive number said as words.
        ("awr nine forty is that online", "AWR-940 is that online"),
        ("what replaced ppd twenty one", "what replaced PPD-21"),
        ("IS nine oh seven", "IS-907"),
        ("I S nine thirteen a who is it for", "IS-913 a who is it for"),
        ("took I S nine oh seven last year", "took IS-907 last year"),
        ("is nine oh seven how long", "IS-907 how long"),
        ("IS twenty two hundred", "IS-2200"),
        ("mgt three hundred forty eight", "MGT-348"),
        # The words an acronym sounds like.
        ("did it get rolled into sister", "did it get rolled into CISA"),
        ("ice cert still a thing", "ICS-CERT still a thing"),
        ("what is hissin CI", "what is HSIN CI"),
        ("whats see set", "whats CSET"),
        ("hi field data email", "HIFLD data email"),
        ("are wrap, how long does one take", "RRAP, how long does one take"),
        ("when was sip ack set up", "when was CIPAC set up"),
        ("is sip pack exempt from FACA", "is CIPAC exempt from FACA"),
        ("what is h sin c i", "what is HSIN-CI"),
        ("what is PC II", "what is PCII"),
        ("who is the SRM a for chemical", "who is the SRMA for chemical"),
        ("who leads the eye tee sector", "who leads the IT sector"),
        ("fed vote cyber course is it free", "FedVTE cyber course is it free"),
        ("what is the S L T T G C C", "what is the SLTTGCC"),
        ("got a TLP read briefing", "got a TLP:RED briefing"),
        # Punctuation said aloud, at the end of a line.
        ("who leads the IT sector question mark", "who leads the IT sector?"),
        ("NSM twenty two what changed period\nthx", "NSM-22 what changed.\nthx"),
    ],
)
def test_a_dictated_name_is_written_as_the_name(dictated: str, written: str):
    assert as_written(dictated) == written


@pytest.mark.parametrize(
    "typed",
    [
        # Letters that spell no name the knowledge base knows, and words that are only words.
        "I see a problem with our plan",
        "are you there",
        "why are you asking",
        # "is" before a number is a verb; a course code keeps its digits.
        "is nine eleven a federal holiday",
        "is AWR-940 online",
        # A sister of one's own, or an organisation's.
        "my sister works at a hospital",
        "our sister plant in Ohio is in the chemical sector",
        "does a sister agency count",
        "we cost $5 per month",
        # A period the sentence speaks of.
        "how long is the comment period",
        # "read" after anything but TLP is the verb.
        "did you read the TLP guide",
        "when does the grant period",
    ],
)
def test_words_that_are_only_words_are_left_as_typed(typed: str):
    assert as_written(typed) == typed


# Words dictation writes for names, and words that only look like them.
_SAID = [
    "pee", "see", "eye", "a", "s", "c", "d", "n", "el", "tea", "gee", "sister", "my", "hi field",
    "IS", "awr", "ppd", "nine", "oh", "forty", "twenty", "two", "hundred",
]  # fmt: skip


@given(
    st.lists(
        st.tuples(st.sampled_from(_SAID), st.sampled_from([" ", "-", ". ", ", ", "\n"])),
        max_size=12,
    )
)
def test_what_is_written_is_written_once_for_all(said: list[tuple[str, str]]):
    text = "".join(word + mark for word, mark in said)
    once = as_written(text)
    assert as_written(once) == once
