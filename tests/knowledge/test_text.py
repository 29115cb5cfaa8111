"""How a text is normalised before its words are read: sizes left out, codes and counts kept,
"I'd" written out."""

from __future__ import annotations

import pytest

from knowledge.index import load_index
from knowledge.matcher import Matcher
from knowledge.text import normalise


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # How big something is says nothing of what is asked (the unit stays).
        ("~300 mi of pipeline", "mi of pipeline"),
        ("a 3,000 seat event center", "a seat event center"),
        ("~2k employees", "employees"),
        ("a 450 beds hospital", "a beds hospital"),
        # What is counted, a course code, a year and the number of sectors stay.
        ("we own 3 dams", "we own 3 dams"),
        ("IS-907 since 2016", "is907 since 2016"),
        # A course code's version letter goes, however typed.
        ("IS-860.c", "is860"),
        ("how many lessons in IS860c", "how many lessons in is860"),
        ("is 913a for owners", "is913 for owners"),
        ("is 860 a good course", "is860 a good course"),
        ("are there still 16 sectors", "are there still 16 sectors"),
        # "I'd like" would otherwise read as an ID, the FEMA Student ID's own word.
        ("I'd like a list", "i would like a list"),
        ("we\u2019d go", "we would go"),
        ("my student ID", "my student id"),
        # Where a thing falls or lands asks which sector it is in; where one goes does not.
        ("where does the 911 center fall?", "whichsector the 911 center in?"),
        ("where do I go?", "where do i go?"),
        ("where does the water fall in the dam", "where does the water fall in the dam"),
    ],
)
def test_a_text_is_normalised_before_its_words_are_read(typed: str, read: str):
    assert normalise(typed).split() == read.split()


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_index())


@pytest.mark.parametrize(
    ("typed", "sectors"),
    [
        # A sector named just before what another sector is made of says whose it is, with
        # a word between that is no name ...
        ("a university research reactor", ["@nuclear"]),
        ("a university TRIGA reactor", ["@nuclear"]),
        # ... but two things joined by "and" are two things.
        ("university and hospital", ["@government-facilities", "@healthcare-and-public-health"]),
        # A job said after the place: the place's sector, not the job's.
        ("hospital emergency manager", ["@healthcare-and-public-health"]),
    ],
)
def test_a_sector_before_a_thing_of_another_says_whose_it_is(
    matcher: Matcher, typed: str, sectors: list[str]
):
    terms = matcher.analyse(typed)
    assert [t.text for t in terms if t.text.startswith("@")] == sectors


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # Words typed with the spaces left out, cut into the words they are.
        ("whoistheleadfornuclearwaste", ["@lead", "@nuclear"]),
        # A long slip of one word is that word; a long word of its own stays whole.
        ("responsibilites", ["responsibility"]),
        ("interdependencies", ["interdependency"]),
    ],
)
def test_words_typed_as_one_are_read_apart(matcher: Matcher, typed: str, read: list[str]):
    assert [t.text for t in matcher.analyse(typed)] == read
