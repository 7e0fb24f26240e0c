"""Keyset (cursor) paging in SQL, for root lists and for many parents at once.

A cursor is the sort key of a row (opaque to clients: base64 of JSON). Pages are cut with a row-value
comparison on the sort key, never by offset, so deep pages cost the same as the first one. Paging
many parents at once (a nested connection under a list) uses one windowed query for all of them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Date, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

T = TypeVar("T")


# Why a cursor is refused, in plain English: `service.paging.cursor_message` words each for people.
NOT_ISSUED = "the cursor is not one this API issued"
NOT_THIS_LIST = "the cursor does not belong to this list or ordering"


class InvalidCursorError(ValueError):
    """A cursor that this service did not issue (or issued for another ordering); the message is one of the
    reasons above."""


@dataclass(frozen=True)
class PageRequest:
    """Validated paging arguments: exactly one of `first`/`last` is set."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @property
    def size(self) -> int:
        size = self.first if self.first is not None else self.last
        assert size is not None, "PageRequest needs first or last"
        return size

    @property
    def backward(self) -> bool:
        return self.last is not None


@dataclass
class Page(Generic[T]):
    rows: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    total_count: int = 0

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


@dataclass(frozen=True)
class Ordering:
    """The sort key of a list: columns in one direction, the last of them unique (usually the primary key)."""

    name: str
    columns: tuple[InstrumentedAttribute[Any], ...] = field(default_factory=tuple)
    descending: bool = False


def _plain(value: Any) -> Any:
    """A sort-key value as JSON carries it (dates as ISO strings)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _typed(ordering: Ordering, values: list[Any]) -> list[Any]:
    """Sort-key values back in their columns' types (a date column compares with a date, not a string)."""
    typed = []
    for column, value in zip(ordering.columns, values, strict=True):
        if isinstance(column.type, Date) and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError as exc:
                raise InvalidCursorError(NOT_ISSUED) from exc
        typed.append(value)
    return typed


def encode_cursor(ordering: Ordering, values: Sequence[Any]) -> str:
    raw = json.dumps([ordering.name, *(_plain(v) for v in values)], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(ordering: Ordering, cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise InvalidCursorError(NOT_ISSUED) from exc
    if (
        not isinstance(decoded, list)
        or len(decoded) != len(ordering.columns) + 1
        or decoded[0] != ordering.name
        or not all(isinstance(v, (str, int, float)) or v is None for v in decoded[1:])
    ):
        raise InvalidCursorError(NOT_THIS_LIST)
    return _typed(ordering, decoded[1:])


def _key_of(ordering: Ordering, row: Any) -> list[Any]:
    return [getattr(row, column.key) for column in ordering.columns]


def _keyset_condition(ordering: Ordering, request: PageRequest) -> list[ColumnElement[bool]]:
    conditions = []
    key = tuple_(*ordering.columns)
    if request.after is not None:
        after = tuple_(*decode_cursor(ordering, request.after))
        conditions.append(key < after if ordering.descending else key > after)
    if request.before is not None:
        before = tuple_(*decode_cursor(ordering, request.before))
        conditions.append(key > before if ordering.descending else key < before)
    return conditions


def _order_by(ordering: Ordering, backward: bool) -> list[Any]:
    descending = backward != ordering.descending
    return [column.desc() if descending else column.asc() for column in ordering.columns]


def _page_from(ordering: Ordering, request: PageRequest, rows: list[Any], total: int) -> Page[Any]:
    has_more = len(rows) > request.size
    rows = rows[: request.size]
    if request.backward:
        rows.reverse()
    return Page(
        rows=rows,
        cursors=[encode_cursor(ordering, _key_of(ordering, row)) for row in rows],
        # Cursors are only issued for real rows, so a cursor on the far side means a row is there.
        has_next_page=has_more if not request.backward else request.before is not None,
        has_previous_page=has_more if request.backward else request.after is not None,
        total_count=total,
    )


async def fetch_page(
    session: AsyncSession, statement: Select[Any], ordering: Ordering, request: PageRequest
) -> Page[Any]:
    """One page of a filtered `select(table)`, plus the total count of the filtered list."""
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    paged = (
        statement.where(*_keyset_condition(ordering, request))
        .order_by(*_order_by(ordering, request.backward))
        .limit(request.size + 1)
    )
    rows = list((await session.execute(paged)).all())
    return _page_from(ordering, request, rows, total or 0)


async def fetch_pages_by_parent(
    session: AsyncSession,
    model: type[Any],
    parent_column: InstrumentedAttribute[Any],
    parent_ids: Sequence[int],
    ordering: Ordering,
    request: PageRequest,
    *conditions: ColumnElement[bool],
) -> dict[int, Page[Any]]:
    """The same page of a child list for many parents, in two statements whatever their number."""
    base = select(model.__table__).where(parent_column.in_(parent_ids), *conditions)
    totals: dict[int, int] = dict(
        (
            await session.execute(
                select(parent_column, func.count())
                .where(parent_column.in_(parent_ids), *conditions)
                .group_by(parent_column)
            )
        ).all()
    )
    rank = (
        func.row_number()
        .over(partition_by=parent_column, order_by=_order_by(ordering, request.backward))
        .label("page_rank")
    )
    ranked = base.where(*_keyset_condition(ordering, request)).add_columns(rank).subquery()
    # The table's columns as selected (an insert sentinel is never selected: the subquery has no such column).
    columns = [ranked.c[column.name] for column in model.__table__.c if column.name in ranked.c]
    rows = (
        await session.execute(
            select(*columns).where(ranked.c.page_rank <= request.size + 1).order_by(ranked.c.page_rank)
        )
    ).all()
    grouped: dict[int, list[Any]] = {parent_id: [] for parent_id in parent_ids}
    for row in rows:
        grouped[getattr(row, parent_column.key)].append(row)
    return {
        parent_id: _page_from(ordering, request, children, int(totals.get(parent_id, 0)))
        for parent_id, children in grouped.items()
    }
