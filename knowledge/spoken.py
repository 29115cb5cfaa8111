"""Names as dictation writes them, written as people type them.

A message dictated on a phone spells an acronym out ("pee see eye eye", "N P P D"), says a
course number as words ("AWR nine forty", "PPD twenty one") or writes the word an acronym sounds
like ("sister" for CISA, "hissin" for HSIN). Each is turned back into the name it stands for,
and only where that name is one the knowledge base or the lexicon knows. Punctuation said aloud
at the end of a line ("question mark", "period") is written as the mark.
"""

from __future__ import annotations

import re
from itertools import pairwise

from knowledge.lexicon import ABBREVIATIONS, OTHER_NAMES
from knowledge.text import runs

# Each letter, by the ways it is written out when said: "see" and "sea" are both C.
_LETTER_NAMES = {
    "a": "a ay", "b": "b bee be", "c": "c see cee sea", "d": "d dee", "e": "e ee",
    "f": "f eff ef", "g": "g gee", "h": "h aitch", "i": "i eye", "j": "j jay", "k": "k kay",
    "l": "l el ell", "m": "m em", "n": "n en", "o": "o oh", "p": "p pee", "q": "q cue queue",
    "r": "r ar are", "s": "s ess", "t": "t tee tea", "u": "u you", "v": "v vee", "x": "x ex",
    "y": "y why", "z": "z zee zed",
}  # fmt: skip
_LETTER_OF = {name: letter for letter, names in _LETTER_NAMES.items() for name in names.split()}
# The acronyms a run of spelled letters may stand for: three to seven letters ("S L T T G C
# C"), so that "I see a" or "are you" is never one.
_LONGEST_SPELLED = 7
ACRONYMS = frozenset(
    name
    for name in (*ABBREVIATIONS, *OTHER_NAMES)
    if name.isalpha() and 3 <= len(name) <= _LONGEST_SPELLED
)
_DIGITS = {"zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9}  # fmt: skip
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_NUMBER_WORD = rf"(?:{'|'.join([*_DIGITS, *_TEENS, *_TENS, 'hundred'])})"
# A course, directive or memorandum by its code and its number said as words: "AWR nine
# forty", "PPD twenty one", "I S nine thirteen". "IS" in capitals, or opening a line: "the
# deadline is nine eleven" is a verb and a date.
_SAID_CODE = re.compile(
    rf"(?:\b(?P<code>(?i:awr|per|mgt|ppd|nsm)|IS|I\s+S)|^\s*(?P<opening>(?i:is)))[\s-]+"
    rf"(?P<number>(?i:{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD}){{0,3}}))\b",
    re.MULTILINE,
)
# The fewest digits a code has: a course has three or four, a directive two.
_FEWEST_DIGITS = {"awr": 3, "per": 3, "mgt": 3, "is": 3, "ppd": 2, "nsm": 2}
_NUMBER_WORDS = frozenset([*_DIGITS, *_TEENS, *_TENS])
# The word said just before a code's number: the code, or the "S" of "I S nine thirteen".
_CODES_SAID = frozenset({*_FEWEST_DIGITS, "s"})
# A nought said in a number: a code's digits ("is nine oh seven"), not a date or a time.
_NOUGHT = frozenset({"oh", "o", "zero"})

# The words an acronym sounds like, as dictation writes them.
_SOUNDS_LIKE = {
    "CISA": ("sister", "sisa", "sissa"),
    "HSIN": ("hissin", "h sin", "aitch sin"),
    "CSET": ("see set", "c set", "sea set"),
    "HIFLD": ("hi field", "high field", "hifield"),
    "RRAP": ("are wrap", "are rap", "ar rap", "r rap"),
    "ICS-CERT": ("ice cert", "ice sert"),
    "CIPAC": ("sip ack", "sigh pack", "sy pack", "sipac", "sip pack"),
    "HSIN-CI": ("h sin c i", "h sin see eye", "hissin c i", "hissin see eye"),
    "PCII": ("pc ii", "pc two"),
    "SRMA": ("srm a",),
    "IT": ("eye tee",),
    "FedVTE": ("fed vote", "fed vet", "fed vee tee ee"),
    "TLP:RED": ("tlp read",),
}
_SOUND = re.compile(
    r"\b(?:"
    + "|".join(sorted((s for said in _SOUNDS_LIKE.values() for s in said), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_WRITTEN = {said: name for name, sounds in _SOUNDS_LIKE.items() for said in sounds}
_SOUND_WORDS = frozenset(said for said in _WRITTEN if " " not in said)
# Their first two words: a look at the word pairs tells whether the pattern need run.
_SOUND_PAIRS = frozenset(tuple(said.split()[:2]) for said in _WRITTEN if " " in said)
_SOUND_STARTS = frozenset(first for first, _ in _SOUND_PAIRS)
# "Sister" as a word of its own: someone's sister, or an organisation's ("our sister plant").
_KIN = re.compile(r"\b(?:my|her|his|our|their|your|a|the)\s+$", re.IGNORECASE)
_KIN_AFTER = re.compile(
    r"^\s+(?:agenc|compan|org|plant|site|facilit|utilit|sector|cit|hospital|school|unit|"
    r"station|office|department|brand|propert|store|team|location|program|in\s+law)",
    re.IGNORECASE,
)


# Punctuation said aloud and written as words, at the end of a line: "what changed period".
_SAID_MARK = re.compile(
    r"(?P<before>\w+)\s+(?P<mark>question\s+mark|period|full\s+stop)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MARK = {"question": "?", "period": ".", "full": "."}
# The words before a period the sentence speaks of ("how long is the comment period").
_A_PERIOD = frozenset(
    {
        *("a", "the", "that", "this", "each", "same", "given", "open", "comment", "grace"),
        *("review", "waiting", "trial", "time", "notice", "grant", "award", "awards"),
        *("funding", "reporting", "enrollment", "performance", "retention", "transition"),
    }
)


def _said_mark(found: re.Match[str]) -> str:
    before, mark = found["before"], found["mark"].lower()
    if mark == "period" and before.lower() in _A_PERIOD:
        return found.group()
    return before + _MARK[mark.split()[0]]


def as_written(text: str) -> str:
    """The text with the names dictation wrote out as sounds written as names, and the marks
    it wrote as words as marks."""
    # One look at the words finds what may be dictated; the patterns run only then.
    said = runs(text.lower())
    if "mark" in said or "period" in said or "stop" in said:
        text = _SAID_MARK.sub(_said_mark, text)
    for start, size in _spelled_names(said):
        spelled = r"[\s.-]+".join(said[start : start + size])
        name = "".join(_LETTER_OF[word] for word in said[start : start + size])
        text = re.sub(rf"\b{spelled}\b", name.upper(), text, count=1, flags=re.IGNORECASE)
    words = set(said)
    if not words.isdisjoint(_CODES_SAID) and any(
        code in _CODES_SAID and word in _NUMBER_WORDS for code, word in pairwise(said)
    ):
        text = _SAID_CODE.sub(_code_in_digits, text)
    if not words.isdisjoint(_SOUND_WORDS) or (
        not words.isdisjoint(_SOUND_STARTS) and not _SOUND_PAIRS.isdisjoint(pairwise(said))
    ):
        text = _SOUND.sub(_sounded_name, text)
    return text


def _spelled_names(said: list[str]) -> list[tuple[int, int]]:
    """Where the words spell out a known acronym letter by letter, as (start, size): in each
    run of three or more spelled letters, the longest one ("get a S I D" -> "SID")."""
    found: list[tuple[int, int]] = []
    run = 0  # spelled letters so far, up to the word before
    for k, word in enumerate([*said, ""]):
        if word in _LETTER_OF:
            run += 1
            continue
        if run >= 3:
            found += _longest_name("".join(_LETTER_OF[w] for w in said[k - run : k]), k - run)
        run = 0
    return found


def _longest_name(letters: str, offset: int) -> list[tuple[int, int]]:
    for size in range(min(len(letters), _LONGEST_SPELLED), 2, -1):
        for start in range(len(letters) - size + 1):
            if letters[start : start + size] in ACRONYMS:
                return [(offset + start, size)]
    return []


def _code_in_digits(found: re.Match[str]) -> str:
    code = "".join((found["code"] or found["opening"]).split())
    said = found["number"].lower().replace("-", " ").split()
    digits = _digits(said)
    if digits is None or not _FEWEST_DIGITS[code.lower()] <= len(digits) <= 4:
        return found.group()
    if found["opening"] and _NOUGHT.isdisjoint(said):
        return found.group()  # "is nine eleven a federal holiday": a verb and a date
    start = found.start("code") if found["code"] else found.start("opening")
    return found.group()[: start - found.start()] + f"{code.upper()}-{digits}"


def _digits(words: list[str]) -> str | None:
    """A number said in groups ("nine forty", "nine oh seven", "twenty two hundred", "three
    hundred forty eight") as its digits; None when the words make no number."""
    groups: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        if word in _TENS:
            value = _TENS[word]
            if k + 1 < len(words) and words[k + 1] in _DIGITS and _DIGITS[words[k + 1]]:
                value += _DIGITS[words[k + 1]]
                k += 1
            groups.append(str(value))
        elif word in _TEENS:
            groups.append(str(_TEENS[word]))
        elif word in _DIGITS:
            groups.append(str(_DIGITS[word]))
        elif word == "hundred" and groups:
            # "twenty two hundred" is 2200; "three hundred forty eight" is 348.
            rest = _digits(words[k + 1 :]) if k + 1 < len(words) else None
            return "".join(groups) + (rest.zfill(2) if rest else "00")
        else:
            return None
        k += 1
    return "".join(groups)


def _sounded_name(found: re.Match[str]) -> str:
    said = found.group()
    if said.lower() == "sister" and (
        _KIN.search(found.string, 0, found.start()) or _KIN_AFTER.match(found.string, found.end())
    ):
        return said
    return _WRITTEN[" ".join(said.lower().split())]
