"""A unit of work's live events leave PostgreSQL in one NOTIFY statement (db/repositories/events.py): listeners
in every process hear all of them, in the order they were staged, and none from a unit of work that rolled back.
This is a test of the PostgreSQL bus, so it always runs on PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

from db.listener import PostgresListener
from db.repositories import events
from db.session import transaction
from tests.fixtures.database import fresh_database


async def test_a_unit_of_works_events_are_heard_in_order_and_only_when_it_commits(tmp_path: Path) -> None:
    heard: list[str] = []
    async with fresh_database(tmp_path, on="postgresql") as db:
        listener = PostgresListener(db.url, events.NOTIFY_CHANNEL, heard.append)
        try:
            await listener.wait_listening()
            staged = [f'{{"n": {n}}}' for n in range(12)]
            async with transaction(db.factory) as session:
                await events.notify(session, staged)
            try:
                async with transaction(db.factory) as session:
                    await events.notify(session, ['{"rolled": "back"}'])
                    raise RuntimeError("the unit of work fails")
            except RuntimeError:
                pass
            async with transaction(db.factory) as session:
                await events.notify(session, ['{"n": "last"}'])
            for _ in range(100):
                if heard and heard[-1] == '{"n": "last"}':
                    break
                await asyncio.sleep(0.05)
        finally:
            await listener.close()
    assert heard == [*staged, '{"n": "last"}']
