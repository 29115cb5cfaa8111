"""What a message points at among the answers a conversation gave (knowledge.references)."""

import pytest

from knowledge import references

RECENT = ("sector-communications", "sector-information-technology")


@pytest.mark.parametrize(
    ("said", "entries"),
    [
        ("and the other one?", ("sector-communications",)),
        ("go back to the first one", ("sector-communications",)),
        ("what do both of them cover", RECENT),
        # All the others of a kind, or the rest of a list, are no answer given before.
        ("how is it organized compared to the other sectors", None),
        ("is that different from the other agencies", None),
        ("what were the other five", None),
    ],
)
def test_a_reference_by_place_points_at_an_answer_given(said: str, entries):
    found = references.find(said, RECENT)
    assert (found.entries if found else None) == entries
