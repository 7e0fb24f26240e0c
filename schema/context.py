"""The per-request context: one database session, used one statement at a time, and the DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from service.audit import Audit, record
from service.auth.principal import ANONYMOUS, Principal
from service.config import Settings
from service.database import begin_write, busy_as_user_error, write_turn
from service.notifications import events
from service.notifications.bus import EventBus, InProcessBus

T = TypeVar("T")


@dataclass
class Context:
    session_factory: async_sessionmaker[AsyncSession]
    settings: Settings
    request: Request | WebSocket | None = None
    response: Response | None = None
    principal: Principal = ANONYMOUS
    # Where committed events go (and subscriptions listen); one per service process.
    bus: EventBus = field(default_factory=InProcessBus)
    # The graphql-transport-ws `connection_init` payload (WebSocket connections only).
    connection_params: dict[str, Any] | None = None
    # WebSocket connections only: re-checks the connection's token, ending the connection when it no longer
    # holds (see schema/token_watch.py). HTTP requests checked theirs a moment ago and need none.
    token_check: Callable[[], Awaitable[None]] | None = None
    # What the last write did, for the audit record: (action, object type, before id, jurisdiction id).
    operation_name: str | None = None
    _session: AsyncSession | None = None
    # Resolvers run concurrently, but an AsyncSession serves one statement at a time.
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _loaders: Any = None
    _closed: bool = False

    async def db(self, work: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run `work(session, *args)` on this request's session, one at a time."""
        async with self._lock:
            return await work(self._open(), *args)

    async def write(self, audit: Audit, work: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run `work(session, *args)` as one transaction with its audit record: committed when it returns,
        rolled back (audit included) when it raises. Loaders are reset, so the payload shows what was written."""
        async with self._lock:
            session = self._open()
            async with write_turn(session):
                with busy_as_user_error():
                    try:
                        await begin_write(session)
                        result = await work(session, *args)
                        await record(session, self.principal, audit, result)
                        committed = events.take(session)
                        await self.bus.stage(session, committed)
                        await session.commit()
                    except BaseException:
                        events.discard(session)
                        await session.rollback()
                        raise
            self._loaders = None
            self.bus.committed(committed)
            return result

    @property
    def loaders(self) -> Any:
        if self._loaders is None:
            from schema.loaders import Loaders

            self._loaders = Loaders(self)
        return self._loaders

    def _open(self) -> AsyncSession:
        if self._closed:
            # A resolver graphql-core abandoned (a sibling field failed and nulled the response) may still
            # run after the request ended; it must not open a session nobody would close.
            raise RequestEnded("the request has ended")
        if self._session is None:
            self._session = self.session_factory()
        return self._session

    async def close(self) -> None:
        """End the request's database use: waits for work in flight, then closes the session for good.
        A WebSocket connection runs many operations on one context: each end only releases the session."""
        async with self._lock:
            self._closed = not isinstance(self.request, WebSocket)
            if self._session is not None:
                await self._session.close()
                self._session = None
            self._loaders = None

    async def recheck_token(self) -> None:
        """Before a subscription delivers an event: its token may have been revoked or expired since it connected
        (raises, and ends the connection, if so)."""
        if self.token_check is not None:
            await self.token_check()

    async def refresh(self) -> None:
        """Forget what this context read (session and loader caches), so the next read sees the database anew:
        a subscription does this before each event it resolves."""
        async with self._lock:
            if self._session is not None:
                await self._session.close()
                self._session = None
            self._loaders = None


class RequestEnded(RuntimeError):
    """Database work asked for after the request finished."""


Info = strawberry.Info[Context, None]
