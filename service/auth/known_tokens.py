"""Principals of tokens authenticated recently, reused without reading the token again while nothing it was read
from has changed.

A principal is read from the token's row and its user's (`api_token`, `app_user`). Both tables are in the
database's 'access' group, whose data version every write to them advances (db/data_version.py), so a principal
kept under the access version read before its row was looked up is exactly what a fresh lookup would give while
that version holds: a revoked token, a renamed user or a token re-scoped is looked up again on the next request,
in every process. Expiry depends on the clock, not the data, so it is checked on every use.

Only accepted tokens are kept: a client sending unknown or revoked tokens gets each one looked up, and cannot push
real users' principals out. The cache is an LRU of `ENTRIES` principals per process, keyed by the token's hash
(never the token itself).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from service.auth.principal import Principal
from service.auth.tokens import bearer_token, hash_token

ENTRIES = 1024


class KnownTokens:
    def __init__(self, entries: int = ENTRIES) -> None:
        self._entries = entries
        self._known: OrderedDict[tuple[str, str], Principal] = OrderedDict()

    @staticmethod
    def _key(authorization: str | None, access_version: str | None) -> tuple[str, str] | None:
        token = bearer_token(authorization)
        return None if token is None or access_version is None else (hash_token(token), access_version)

    def principal(self, authorization: str | None, access_version: str | None, now: dt.datetime) -> Principal | None:
        """The principal kept for this header under this access version, unless its token has expired since."""
        key = self._key(authorization, access_version)
        found = None if key is None else self._known.get(key)
        if key is None or found is None:
            return None
        if found.expires_at is not None and found.expires_at <= now:
            del self._known[key]
            return None
        self._known.move_to_end(key)
        return found

    def keep(self, authorization: str | None, access_version: str | None, principal: Principal) -> None:
        """Keep an accepted token's principal, looked up after `access_version` was read."""
        key = self._key(authorization, access_version)
        if key is None or not principal.authenticated:
            return
        self._known[key] = principal
        self._known.move_to_end(key)
        while len(self._known) > self._entries:
            self._known.popitem(last=False)
