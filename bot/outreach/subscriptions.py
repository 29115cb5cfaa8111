"""Channel subscriptions: `/ci subscribe | unsubscribe | subscriptions` without the Slack part.

Subscribing adds to what a channel has, sector by sector: it never drops the alerts, the digest
or the AMBER clearance the words did not name, and it says what changed. Removing is explicit:
`unsubscribe`, or the words `no-alerts`, `no-digest`, `no-always`, `no-amber`. An AMBER
clearance is staff's to give and to take away: a request that does not remove it (every
partner's) keeps it on record, in a row with neither alerts nor a digest if nothing else is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.models import Subscription
from bot.core.render import escape
from knowledge.index import KnowledgeIndex
from knowledge.schema import SECTOR_SLUGS

DIGESTS = ("daily", "weekly")
OPTIONS = ("alerts", "digest", "always", "amber")  # what a request may add or remove
_ALIASES = {"alert": "alerts", "digests": "digest"}
_NEAR = 80  # rapidfuzz ratio from which a mistyped word is taken for an option word


class SubscriptionError(ValueError):
    """A request that cannot be carried out; the message (escaped mrkdwn) is meant for the user."""


@dataclass(frozen=True)
class SubscriptionRequest:
    """What to add to (and `remove` from) each named sector's subscription. `alerts`, `amber`
    and `always` add when true and leave alone when false; `digest` adds a digest of that
    cadence (with `change_cadence` false, a digest the sector has already keeps its own)."""

    sectors: tuple[str, ...]
    alerts: bool = False
    digest: str | None = None
    amber: bool = False
    always: bool = False
    remove: frozenset[str] = frozenset()
    change_cadence: bool = True
    everything: bool = False  # an unsubscribe that named no part: the sectors entirely

    @property
    def touches_amber(self) -> bool:
        return self.amber or "amber" in self.remove


@dataclass(frozen=True)
class Options:
    """What a channel has of one sector."""

    alerts: bool = False
    digest: str | None = None
    always: bool = False
    amber: bool = False

    @property
    def active(self) -> bool:
        """Anything is sent: alerts or a digest (a bare AMBER clearance sends nothing)."""
        return self.alerts or self.digest is not None

    @classmethod
    def of(cls, row: Subscription | None) -> Options | None:
        if row is None:
            return None
        return cls(row.alerts, row.digest, row.digest_always, row.amber)


@dataclass(frozen=True)
class Change:
    """One sector's subscription before and after a request (None: no row)."""

    sector: str
    before: Options | None
    after: Options | None


# -- reading the words ------------------------------------------------------------------------


def _option_word(word: str) -> tuple[str, str] | None:
    """("add" | "remove", option) for an option word: alerts, no-alerts, no_digest, ..."""
    word = _ALIASES.get(word, word)
    if word in OPTIONS:
        return "add", word
    for prefix in ("no-", "no_", "no"):
        rest = word.removeprefix(prefix)
        if rest != word and _ALIASES.get(rest, rest) in OPTIONS:
            return "remove", _ALIASES.get(rest, rest)
    return None


def _quoted(words: Iterable[str]) -> str:
    return f"“{escape(' '.join(words))}”"


def _sector_error(unknown: Sequence[str]) -> SubscriptionError:
    choices = f"Name one or more of: {', '.join(SECTOR_SLUGS)}, or `all`."
    if not unknown:
        return SubscriptionError(f"Which sectors? {choices}")
    kind = "a sector" if len(unknown) == 1 else "sectors"
    return SubscriptionError(f"I couldn't read {_quoted(unknown)} as {kind}. {choices}")


def _cadence_error(word: str) -> SubscriptionError:
    return SubscriptionError(
        f"I couldn't read {_quoted([word])} as a digest schedule. "
        f"Choose one of: {', '.join(DIGESTS)} (for example `digest daily`)."
    )


