"""Validation of Relay paging arguments: a page is always bounded, and asking for more is an error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.paging import NOT_ISSUED, NOT_THIS_LIST, InvalidCursorError, Page, PageRequest, decode_cursor
from service.errors import InvalidArgumentError, PageSizeError
from service.i18n import _

MAX_PAGE_SIZE = 100


def page_request(
    first: int | None = None, after: str | None = None, last: int | None = None, before: str | None = None
) -> PageRequest:
    if first is None and last is None:
        raise PageSizeError(
            _("pass `first` (or `last`) to page this list: at most {limit} items a page", limit=MAX_PAGE_SIZE),
            ["first"],
        )
    if first is not None and last is not None:
        raise InvalidArgumentError(_("pass `first` or `last`, not both"), ["last"])
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise PageSizeError(
                _(
                    "`{name}` is {value}: page size must be between 0 and {limit} (the limit)",
                    name=name,
                    value=value,
                    limit=MAX_PAGE_SIZE,
                ),
                [name],
            )
    return PageRequest(first=first, after=after, last=last, before=before)


def refused_cursor(error: InvalidCursorError, field: Sequence[str]) -> InvalidArgumentError:
    """The error to raise for a cursor a repository refused (`raise refused_cursor(exc, ["after"]) from exc`)."""
    return InvalidArgumentError(cursor_message(error), field, code="INVALID_CURSOR")


def cursor_message(error: InvalidCursorError) -> str:
    """Why a cursor was refused, for people (the repositories say it in plain English, as constants)."""
    reason = str(error)
    if reason == NOT_ISSUED:
        return _("the cursor is not one this API issued")
    if reason == NOT_THIS_LIST:
        return _("the cursor does not belong to this list or ordering")
    return reason


async def pages_by_parent(
    session: AsyncSession,
    keys: Sequence[tuple[int, PageRequest]],
    fetch: Callable[[AsyncSession, list[int], PageRequest], Awaitable[dict[int, Page[Any]]]],
) -> list[Page[Any]]:
    """A DataLoader batch of nested connections: `(parent id, page request)` keys, one fetch per distinct request
    (usually one: every parent asks for the same page), results in key order."""
    pages: dict[tuple[int, PageRequest], Page[Any]] = {}
    for request in dict.fromkeys(request for _parent, request in keys):
        parents = [parent for parent, r in keys if r == request]
        for parent, page in (await fetch(session, parents, request)).items():
            pages[(parent, request)] = page
    return [pages[key] for key in keys]


__all__ = ["MAX_PAGE_SIZE", "InvalidCursorError", "cursor_message", "decode_cursor", "page_request", "pages_by_parent"]
