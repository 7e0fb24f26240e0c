"""Reading a JSON request body strictly: every way it can be wrong is a 400 with a code, never a 500.

`json.loads` raises more than `JSONDecodeError`: `UnicodeDecodeError` for bytes that are not UTF-8 and
`RecursionError` for nesting deeper than the interpreter's stack allows; and nesting that *does* decode
(a few hundred levels) would make graphql-core's variable coercion recurse just as deep. Nothing a client
legitimately sends nests deeper than `MAX_JSON_DEPTH`.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException

MAX_JSON_DEPTH = 64


class BadRequestBody(HTTPException):
    """A request body that is not the JSON /graphql takes; `code` goes into the error's extensions."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(400, reason)
        self.code = code


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode(data: str | bytes) -> Any:
    try:
        value = json.loads(data, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise BadRequestBody("INVALID_ENCODING", f"the request body is not UTF-8 (byte {exc.start})") from exc
    except RecursionError as exc:
        raise BadRequestBody("JSON_TOO_DEEP", f"the request body nests deeper than {MAX_JSON_DEPTH} levels") from exc
    except json.JSONDecodeError as exc:
        raise BadRequestBody("INVALID_JSON", f"the request body is not JSON: {exc.msg} at {exc.pos}") from exc
    except ValueError as exc:  # NaN, Infinity: Python reads them, JSON has no such numbers
        raise BadRequestBody("INVALID_JSON", f"the request body is not JSON: {exc}") from exc
    if nesting_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise BadRequestBody("JSON_TOO_DEEP", f"the request body nests deeper than {MAX_JSON_DEPTH} levels")
    return value


def nesting_depth(value: Any, stop_after: int) -> int:
    """How deep lists and objects nest in `value` (0 for a scalar), counted without recursion and without
    looking further once past `stop_after`."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > stop_after:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest
