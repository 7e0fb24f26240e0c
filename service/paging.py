"""Validation of Relay paging arguments: a page is always bounded, and asking for more is an error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.paging import InvalidCursorError, Page, PageRequest, decode_cursor
from service.errors import InvalidArgumentError, PageSizeError

MAX_PAGE_SIZE = 100


def page_request(
    first: int | None = None, after: str | None = None, last: int | None = None, before: str | None = None
) -> PageRequest:
    if first is None and last is None:
        raise PageSizeError(
            f"pass `first` (or `last`) to page this list: at most {MAX_PAGE_SIZE} items a page", ["first"]
        )
    if first is not None and last is not None:
        raise InvalidArgumentError("pass `first` or `last`, not both", ["last"])
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise PageSizeError(
                f"`{name}` is {value}: page size must be between 0 and {MAX_PAGE_SIZE} (the limit)", [name]
            )
    return PageRequest(first=first, after=after, last=last, before=before)


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


__all__ = ["MAX_PAGE_SIZE", "InvalidCursorError", "decode_cursor", "page_request", "pages_by_parent"]
