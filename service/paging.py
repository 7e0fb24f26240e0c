"""Validation of Relay paging arguments: a page is always bounded, and asking for more is an error."""

from __future__ import annotations

from db.repositories.paging import InvalidCursorError, PageRequest, decode_cursor
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


__all__ = ["MAX_PAGE_SIZE", "InvalidCursorError", "decode_cursor", "page_request"]
