"""Slack's markup is read, not matched: what a person wrote, without mentions, emoji and codes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.markup import has_words, plain


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        # Emoji shortcodes, with skin tones and flags; Unicode emoji.
        (":wave: hi! who's the srma for chemical plants :factory:",
         "hi! who's the srma for chemical plants"),
        (":thumbsup::skin-tone-3: thanks", "thanks"),
        (":flag-us: which sector", "which sector"),
        ("👋 who's the SSA 🇺🇸", "who's the SSA"),
        ("😀🔥🚒", ""),
        # Slack's emoji named by digits alone.
        (":pray: :100:", ""),
        # Mentions and broadcasts say nothing; a channel keeps its name's words.
        ("<@U024BE7LH> who leads dams?", "who leads dams?"),
        ("<@U024BE7LH|partnerbot> who leads dams?", "who leads dams?"),
        # The bot's name typed after "@" is a mention too; an address at a domain is not.
        ("@partnerbot who leads dams?", "who leads dams?"),
        ("hey @PartnerBot: help", "hey help"),
        ("write to x@partnerbot.org", "write to x@partnerbot.org"),
        ("<!here> <!channel> <!everyone> anyone?", "anyone?"),
        ("<!subteam^S012|@partners> ping", "ping"),
        ("saw it in <#C0123ABC|dams-partners>", "saw it in dams partners channel"),
        # ... but not a channel tagged at the end, where the message is posted too.
        ("who to contact about ESS stuff <#C02ESSOPS|ess-ops>", "who to contact about ESS stuff"),
        # A channel typed by its name is read as one linked; "#1" and a link's "#" are not.
        ("how do I unsubscribe #general from everything",
         "how do I unsubscribe general channel from everything"),
        ("who to contact about ESS stuff #ess-ops", "who to contact about ESS stuff"),
        ("our #1 priority, see https://www.cisa.gov/ais#join", "our #1 priority, see ais"),
        # A link keeps its label, or its path's words; a mailto its address.
        ("is <https://www.cisa.gov/ais|AIS> free?", "is AIS free?"),
        ("<https://www.cisa.gov/cyber-hygiene-services>", "cyber hygiene services"),
        ("<mailto:nipp@dhs.gov|nipp@dhs.gov>", "nipp@dhs.gov"),
        ("see https://www.cisa.gov/pcii?x=1 please", "see pcii please"),
        # Slack sends text escaped.
        ("banks &amp; credit unions", "banks & credit unions"),
        ("&lt;b&gt; is not a tag", "<b> is not a tag"),
        # Formatting markers go, their text stays; struck-through text was taken back.
        ("*who* leads the _energy_ sector?", "who leads the energy sector?"),
        ("what is `TLP:AMBER+STRICT`", "what is TLP:AMBER+STRICT"),
        ("```who leads dams```", "who leads dams"),
        ("~who leads~ what agency leads comms", "what agency leads comms"),
        ("snake_case stays", "snake_case stays"),
        # Quotes and bullets: the marker goes, each line stays a line.
        ("&gt; who leads the nuclear sector\nasking for my boss",
         "who leads the nuclear sector\nasking for my boss"),
        ("• who leads dams\n• who leads energy", "who leads dams\nwho leads energy"),
        ("1. who leads dams\n2) who leads water", "who leads dams\nwho leads water"),
        # A list numbered inside a line is one line per item; "(b)" opening a line stays.
        ("(1) what is AIS and (2) who leads dams", "what is AIS\nwho leads dams"),
        ("two things: a) the NICC number, b) the PCII email",
         "two things:\nthe NICC number\nthe PCII email"),
        ("(a) who leads dams\n(b) who leads water", "(a) who leads dams\n(b) who leads water"),
        ("is CSET free? (asking for a friend)", "is CSET free? (asking for a friend)"),
        # A terminal's escape sequences and control characters.
        ("\x1b[Awho leads dams", "who leads dams"),
        ("\x1b[1;31mred\x1b[0m alert", "red alert"),
        ("what is CIPAC?\x07", "what is CIPAC?"),
        ("a\x00b\tc", "a b c"),
        # Things that only look like markup stay.
        ("TLP:AMBER and tlp:red at 10:30:00", "TLP:AMBER and tlp:red at 10:30:00"),
    ],
)  # fmt: skip
def test_plain_reads_what_a_person_wrote(sent: str, read: str):
    assert plain(sent) == read


@pytest.mark.parametrize(
    ("sent", "words"),
    [("", False), ("   ", False), ("\x1b[A", False), (":wave: 🙂", False), ("hi", True)],
)
def test_has_words_tells_text_from_emoji_and_escapes(sent: str, words: bool):
    assert has_words(plain(sent)) is words


# Slack's tokens, emoji, escapes and control characters mixed with ordinary text.
_PIECES = st.sampled_from(
    [
        "<@U123>", "<@U123|bob>", "<!here>", "<#C1|dams>", "<https://x.gov/a-b|label>",
        "<https://x.gov>", ":wave:", "::skin-tone-2:", "&amp;", "&lt;", "&gt;", "*", "_", "~",
        "`", "```", "> ", "• ", "\n", "\x1b[A", "\x1b]0;title\x07", "\x1b", "\x07", "\x00",
        "\x7f", "\x9b", "👋", "🇺🇸", "who leads dams", "?", " ", "<", ">", "|", ":",
    ]
)  # fmt: skip
_MESSAGES = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=5))).map("".join))
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@settings(max_examples=400, deadline=None)
@given(_MESSAGES)
def test_plain_never_raises_nor_leaves_mentions_escapes_or_control_characters(text: str):
    cleaned = plain(text)
    assert "<@" not in cleaned
    assert "\x1b" not in cleaned
    assert not _CONTROL.search(cleaned)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcXYZ ?,'", max_size=40))
def test_plain_leaves_plain_words_as_they_are(text: str):
    assert plain(text) == " ".join(text.split())
