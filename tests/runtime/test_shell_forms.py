"""The shell's forms, on views of every input Slack has: what each takes, what it answers as
`view.state.values`, defaults, skipping, cancelling; and a view the app answers with
`response_action` update and errors, through the signed submission path."""

from __future__ import annotations

import io
import json

import pytest

from bot.runtime.shell import Shell
from bot.runtime.shell.console import Console
from bot.runtime.shell.forms import Cancelled, FormFiller
from tests.support.shell import shell_settings


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def option(label: str, value: str) -> dict:
    return {"text": plain(label), "value": value}


def field(block_id: str, label: str, element: dict, *, optional: bool = False) -> dict:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": optional,
        "element": {"action_id": "value", **element},
    }


COLOURS = [option("Red", "r"), option("Green", "g"), option("Blue", "b")]
VIEW = {
    "type": "modal",
    "callback_id": "everything",
    "title": plain("Every input"),
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Fill me in*"}},
        field("name", "Name", {"type": "plain_text_input", "initial_value": "Ada"}),
        field("notes", "Notes", {"type": "plain_text_input", "multiline": True}, optional=True),
        field("site", "Site", {"type": "url_text_input"}, optional=True),
        field("mail", "Mail", {"type": "email_text_input"}),
        field("count", "Count", {"type": "number_input", "min_value": "1", "max_value": "9"}),
        field(
            "one",
            "One colour",
            {
                "type": "static_select",
                "option_groups": [
                    {"label": plain("Warm"), "options": COLOURS[:1]},
                    {"label": plain("Cool"), "options": COLOURS[1:]},
                ],
                "initial_option": COLOURS[2],
            },
        ),
        field("many", "Colours", {"type": "multi_static_select", "options": COLOURS}),
        field("boxes", "Boxes", {"type": "checkboxes", "options": COLOURS}, optional=True),
        field("radio", "Radio", {"type": "radio_buttons", "options": COLOURS}),
        field("who", "Who", {"type": "users_select"}),
        field("whom", "Whom", {"type": "multi_users_select"}),
        field("where", "Where", {"type": "channels_select"}),
        field("day", "Day", {"type": "datepicker"}),
        field("at", "At", {"type": "timepicker"}),
        field("file", "File", {"type": "file_input"}, optional=True),
    ],
}


def fill(lines: list[str], view: dict = VIEW, **kwargs) -> tuple[dict, str]:
    typed = iter(lines)
    shown: list[str] = []

    def read(prompt: str) -> str | None:
        line = next(typed, None)
        shown.append(f"{prompt}{line}")
        return line

    filler = FormFiller(read, shown.append, me="UME", here="CHERE")
    values = filler.fill(view, **kwargs)
    assert next(typed, None) is None, "lines left over"
    return values, "\n".join(shown)


def answer(values: dict, block: str) -> dict:
    return values[block]["value"]


def test_every_input_answers_as_slack_does():
    values, shown = fill(
        [
            "",  # Name: keeps Ada
            "line one\\",
            "line two",
            "ftp://nope",
            "https://example.org/x",
            "ada@example.org",
            "12",
            "3",
            "",  # One colour: keeps Blue
            "3 1,3",
            "1-2",
            "green",
            "me",
            "<@U0AAA>, @u0bbb",
            "#C0CCC",
            "2025-13-01",
            "2025-12-01",
            "9:30",
            "09:30",
        ]
    )
    assert "FILL ME IN" not in shown and "Fill me in" in shown
    assert "Name (Enter keeps “Ada”): " in shown
    assert "Give a link starting with https://" in shown
    assert "Give 9 or less." in shown
    assert "Give a date as YYYY-MM-DD." in shown and "Give a time as HH:MM." in shown
    assert "file_input field, which the shell cannot fill in" in shown
    assert values == {
        "name": {"value": {"type": "plain_text_input", "value": "Ada"}},
        "notes": {"value": {"type": "plain_text_input", "value": "line one\nline two"}},
        "site": {"value": {"type": "url_text_input", "value": "https://example.org/x"}},
        "mail": {"value": {"type": "email_text_input", "value": "ada@example.org"}},
        "count": {"value": {"type": "number_input", "value": "3"}},
        "one": {"value": {"type": "static_select", "selected_option": COLOURS[2]}},
        "many": {
            "value": {"type": "multi_static_select", "selected_options": [COLOURS[2], COLOURS[0]]}
        },
        "boxes": {"value": {"type": "checkboxes", "selected_options": COLOURS[:2]}},
        "radio": {"value": {"type": "radio_buttons", "selected_option": COLOURS[1]}},
        "who": {"value": {"type": "users_select", "selected_user": "UME"}},
        "whom": {"value": {"type": "multi_users_select", "selected_users": ["U0AAA", "U0BBB"]}},
        "where": {"value": {"type": "channels_select", "selected_channel": "C0CCC"}},
        "day": {"value": {"type": "datepicker", "selected_date": "2025-12-01"}},
        "at": {"value": {"type": "timepicker", "selected_time": "09:30"}},
        "file": {"value": {"type": "file_input"}},
    }


