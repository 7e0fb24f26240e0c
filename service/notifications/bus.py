"""The event bus of one service process: committed events in, subscribers' queues out.

- `InProcessBus` (SQLite, the embedded default): a committed unit of work hands its events over after the
  commit; only this process's subscribers hear them.
- `PostgresBus`: a unit of work NOTIFYs its events inside its transaction; every process LISTENs on one
  connection and fans what it hears out to its own subscribers, so an event caused in one process reaches
  subscriptions held by any other.

A subscriber's queue is bounded: one that falls too far behind is ended with an overflow mark, and the
client resumes with `after` from the stored events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from db import listener
from db.repositories import events as repo
from db.session import is_sqlite
from service.notifications.events import Event

log = logging.getLogger("hia.events")
QUEUE_LIMIT = 1000


class SubscriberOverflow(Exception):
    """A subscriber fell more than QUEUE_LIMIT events behind; it must resume from the stored events."""


class Subscriber:
    def __init__(self, wants: Callable[[Event], bool]) -> None:
        self.wants = wants
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue(QUEUE_LIMIT + 1)
        self.overflowed = False

    def offer(self, event: Event) -> None:
        if self.overflowed or not self.wants(event):
            return
        if self.queue.qsize() >= QUEUE_LIMIT:
            self.overflowed = True
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(event)

    async def next(self) -> Event:
        event = await self.queue.get()
        if event is None:
            raise SubscriberOverflow(f"more than {QUEUE_LIMIT} events arrived unread: resume with `after`")
        return event


class InProcessBus:
    def __init__(self) -> None:
        self._subscribers: set[Subscriber] = set()

    async def start(self) -> None:
        """Be ready to deliver (nothing to do in process)."""

    async def close(self) -> None:
        """Stop delivering (nothing to release in process)."""

    async def stage(self, session: AsyncSession, events: Sequence[Event]) -> None:
        """Inside the unit of work's transaction, before it commits."""

    def committed(self, events: Sequence[Event]) -> None:
        """After the unit of work committed."""
        for event in events:
            self.deliver(event)

    def deliver(self, event: Event) -> None:
        for subscriber in list(self._subscribers):
            subscriber.offer(event)

    @asynccontextmanager
    async def subscription(self, wants: Callable[[Event], bool]) -> AsyncIterator[Subscriber]:
        await self.start()
        subscriber = Subscriber(wants)
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)


class PostgresBus(InProcessBus):
    def __init__(self, database_url: str) -> None:
        super().__init__()
        self._listener = listener.PostgresListener(database_url, repo.NOTIFY_CHANNEL, self._heard)

    async def start(self) -> None:
        await self._listener.wait_listening()

    async def close(self) -> None:
        await self._listener.close()

    async def stage(self, session: AsyncSession, events: Sequence[Event]) -> None:
        await repo.notify(session, [event.to_json() for event in events])

    def committed(self, events: Sequence[Event]) -> None:
        """Nothing: this process hears its own NOTIFYs like every other process."""

    def _heard(self, payload: str) -> None:
        try:
            event = Event.from_json(payload)
        except (ValueError, TypeError):
            log.warning("ignoring a malformed event payload: %r", payload[:200])
            return
        self.deliver(event)


EventBus = InProcessBus


def bus_for(database_url: str) -> InProcessBus:
    return InProcessBus() if is_sqlite(database_url) else PostgresBus(database_url)
