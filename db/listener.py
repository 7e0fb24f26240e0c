"""LISTEN on PostgreSQL: one dedicated connection per process hears the events every process NOTIFYs.

It reconnects with a growing pause when the connection drops; events committed while it was away are
not lost, because subscribers catch up from the stored events (`db.repositories.events.events_after`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger("hia.listener")
MAX_PAUSE_S = 10.0


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresListener:
    def __init__(self, sqlalchemy_url: str, channel: str, on_payload: Callable[[str], None]) -> None:
        self._dsn = asyncpg_dsn(sqlalchemy_url)
        self._channel = channel
        self._on_payload = on_payload
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="hia-listener")

    async def wait_listening(self, within_s: float = 10.0) -> None:
        self.start()
        await asyncio.wait_for(self.listening.wait(), within_s)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.listening.clear()

    def _received(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self._on_payload(payload)

    async def _run(self) -> None:
        pause = 0.5
        while True:
            lost = asyncio.Event()
            connection = None
            try:
                connection = await asyncpg.connect(self._dsn)
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(self._channel, self._received)
                self.listening.set()
                pause = 0.5
                await lost.wait()
                log.warning("LISTEN connection lost; reconnecting")
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("LISTEN connection failed (%s); retrying in %.1f s", exc, pause)
            finally:
                self.listening.clear()
                if connection is not None and not connection.is_closed():
                    await connection.close()
            await asyncio.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE_S)