SMALL = {
    "type": "modal",
    "blocks": [
        field("title", "Title", {"type": "plain_text_input", "max_length": 5}),
        field(
            "link",
            "Link",
            {"type": "url_text_input", "initial_value": "https://a.example"},
            optional=True,
        ),
        field(
            "pick",
            "Pick",
            {"type": "multi_static_select", "options": COLOURS, "max_selected_items": 2},
            optional=True,
        ),
    ],
}


def test_lengths_and_limits_are_checked_before_the_app_sees_them():
    values, shown = fill(["too long", "short", "-", "1 2 3", ""], SMALL)
    assert "Keep it to 5 characters (8 now)." in shown
    assert "Choose at most 2." in shown
    assert answer(values, "title")["value"] == "short"
    assert answer(values, "link") == {"type": "url_text_input", "value": None}  # "-" cleared it
    assert answer(values, "pick") == {"type": "multi_static_select", "selected_options": []}


@pytest.mark.parametrize("lines", [["/cancel"], [""], []])
def test_cancel_with_slash_cancel_an_empty_required_field_or_the_end_of_input(lines):
    with pytest.raises(Cancelled):
        fill(lines, SMALL)


def test_only_the_fields_named_are_asked_again_the_rest_kept():
    first, _ = fill(["abc", "", "2"], SMALL)
    again, shown = fill(["abcd"], SMALL, previous=first, only={"title"})
    assert "Link" not in shown and "Pick" not in shown
    assert answer(again, "title")["value"] == "abcd"
    assert answer(again, "pick") == answer(first, "pick")
    assert "Enter keeps “abc”" in shown  # what was typed before is offered


def test_a_view_the_app_updates_and_refuses_goes_through_the_signed_path(database_url_sqlite):
    """A view no handler of the app has yet: the shell needs no change for it."""
    probe = {
        "type": "modal",
        "callback_id": "probe",
        "title": plain("Probe"),
        "submit": plain("Send"),
        "private_metadata": json.dumps({"step": 1}),
        "blocks": [field("word", "Word", {"type": "plain_text_input"})],
    }
    seen: list[dict] = []
    lines = io.StringIO("first\nbad\ngood\n")
    out = io.StringIO()
    shell = Shell(shell_settings(database_url_sqlite), Console(lines, out))

    @shell.app.view("probe")
    def on_probe(ack, body, view):
        seen.append({"id": view["id"], "hash": view["hash"], "meta": view["private_metadata"]})
        word = view["state"]["values"]["word"]["value"]["value"]
        if word == "first":
            ack(response_action="update", view={**probe, "private_metadata": '{"step": 2}'})
        elif word == "bad":
            ack(response_action="errors", errors={"word": "Not that word."})
        else:
            ack()

    with shell:
        shell.stand_in.modals.open(probe)
        shell.settle()
    printed = out.getvalue()
    assert [s["meta"] for s in seen] == ['{"step": 1}', '{"step": 2}', '{"step": 2}']
    assert len({s["id"] for s in seen}) == 1 and all(s["hash"] for s in seen)
    assert "Word: Not that word." in printed
    assert printed.count("[Send]") == 3
    assert shell.stand_in.modals.take_pending() is None  # closed after the last submission


@pytest.fixture
def database_url_sqlite(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'forms.db'}"
