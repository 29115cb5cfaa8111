"""Claiming rows of a leased queue (the inbox's question events, the outbox's deliveries), and
of a ledger (digests, owners' reviews).

A claim is one `UPDATE ... WHERE key IN (SELECT key ... LIMIT n FOR UPDATE SKIP LOCKED)
RETURNING ...`. The subquery takes the oldest rows that are due, in the order of an index, and
on PostgreSQL skips rows another worker is taking rather than waiting for them (SQLite has one
writer at a time, so there the statement is atomic anyway). The UPDATE finds the rows by key
alone: repeating the due test beside the key would lead SQLite to look the rows up by status,
reading every due row with its write lock held, and the subquery's rows are due already (locked
on PostgreSQL; under SQLite's write lock nothing changes them). So a claim reads the rows it
takes and not the backlog, however long the backlog grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import ColumnElement, Update, bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session, SQLModel, select


def claim(
    table: type,
    *,
    key: InstrumentedAttribute,
    due: ColumnElement[bool],
    order_by: Sequence[ColumnElement],
    values: Mapping[str, object],
    returning: Sequence[InstrumentedAttribute],
) -> Update:
    """The claim statement for `table`: up to `:limit` rows that are `due`, in `order_by`,
    set to `values`, their `returning` columns returned. `due` should be one index's test
    (an OR of two would read every candidate row and sort them)."""
    oldest = (
        select(key)
        .where(due)
        .order_by(*order_by)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    return update(table).where(key.in_(oldest)).values(**values).returning(*returning)


def insert_or_retake(
    session: Session,
    row: SQLModel,
    *,
    key: Sequence[ColumnElement[bool]],
    retakable: ColumnElement[bool],
    values: Mapping[str, object],
) -> SQLModel | None:
    """Claim one row of a ledger (a digest per channel and period, a review per owner and week):
    insert `row`, or, when a row with its unique `key` exists, take that one over if it is
    `retakable` (failed, or its sender's lease ran out), setting `values`. Returns the row now
    claimed, or None when another run holds it or it is done. Both steps are single statements,
    so of two runs at once only one gets the row."""
    session.add(row)
    try:
        session.commit()
        session.refresh(row)
        return row
    except IntegrityError:
        session.rollback()
    table = type(row)
    taken = session.execute(update(table).where(*key, retakable).values(**values))
    session.commit()
    if not taken.rowcount:
        return None
    return session.exec(select(table).where(*key)).one()