def _option_error(word: str, option: str) -> SubscriptionError:
    return SubscriptionError(
        f"I couldn't read {_quoted([word])}: did you mean `{option}`? Options: "
        "`alerts`, `digest daily|weekly`, `always`, `amber` (staff), and `no-alerts`, "
        "`no-digest`, `no-always`, `no-amber` (staff) to remove one."
    )


def _unknown_words(words: list[str], index: KnowledgeIndex) -> list[str]:
    """The words among `words` that name no sector, read together (so "critical
    manufacturing" is one sector, not an unknown "critical")."""
    _, leftovers = index.read_sectors(" ".join(words))
    if not leftovers:
        return []
    left = set(leftovers)
    unknown = [w for w in words if left.intersection(index.read_sectors(w)[1])]
    return unknown or list(words)


def _sectors(words: list[str], index: KnowledgeIndex) -> tuple[str, ...]:
    if "all" in (w.lower() for w in words):
        others = [w for w in words if w.lower() != "all"]
        if unknown := _unknown_words(others, index) if others else []:
            raise _sector_error(unknown)
        return SECTOR_SLUGS
    if not words:
        raise _sector_error([])
    slugs, _ = index.read_sectors(" ".join(words))
    if unknown := _unknown_words(words, index):
        raise _sector_error(unknown)
    if not slugs:
        raise _sector_error(words)
    return tuple(slugs)


@dataclass
class _Words:
    """A subscribe or unsubscribe text read into sector words and option words."""

    sector_words: list[str] = field(default_factory=list)
    add: set[str] = field(default_factory=set)
    remove: set[str] = field(default_factory=set)
    cadence: str | None = None
    after_digest: set[int] = field(default_factory=set)  # positions right after `digest`


def _read(text: str, index: KnowledgeIndex) -> _Words:
    words = text.split()
    read = _Words()
    position = 0
    while position < len(words):
        word = words[position].lower()
        if word == "no" and position + 1 < len(words):
            following = _option_word(words[position + 1].lower())
            if following and following[0] == "add":  # "no alerts", two words
                read.remove.add(following[1])
                position += 2
                continue
        option = _option_word(word)
        if option is not None:
            (read.add if option[0] == "add" else read.remove).add(option[1])
            if option == ("add", "digest") and position + 1 < len(words):
                following = words[position + 1].lower()
                if following in DIGESTS:
                    read.cadence = following
                    position += 1
                else:
                    read.after_digest.add(len(read.sector_words))
        elif word in DIGESTS:
            read.add.add("digest")
            read.cadence = word
        else:
            read.sector_words.append(words[position])
        position += 1
    _check(read, index)
    return read


def _check(read: _Words, index: KnowledgeIndex) -> None:
    """Name the word that is wrong, with the choices for it."""
    unknown = set(_unknown_words(read.sector_words, index)) if read.sector_words else set()
    for place, word in enumerate(read.sector_words):
        if word not in unknown or word.lower() == "all":
            continue
        if place in read.after_digest:
            raise _cadence_error(word)
        near = process.extractOne(word.lower(), [*DIGESTS, *OPTIONS], scorer=fuzz.ratio)
        if near and near[1] >= _NEAR:
            if near[0] in DIGESTS:
                raise _cadence_error(word)
            raise _option_error(word, near[0])
    both = read.add & read.remove
    if both:
        option = sorted(both)[0]
        raise SubscriptionError(f"`{option}` and `no-{option}` together: which one did you mean?")


def parse_subscribe(text: str, index: KnowledgeIndex) -> SubscriptionRequest:
    """`<sector ...|all> [alerts] [digest [daily|weekly]] [always] [amber] [no-alerts]
    [no-digest] [no-always] [no-amber]`, names loose. With neither alerts nor a digest named
    (nor any removal), the sectors get both: alerts, and a weekly digest unless they have one.
    `always` sends the digest even when nothing is new."""
    read = _read(text, index)
    add = set(read.add)
    if not read.remove and not add & {"alerts", "digest"}:
        add |= {"alerts", "digest"}  # neither named: both
    if "always" in add:
        add.add("digest")
    return SubscriptionRequest(
        sectors=_sectors(read.sector_words, index),
        alerts="alerts" in add,
        digest=(read.cadence or "weekly") if "digest" in add else None,
        amber="amber" in add,
        always="always" in add,
        remove=frozenset(read.remove),
        change_cadence=read.cadence is not None,
    )


def parse_unsubscribe(text: str, index: KnowledgeIndex, *, staff: bool) -> SubscriptionRequest:
    """`<sector ...|all> [alerts] [digest] [always] [amber]`: stop the named parts, or
    everything of those sectors when none is named (an AMBER clearance only for staff)."""
    read = _read(text, index)
    named = read.add | read.remove
    if read.cadence:
        named.add("digest")
    sectors = _sectors(read.sector_words, index)
    if not named:
        return remove_all(staff=staff, sectors=sectors)
    return SubscriptionRequest(sectors=sectors, remove=frozenset(named))


def remove_all(*, staff: bool, sectors: tuple[str, ...] = SECTOR_SLUGS) -> SubscriptionRequest:
    """The sectors' subscriptions entirely (by default every one of the channel's); an AMBER
    clearance only when staff ask."""
    named = {"alerts", "digest", "always", *(["amber"] if staff else [])}
    return SubscriptionRequest(sectors=sectors, remove=frozenset(named), everything=True)


# -- carrying it out --------------------------------------------------------------------------


def _apply(before: Options | None, request: SubscriptionRequest) -> Options | None:
    now = before or Options()
    alerts, digest, always, amber = now.alerts, now.digest, now.always, now.amber
    alerts = alerts or request.alerts
    if request.digest is not None and (digest is None or request.change_cadence):
        digest = request.digest
    always = always or request.always
    amber = amber or request.amber
    removed = request.remove
    alerts = alerts and "alerts" not in removed
    digest = None if "digest" in removed else digest
    always = always and "always" not in removed and "digest" not in removed
    amber = amber and "amber" not in removed
    after = Options(alerts, digest, always and digest is not None, amber)
    return after if after.active or after.amber else None


def subscribe(
    *, engine: Engine, channel_id: str, request: SubscriptionRequest, user_id: str
) -> list[Change]:
    """Add to (and remove from) the channel's subscription to each requested sector; what
    changed, sector by sector. Whoever may touch an AMBER clearance is the caller's check."""
    try:
        return _subscribe(engine, channel_id, request, user_id)
    except IntegrityError:
        # Someone subscribed the channel to one of these sectors a moment ago: add to that.
        return _subscribe(engine, channel_id, request, user_id)


def _subscribe(
    engine: Engine, channel_id: str, request: SubscriptionRequest, user_id: str
) -> list[Change]:
    changes = []
    with Session(engine) as session:
        existing = {
            s.sector: s
            for s in session.exec(select(Subscription).where(Subscription.channel_id == channel_id))
        }
        for sector in request.sectors:
            row = existing.get(sector)
            before = Options.of(row)
            after = _apply(before, request)
            if after is None and row is not None:
                session.delete(row)
            elif after is not None:
                row = row or Subscription(channel_id=channel_id, sector=sector, created_by=user_id)
                row.alerts, row.digest = after.alerts, after.digest
                row.digest_always, row.amber = after.always, after.amber
                session.add(row)
            changes.append(Change(sector, before, after))
        session.commit()
    return changes


def unsubscribe(*, engine: Engine, channel_id: str, request: SubscriptionRequest) -> list[Change]:
    """Remove what `request.remove` names from the channel's subscriptions to its sectors."""
    return subscribe(engine=engine, channel_id=channel_id, request=request, user_id="")


def channel_subscriptions(*, engine: Engine, channel_id: str) -> list[Subscription]:
    with Session(engine) as session:
        query = select(Subscription).where(Subscription.channel_id == channel_id)
        return list(session.exec(query.order_by(Subscription.sector)).all())


# -- saying it --------------------------------------------------------------------------------


