"""Which sector the asker's business is in, where what a message says of it sets the matcher's
answer right. Each rule gives the sector whose card answers, or None to leave the reading be:

- a guess at one's own sector against what one makes ("we build freight railcars - so
  transportation systems?": Critical Manufacturing);
- sectors others claim, asked which is right, for a thing the message names ("we run an
  interstate natural gas pipeline. Half my colleagues say Energy ... Which one is it?");
- the business named first, over what it also has or does ("water utility with a small hydro
  turbine ... which sector is the utility"), or else what it makes ("our company makes
  transformers ... does that make us energy sector?").
"""

from __future__ import annotations

import re

from knowledge.answers import Reading
from knowledge.index import SECTOR_CONCEPTS
from knowledge.sentences import sentences_of
from knowledge.shape import Reader, shape_of
from knowledge.text import concept

# What an organisation does: "we run ...", "our firm builds ...".
DOING = (
    r"(?:run|runs|operate|operates|own|owns|make|makes|build|builds|manufacture|manufactures|"
    r"produce|produces|store|stores|maintain|maintains|manage|manages|supply|supplies|"
    r"ship|ships|process|processes)\b"
)
# The asker saying what their business makes or runs: "we build railcars", "our levee
# district", "private ambulance co. here".
_WE_MAKE = re.compile(
    rf"\bwe\s+{DOING}|"
    r"\bour\s+[\w-]+\s+(?:district|plant|company|co|shop|mill)\b|\b(?:co|company)\.?\s+here\b",
    re.IGNORECASE,
)
# ... and guessing its sector for confirmation; not asking whether it is in another one too
# ("does serving a defense plant make us part of the DIB?").
_GUESSED = re.compile(
    r"\b(?:right|correct|yeah|obviously)\b|\bso\s+(?:we'?re\s+)?[\w ()/-]+\?|\bsector\s*\?\s*$",
    re.IGNORECASE,
)
_ALSO_IN = re.compile(r"\b(?:make|makes|put|puts)\s+us\b|\bpart\s+of\b|\bcount|\btoo\b|\balso\b")


def guess_corrected(reader: Reader, reading: Reading, clean: str) -> str | None:
    """ "we build freight railcars and locomotives - so transportation systems?": a guess at
    one's own sector, named by its name, against what the message says one makes or runs,
    which belongs to one other sector: that sector's card, which says who leads it."""
    if reading.kind != "question" or len(reading.parts) != 1 or "?" not in clean:
        return None
    best = reading.parts[0].result.best
    if best is None or best.entry.kind != "sector" or not _WE_MAKE.search(clean):
        return None
    guess = _GUESSED.search(clean)
    if guess is None or _ALSO_IN.search(clean.lower()):
        return None
    sectors = [term for term in reader.terms(clean) if term.text in SECTOR_CONCEPTS]
    # Named in the sentence that guesses: "Chemical plant with a cogen unit - ... Which
    # sector?" says what we are, and guesses nothing.
    guessing = clean[max(clean.rfind(mark, 0, guess.start()) for mark in ".!?\n") + 1 :]
    in_guess = {term.text for term in reader.terms(guessing) if term.text in SECTOR_CONCEPTS}
    by_name = {term.text for term in sectors if not term.member and term.text in in_guess}
    guessed = concept(best.entry.sector or "")
    # What one makes, said before the guess: "so transportation (freight rail mode)?" guesses.
    said = reader.terms(clean[: guess.start()]) if guess.start() else sectors
    made_of = {term.text for term in said if term.text in SECTOR_CONCEPTS and term.member}
    if by_name != {guessed} or guessed in made_of or len(made_of) != 1:
        return None
    return made_of.pop()[1:]


# Which of the sectors others claim is right: "half my colleagues say Energy and the other half
# Transportation. Which one is it?", "our security guy says we're transportation, is he right".
_WHICH_CLAIM = re.compile(
    r"\bwhich\s+(?:one\s+)?is\s+it\b|\bwho(?:'?s|\s+is)\s+right\b|\bis\s+(?:he|she|that|this)\s+right\b",
    re.IGNORECASE,
)


