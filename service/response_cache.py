"""Whole responses to read queries, kept per process and keyed by what they depend on.

A query's response depends on its text, operation and variables, on who asks (the principal: its role,
jurisdiction, department and token, so one reader never sees another's answer), on the language asked for,
on the day (overdue flags compare due dates with today) and on the data. The data is keyed by the database's
data version (`db.data_version`), read before the query runs: it changes when any write commits, so a kept
response is served only while no write has committed since the data it shows was read — never older data
than a fresh execution would show. Mutations and subscriptions are never kept, nor any response with errors.

The cache is an LRU of `entries` responses per process (`HIA_RESPONSE_CACHE_ENTRIES`, 0: off). A hit costs the
version read and the JSON encoding of the kept data; the field-by-field execution, its SQL and its permission
checks are skipped (the same principal passed them for the same query and data).
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

from db.data_version import DataVersion


class KeptBody(str):
    """A response body as sent (its JSON: data and any extensions), kept for the requests that ask the same."""

    __slots__ = ()


@functools.lru_cache(maxsize=1024)
def _query_operations(query: str) -> tuple[tuple[str | None, OperationType], ...] | None:
    """(name, type) of each operation the document defines; None when it does not parse (left to the executor)."""
    try:
        document = parse(query)
    except GraphQLError:
        return None
    return tuple(
        (d.name.value if d.name else None, d.operation)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )


def is_read(query: str | None, operation_name: str | None) -> bool:
    """Whether the operation the request runs is a query (a mutation or subscription is never kept)."""
    if not query:
        return False
    operations = _query_operations(query)
    if not operations:
        return False
    if operation_name is None:
        return len(operations) == 1 and operations[0][1] is OperationType.QUERY
    return any(name == operation_name and kind is OperationType.QUERY for name, kind in operations)


class ResponseCache:
    def __init__(self, version: DataVersion, entries: int) -> None:
        self._version = version
        self._entries = entries
        self._kept: OrderedDict[Hashable, KeptBody] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self._entries > 0

    async def key(
        self,
        query: str | None,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
        reader: Hashable,
    ) -> Hashable | None:
        """The key of this request's response, or None when it may not be kept (not a read; no data version)."""
        if not self.enabled or not is_read(query, operation_name):
            return None
        version = await self._version.current()
        if version is None:
            return None
        # Variables in a canonical form: the same values in another order are the same request.
        canonical = json.dumps(variables or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return (version, query, operation_name, canonical, reader)

    def get(self, key: Hashable) -> KeptBody | None:
        found = self._kept.get(key)
        if found is None:
            self.misses += 1
            return None
        self._kept.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: Hashable, body: KeptBody) -> None:
        self._kept[key] = body
        self._kept.move_to_end(key)
        while len(self._kept) > self._entries:
            self._kept.popitem(last=False)

    def close(self) -> None:
        self._version.close()
