"""The edit form and the diff, as pure functions: any entry shown in the form and submitted
unchanged reads back the same; the form always fits Slack's limits; a field too long for a form
is left out and kept; the diff says what changed in readable lines."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.curation import entry_form, history
from bot.curation.revisions import Head, content_of
from knowledge.index import BUNDLED_DIR
from knowledge.schema import Contact, Entry, Link, load_entries

# One line of text as a person types it: no line breaks, no spaces at either end.
line = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=60,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
slug = st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True)
official = slug.map(lambda s: f"https://www.{s}.gov/{s}")


@st.composite
def entries(draw) -> Entry:
    contacts = draw(
        st.lists(
            st.builds(
                Contact,
                name=line.filter(lambda t: ":" not in t),
                email=slug.map(lambda s: f"{s}@cisa.dhs.gov"),
                phone=st.none() | st.just("888-282-0870"),
                status=st.sampled_from(["current", "legacy", "verify"]),
                urgent=st.booleans(),
                instructions=st.none() | line,
                note=st.none() | line,
            ),
            max_size=3,
        )
    )
    return Entry(
        id="faq-x",
        kind="faq",
        title=draw(line),
        answer=draw(line),
        questions=tuple(draw(st.lists(line, max_size=5, unique=True))),
        keywords=tuple(draw(st.lists(line, max_size=5, unique=True))),
        links=tuple(
            Link(title=draw(line.filter(lambda t: "|" not in t)), url=url)
            for url in draw(st.lists(official, max_size=3))
        ),
        contacts=tuple(contacts),
        note=draw(st.none() | line),
        owner=draw(st.none() | st.just("S0TEAM") | st.just("Dams team")),
    )


def shown_values(modal: dict) -> dict:
    """What Slack submits for a form nobody typed in."""
    values = {}
    for block in modal["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if element["type"] == "static_select":
            chosen = element.get("initial_option")
            values[block["block_id"]] = {"value": {"selected_option": chosen}}
        else:
            values[block["block_id"]] = {"value": {"value": element.get("initial_value")}}
    return values


def fits(modal: dict) -> None:
    assert len(modal["blocks"]) <= 100
    assert len(modal["private_metadata"]) <= 3000
    for block in modal["blocks"]:
        if block["type"] == "input" and block["element"]["type"] == "plain_text_input":
            element = block["element"]
            value = element.get("initial_value") or ""
            assert len(value) <= element["max_length"] <= 3000


@given(entries())
def test_an_entry_submitted_unchanged_reads_back_the_same(entry):
    modal = entry_form.edit_modal(Head(entry, 3, None, False))
    fits(modal)
    form = entry_form.opened(modal)
    assert (form.entry_id, form.version) == ("faq-x", 3)
    assert entry_form.revised(shown_values(modal), form, entry) == entry


def test_every_bundled_entry_round_trips_through_the_form():
    for entry in load_entries(BUNDLED_DIR):
        modal = entry_form.edit_modal(Head(entry, 0, None, False))
        fits(modal)
        read = entry_form.revised(shown_values(modal), entry_form.opened(modal), entry)
        assert read == entry, entry.id


def test_a_field_too_long_for_a_form_is_left_out_and_kept():
    questions = tuple(f"question number {n} about something long enough" for n in range(80))
    entry = Entry(id="faq-x", kind="faq", title="T", answer="A", questions=questions)
    modal = entry_form.edit_modal(Head(entry, 0, None, False))
    fits(modal)
    assert "questions" not in {b.get("block_id") for b in modal["blocks"]}
    assert "kept as they are: sample questions" in json.dumps(modal)
    values = shown_values(modal)
    values["answer"] = {"value": {"value": "A new answer"}}
    read = entry_form.revised(values, entry_form.opened(modal), entry)
    assert (read.answer, read.questions) == ("A new answer", questions)


def test_a_forged_form_missing_its_fields_changes_none_of_them():
    entry = load_entries(BUNDLED_DIR)[0]
    modal = entry_form.edit_modal(Head(entry, 0, None, False))
    values = {"answer": {"value": {"value": "Only the answer."}}}
    read = entry_form.revised(values, entry_form.opened(modal), entry)
    assert read == entry.model_copy(update={"answer": "Only the answer."})


def test_opened_refuses_a_form_that_says_nothing_of_itself():
    assert entry_form.opened({"private_metadata": "not json"}) is None
    assert entry_form.opened({"private_metadata": json.dumps({"entry": "x"})}) is None


# -- the diff ------------------------------------------------------------------------------------


def test_the_diff_says_what_changed_in_readable_lines():
    before = {
        "title": "Dams",
        "answer": "CISA leads the Dams Sector as its risk management agency since 2013, and "
        "works with owners.",
        "questions": ["who leads dams", "what is the dams sector"],
        "links": [{"title": "DHS page", "url": "https://www.dhs.gov/dams"}],
        "reviewed": "2025-01-01",
    }
    after = {
        **before,
        "title": "Dams Sector",
        "answer": "CISA leads the Dams Sector as its Sector Risk Management Agency since "
        "2013, and works with owners.",
        "questions": ["who leads dams", "who runs the dams sector"],
        "links": [{"title": "CISA page", "url": "https://www.cisa.gov/dams"}],
        "owner": "S0DAMS",
    }
    assert history.diff_lines(before, after) == [
        "title: “Dams” → “Dams Sector”",
        "answer: … leads the Dams Sector as its [-risk management agency-] "
        "{+Sector Risk Management Agency+} since 2013, and works with owners.",
        "questions:",
        "  - what is the dams sector",
        "  + who runs the dams sector",
        "links:",
        "  - DHS page <https://www.dhs.gov/dams>",
        "  + CISA page <https://www.cisa.gov/dams>",
        "owner: (none) → “S0DAMS”",
    ]


def test_a_long_passage_taken_out_is_shown_by_its_ends_on_the_card():
    before = {"answer": " ".join(f"w{n}" for n in range(200)) + " kept"}
    after = {"answer": "new words kept"}
    [shown] = history.diff_lines(before, after, removed_limit=10)
    assert shown == "answer: “" + before["answer"] + "” → “new words kept”"  # little in common
    after = {"answer": " ".join(f"w{n}" for n in range(100, 200)) + " kept"}
    [shown] = history.diff_lines(before, after, removed_limit=10)
    assert (
        shown == "answer: [-w0 w1 w2 w3 w4 … w95 w96 w97 w98 w99-] w100 w101 w102 w103 w104 w105 …"
    )


def test_content_of_leaves_defaults_out():
    entry = Entry(
        id="contact-x",
        kind="contact",
        title="X",
        answer="x",
        contacts=(Contact(name="Desk", email="desk@cisa.gov"),),
    )
    assert content_of(entry) == {
        "id": "contact-x",
        "kind": "contact",
        "title": "X",
        "answer": "x",
        "contacts": [{"name": "Desk", "email": "desk@cisa.gov"}],
    }