def claim_settled(reader: Reader, reading: Reading, clean: str) -> str | None:
    """Sectors claimed for what the asker runs, asked which is right, where nothing answered
    the whole: the sector what it runs is in, when the message says one ("we run an
    interstate natural gas pipeline")."""
    if reading.kind != "question" or reading.answered or not _WHICH_CLAIM.search(clean):
        return None
    shapes = [shape_of(reader, sentence) for sentence in sentences_of(clean)]
    named = {sector for shape in shapes for sector in shape.named}
    members = {sector for shape in shapes for sector in set(shape.sectors) - set(shape.named)}
    if not named or len(members) != 1:
        return None
    return members.pop()


# The asker's business named first, then what it also has or does: "dairy farm w/ a methane
# digester, ... are we energy sector now", "msp that manages IT for water utilities".
_BUSINESS_FIRST = re.compile(
    r"^\W*(?P<what>(?:[\w&'-]+\s+){0,4}?[\w&'-]+)\s*"
    r"(?:\bw/|\bwith\b|\bthat\b|\bwhich\b|\bin\s+our\b|[,:(.?!\n]|\s[-\u2013\u2014]\s)",
    re.IGNORECASE,
)
# ... asking which sector that makes it:
_ASKS_OUR_SECTOR = re.compile(
    r"\b(?:make|makes|put|puts)\s+us\b|\bare\s+we\b|\b(?:which|what)\s+sector\b", re.IGNORECASE
)
# ... not whether serving another sector's site does ("the electric co-op that powers an Army
# depot, does that make us part of the DIB?"), which that sector's card answers.
_SERVES = re.compile(
    r"\bserv(?:e|es|ing)\b|\bcustomers?\b|\bpower(?:s|ing)\b|\bsuppl(?:y|ies|ying)\b", re.IGNORECASE
)
_WE_MAKE_WHAT = re.compile(
    r"\b(?:we|our\s+[\w-]+)\s+(?:make|makes|build|builds|manufacture|manufactures|machine|"
    r"machines|produce|produces|cast|casts)\s+(?P<what>[^.,;?!\n]+)",
    re.IGNORECASE,
)
_OF_US = re.compile(r"\b(?:we|us)\b", re.IGNORECASE)
_WE_RUN = re.compile(rf"\bwe\s+{DOING}(?P<what>[^.?!\n]*)", re.IGNORECASE)


def what_we_are(reader: Reader, reading: Reading, clean: str) -> str | None:
    """The sector of the business a message opens with (or else of what it makes), when it
    asks which sector it is in and the best answer is the sector of something it has or does
    beside ("water utility with a small hydro turbine that sells power. which sector is the
    utility")."""
    if reading.kind != "question" or len(reading.parts) != 1:
        return None
    best = reading.parts[0].result.best
    if best is None or best.entry.kind != "sector" or not _ASKS_OUR_SECTOR.search(clean):
        return None
    if _SERVES.search(clean):
        return None
    # What it is, or else what it makes ("our company makes transformers and switchgear").
    found = _BUSINESS_FIRST.match(clean) or _WE_MAKE_WHAT.search(clean)
    if found is None:
        return None
    ours = shape_of(reader, found["what"]).sectors
    if len(set(ours)) != 1 or ours[0] == best.entry.sector:
        return None
    # "... which sector for the wastewater plant?" asks of the other thing, and "are we energy
    # sector now" of the business.
    last = sentences_of(clean)[-1]
    asking = shape_of(reader, last)
    if asking.sectors and (asking.sectors != asking.named or not _OF_US.search(last)):
        return None
    # "public works clerk. we run the water plant and the sewer lagoons": what it runs.
    runs = _WE_RUN.search(clean)
    if runs and best.entry.sector in shape_of(reader, runs["what"]).sectors:
        return None
    return ours[0]