def _parts(options: Options) -> list[str]:
    parts = []
    if options.alerts:
        parts.append("alerts")
    if options.digest:
        always = " (even when nothing is new)" if options.always else ""
        parts.append(f"{options.digest} digest{always}")
    if not parts:
        parts.append("no alerts or digest")
    return parts


def describe(subscription: Subscription, sector_title: str) -> str:
    """One line for a subscription: "Dams Sector: alerts, weekly digest, cleared for AMBER"."""
    options = Options.of(subscription) or Options()
    parts = _parts(options)
    parts.append("cleared for AMBER" if options.amber else "not cleared for AMBER")
    return f"{sector_title}: {', '.join(parts)}"


def _added(before: Options, after: Options, request: SubscriptionRequest) -> list[str]:
    said = []
    if request.alerts:
        said.append("alerts already there" if before.alerts else "alerts added")
    if request.digest is not None and "digest" not in request.remove:
        if before.digest == after.digest:
            said.append(f"{after.digest} digest already there")
        elif before.digest is None:
            said.append(f"{after.digest} digest added")
        else:
            said.append(f"digest changed from {before.digest} to {after.digest}")
    if request.always and after.always:
        said.append(
            "digest already sent when nothing is new"
            if before.always
            else "digest now sent even when nothing is new"
        )
    if request.amber:
        said.append("already cleared for AMBER" if before.amber else "cleared for AMBER")
    return said


def _removed(before: Options, request: SubscriptionRequest) -> list[str]:
    said = []
    if "alerts" in request.remove:
        said.append("alerts stopped" if before.alerts else "had no alerts")
    if "digest" in request.remove:
        said.append(f"{before.digest} digest stopped" if before.digest else "had no digest")
    elif "always" in request.remove and before.always:
        said.append("digest now only when something is new")
    if "amber" in request.remove:
        said.append("AMBER clearance removed" if before.amber else "was not cleared for AMBER")
    return said


def change_phrase(change: Change, request: SubscriptionRequest) -> str:
    """What a request did to one sector, in a few words."""
    before, after = change.before or Options(), change.after or Options()
    if not before.active and after.active:
        cleared = ", cleared for AMBER" if after.amber else ""
        return f"subscribed: {', '.join(_parts(after))}{cleared}"
    if not before.active:
        if before.amber and not after.amber:
            return "AMBER clearance removed; not subscribed"
        if after.amber and not before.amber:
            return "cleared for AMBER; not subscribed (no alerts or digest)"
        kept = " (its AMBER clearance stays on record)" if after.amber else ""
        adds = request.alerts or request.digest is not None or request.amber
        return ("not subscribed" if adds else "was not subscribed") + kept
    if request.everything:
        said = [f"unsubscribed (had {', '.join(_parts(before))})"]
        if before.amber:
            kept = "staff's AMBER clearance stays on record"
            said.append(kept if after.amber else "AMBER clearance removed")
        return "; ".join(said)
    said = _added(before, after, request) + _removed(before, request)
    if not after.active:
        kept = "; staff's AMBER clearance stays on record" if after.amber else ""
        said.append("unsubscribed" + kept)
    return "; ".join(said) or "nothing to change"


def report(
    changes: Sequence[Change], request: SubscriptionRequest, sector_title: dict[str, str]
) -> str:
    """One line per outcome, naming the sectors it applies to (mrkdwn)."""
    grouped: dict[str, list[str]] = {}
    for change in changes:
        title = sector_title.get(change.sector, change.sector)
        grouped.setdefault(change_phrase(change, request), []).append(title)
    lines = []
    for phrase, titles in grouped.items():
        if len(titles) <= 3:
            named = ", ".join(titles)
        elif len(titles) == len(SECTOR_SLUGS):
            named = f"all {len(titles)} sectors"
        else:
            named = f"{len(titles)} sectors ({', '.join(titles)})"
        lines.append(f"• {escape(named)}: {phrase}")
    return "\n".join(lines)
