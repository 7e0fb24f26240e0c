"""Numbers typed by clients (the digits of a global id, a year in a path, an expiry in a link), read strictly.

`str.isdigit()` accepts characters `int()` refuses (superscripts such as `²`) and `int()` accepts any length,
while database ids are 32-bit integers (PostgreSQL `integer`): reading through these helpers turns both into
"not found" instead of an exception deep in a resolver or the database driver.
"""

from __future__ import annotations

from typing import TypeGuard

MAX_DATABASE_ID = 2**31 - 1


def ascii_digits(text: str | None, max_length: int | None = None) -> TypeGuard[str]:
    """True for a non-empty string of ASCII digits 0-9 (at most `max_length` of them)."""
    if not text or not text.isascii() or not text.isdigit():
        return False
    return max_length is None or len(text) <= max_length


def database_id(text: str) -> int | None:
    """The row id written in a global id, or None when no row can have it."""
    if not ascii_digits(text, max_length=10):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_DATABASE_ID else None
