"""Whole responses to read queries, kept per process and keyed by what they depend on.

A query's response depends on its text, operation and variables, on who asks (the principal: its role,
jurisdiction, department and token, so one reader never sees another's answer), on the language asked for,
on the day (overdue flags compare due dates with today) and on the data. The data is keyed by a data version
(`db.data_version`), read before the query runs: the overall one, which changes when any write commits, or,
for a read whose statements named catalog tables only, the catalog's own, which changes only when the catalog
is written, so catalog reads stay kept while proposals and reviews are written. Either way a kept response is
served only while no write it could depend on has committed since the data it shows was read: never older
data than a fresh execution would show. Mutations and subscriptions are never kept, nor any response with errors.

Which version a request is keyed by is learnt from its last execution (the tables its statements named). Given
the same request, reader, day and catalog, an execution that read only catalog tables takes the same path again,
so it reads only catalog tables again; when the catalog changes the entry is missed and the request re-learnt.

The cache is an LRU of `entries` responses per process (`HIA_RESPONSE_CACHE_ENTRIES`, 0: off), holding at most
`MAX_KEPT_BYTES` of bodies. A hit costs the version read; the field-by-field execution, its SQL and its permission
checks are skipped (the same principal passed them for the same query and data). What a hostile client sends
cannot grow it past those bounds: a query over `MAX_KEPT_QUERY_CHARS` or a body over `MAX_BODY_BYTES` is never
kept, and a key holds a digest of the request, not the request. When the version cannot be read (the database
is restarting) the request runs as if there were no cache. The versions are read once per request, before the
principal is known (service/app.py), and serve the principal's cache too (service/auth/known_tokens.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Set
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

from db.data_version import CATALOG_TABLES, Versions

# Integrators' queries are a few thousand characters; longer ones run every time (and are not parsed twice).
MAX_KEPT_QUERY_CHARS = 20_000
# A body larger than this is sent, not kept; all kept bodies together stay under `MAX_KEPT_BYTES`.
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_KEPT_BYTES = 64 * 1024 * 1024


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
    if not query or len(query) > MAX_KEPT_QUERY_CHARS:
        return False
    operations = _query_operations(query)
    if not operations:
        return False
    if operation_name is None:
        return len(operations) == 1 and operations[0][1] is OperationType.QUERY
    return any(name == operation_name and kind is OperationType.QUERY for name, kind in operations)


class Scope(Enum):
    """Which data version a kept response is keyed by."""

    OVERALL = "overall"
    CATALOG = "catalog"


@dataclass(frozen=True, slots=True)
class Lookup:
    """A request that may be kept: a digest of what it asks and who asks, and the versions read before it ran."""

    request: Hashable
    versions: Versions


class ResponseCache:
    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._kept: OrderedDict[Hashable, KeptBody] = OrderedDict()
        self._bytes = 0
        # The scope each request was last kept under (learnt from the tables it read), bounded like the bodies.
        self._scopes: OrderedDict[Hashable, Scope] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self._entries > 0

    def lookup(
        self,
        query: str | None,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
        reader: Hashable,
        versions: Versions | None,
    ) -> Lookup | None:
        """What identifies this request's response, or None when it may not be kept (not a read; `versions`,
        read before the request ran, is None: the database has none or could not tell)."""
        if versions is None or not self.enabled or not is_read(query, operation_name):
            return None
        # Variables in a canonical form: the same values in another order are the same request.
        canonical = json.dumps(variables or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        request = hashlib.sha256(f"{operation_name}\x00{query}\x00{canonical}".encode()).digest()
        return Lookup(request=(request, reader), versions=versions)

    @staticmethod
    def _key(lookup: Lookup, scope: Scope) -> Hashable | None:
        version = lookup.versions.catalog if scope is Scope.CATALOG else lookup.versions.overall
        return None if version is None else (scope, version, lookup.request)

    def get(self, lookup: Lookup) -> KeptBody | None:
        key = self._key(lookup, self._scopes.get(lookup.request, Scope.OVERALL))
        found = None if key is None else self._kept.get(key)
        if key is None or found is None:
            self.misses += 1
            return None
        self._kept.move_to_end(key)
        self.hits += 1
        return found

    def put(self, lookup: Lookup, body: KeptBody, tables_read: Set[str]) -> None:
        """Keep `body`, the response of a clean execution that began after `lookup`'s versions were read and whose
        statements named `tables_read`."""
        catalog_only = tables_read <= CATALOG_TABLES and lookup.versions.catalog is not None
        scope = Scope.CATALOG if catalog_only else Scope.OVERALL
        self._scopes[lookup.request] = scope
        self._scopes.move_to_end(lookup.request)
        while len(self._scopes) > self._entries:
            self._scopes.popitem(last=False)
        key = self._key(lookup, scope)
        size = len(body)
        if key is None or size > MAX_BODY_BYTES:
            return
        previous = self._kept.pop(key, None)
        if previous is not None:
            self._bytes -= len(previous)
        self._kept[key] = body
        self._bytes += size
        while len(self._kept) > self._entries or self._bytes > MAX_KEPT_BYTES:
            _key, evicted = self._kept.popitem(last=False)
            self._bytes -= len(evicted)
