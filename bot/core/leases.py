"""Claiming rows of a leased queue: the inbox's question events and the outbox's deliveries.

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

from sqlalchemy import ColumnElement, Update, bindparam, select, update
from sqlalchemy.orm import InstrumentedAttribute


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
