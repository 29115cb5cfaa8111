"""Fitting text to Slack's limits (bot.core.render): measured after escaping, split without loss,
never cut inside an escape or a piece of markup."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.core import render
from bot.core.render import escape, fit, link, split

# What people type to break things: the three characters Slack escapes, mention markup, links,
# line breaks and spaces (the split's preferred cuts), and ordinary letters.
hostile = st.text(alphabet="<>&|@!#:/ \naé😀", max_size=4000)
# Where a piece must not end: inside an escape, or inside bot markup such as a link.
UNBREAKABLE = re.compile(r"&(?:amp|lt|gt);|<[^<>]*>")


def mrkdwn(typed: str, url_typed: str) -> str:
    """Escaped user text with a link in the middle, as the app builds it."""
    half = len(typed) // 2
    return (
        escape(typed[:half])
        + link("https://x.test/" + url_typed, typed[:40])
        + escape(typed[half:])
    )


def test_the_reproductions_split_into_sections_that_hold_every_character():
    for typed in ("<" * 2500, "&" * 2500, "&" * 2800):
        sent = escape(typed)
        pieces = split(sent)
        assert all(len(piece) <= render.SECTION_LIMIT for piece in pieces)
        assert "".join(pieces) == sent  # no separator to drop: nothing lost at all
        assert all(re.fullmatch(r"(&(amp|lt);)+", piece) for piece in pieces)


def whole(piece: str) -> bool:
    """Every escape and every piece of markup in `piece` is complete: with them taken out, no
    `&`, `<` or `>` is left (user text has none of its own once escaped)."""
    return not re.search(r"[&<>]", UNBREAKABLE.sub("", piece))


def only_separators_dropped(text: str, pieces: list[str]) -> bool:
    """The pieces, in order, are the text less at most one space or line break per cut."""
    joined, dropped, at = "".join(pieces), 0, 0
    for character in text:
        if at < len(joined) and joined[at] == character:
            at += 1
        elif character in " \n":
            dropped += 1
        else:
            return False
    return at == len(joined) and dropped <= len(pieces) - 1


@given(hostile, st.text(max_size=300), st.integers(min_value=20, max_value=3000))
def test_split_keeps_everything_within_the_limit_and_cuts_only_between_markup(
    typed, url_typed, limit
):
    text = mrkdwn(typed, url_typed)
    limit = max(limit, len(link("https://x.test/" + url_typed, typed[:40])))
    pieces = split(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert all(whole(piece) for piece in pieces)
    assert only_separators_dropped(text, pieces)


@given(hostile, st.integers(min_value=10, max_value=3000))
def test_fit_stays_within_the_limit_and_marks_a_cut(typed, limit):
    text = escape(typed)
    fitted = fit(text, limit)
    assert len(fitted) <= limit
    if fitted != text:
        assert fitted.endswith(render.ELLIPSIS)
        kept = fitted[: -len(render.ELLIPSIS)]
        assert text.startswith(kept)
        assert whole(kept)


def test_a_cut_never_opens_an_escaped_mention():
    text = escape("<!channel> " * 400)
    for limit in range(2990, 3000):
        for piece in [*split(text, limit), fit(text, limit)]:
            assert "<!" not in piece and not re.search(r"&(am?|lt?|gt?)?$", piece), piece


def test_a_header_and_a_button_are_plain_text_clipped_as_typed():
    assert render.header("t" * 400).text.text == "t" * 149 + render.ELLIPSIS
    assert render.header("<!channel> & co").text.text == "<!channel> & co"
    assert len(render.button("b" * 100, "a", "1").text.text) == render.BUTTON_TEXT_LIMIT


def test_the_message_text_is_fitted_to_slacks_limit():
    assert len(render.message_text(escape("&" * 20_000))) <= render.MESSAGE_TEXT_LIMIT


def test_paragraphs_makes_as_many_sections_as_the_text_needs():
    blocks = render.as_dicts(render.paragraphs(escape("<" * 2500)))
    assert len(blocks) == 4
    assert "".join(b["text"]["text"] for b in blocks) == escape("<" * 2500)
