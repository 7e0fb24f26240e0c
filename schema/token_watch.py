"""A WebSocket connection outlives the moment its token was checked: subscriptions re-check it.

The token of a graphql-transport-ws connection (from the handshake's `Authorization` header or
`connection_init`) is checked when the connection is acknowledged. While the connection stays open, a watch
re-reads the token every `Settings.token_recheck_s` seconds (one indexed read per connection), and every
subscription re-reads it before it delivers an event. Once the token is revoked or has expired:

- every operation still running gets an `error` message (terminal in the protocol) with `extensions.code`
  UNAUTHENTICATED and the reason, exactly as a subscription opened with that token would be told;
- the connection is closed with code 4401 ("Unauthorized") and the same reason.

Why 4401: the protocol's own code for a connection that is not (or no longer) authorised; graphql-ws clients
treat it as final and do not reconnect with the same parameters, which would be refused again. (4403, which
strawberry sends when `on_ws_connect` refuses, makes those clients retry.)
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from schema.context import Context
from service.auth import tokens
from service.errors import AccessDenied

log = logging.getLogger("hia.subscriptions")
# The graphql-transport-ws close code for "Unauthorized".
TOKEN_REFUSED_CLOSE_CODE = 4401


class TokenWatchingHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """strawberry's graphql-transport-ws handler, ending the connection when its token stops holding."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watch: asyncio.Task[None] | None = None
        self._ending: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        prefix = self.context.principal.token_prefix
        if not self.connection_acknowledged or prefix is None or self._watch is not None:
            return  # refused, anonymous (nothing to watch), or a repeated init (the connection is closing)
        self.context.token_check = self._recheck_before_event
        self._watch = asyncio.create_task(self._watch_token(prefix))
        self._watch.add_done_callback(self._task_done)

    async def shutdown(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        await super().shutdown()

    async def _refusal(self) -> str | None:
        prefix = self.context.principal.token_prefix
        assert prefix is not None
        # A session of its own: the context's session belongs to the operations, one statement at a time.
        async with self.context.session_factory() as session:
            return await tokens.refusal_of(session, prefix)

    async def _watch_token(self, prefix: str) -> None:
        while True:
            await asyncio.sleep(self.context.settings.token_recheck_s)
            try:
                refusal = await self._refusal()
            except Exception as exc:  # any driver error: the database is away for now
                # Failing open here is safe: no event is delivered without the check before it, which fails
                # closed (its error ends the subscription).
                log.warning("token re-check of %s failed, retrying: %s", prefix, type(exc).__name__)
                continue
            if refusal is not None:
                self._end(refusal)
                return

    async def _recheck_before_event(self) -> None:
        refusal = await self._refusal()
        if refusal is None:
            return
        # Shielded: ending cancels every operation, this one (the caller) included.
        await asyncio.shield(self._end(refusal))
        raise AccessDenied(refusal, "UNAUTHENTICATED")

    def _end(self, reason: str) -> asyncio.Task[None]:
        if self._ending is None:
            self._ending = asyncio.create_task(self._close(reason))
            self._ending.add_done_callback(self._task_done)
        return self._ending

    async def _close(self, reason: str) -> None:
        log.info("ending a WebSocket connection of %s: %s", self.context.principal.describe(), reason)
        error = GraphQLError(reason, extensions={"code": "UNAUTHENTICATED"}).formatted
        for operation in list(self.operations.values()):
            # Cancelled first, so nothing it resolves after this point goes out.
            if operation.task is not None:
                operation.task.cancel()
            with suppress(Exception):  # the client may be gone already
                await operation.send_operation_message({"id": operation.id, "type": "error", "payload": [error]})
        with suppress(Exception):
            await self.websocket.close(code=TOKEN_REFUSED_CLOSE_CODE, reason=reason)


__all__ = ["TOKEN_REFUSED_CLOSE_CODE", "TokenWatchingHandler"]
