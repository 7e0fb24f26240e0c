"""The word segmenter's dictionary is loaded in the background once a service has started answering: the first
officer to upload a document does not wait for it, and neither do the first requests after a start."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import service.app
from service.app import create_app
from service.config import Settings
from service.intake import drafting
from tests.fixtures.database import DatabaseUnderTest, fresh_database


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path) as db:
        yield db


async def test_the_dictionary_loads_after_the_start_not_during_it(
    own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[float] = []
    monkeypatch.setattr(drafting, "warm_up", lambda: started.append(asyncio.get_running_loop().time()))
    monkeypatch.setattr(service.app, "WARM_UP_AFTER_S", 0.3)
    app = create_app(Settings(database_url=own_db.url, env="test"), engine=own_db.engine)
    async with app.router.lifespan_context(app):
        ready = asyncio.get_running_loop().time()
        assert started == []  # serving: nothing holds the interpreter yet
        for _ in range(100):
            await asyncio.sleep(0.05)
            if started:
                break
    assert len(started) == 1
    assert started[0] - ready >= 0.25


async def test_a_service_stopped_before_the_warm_up_never_starts_it(
    own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(drafting, "warm_up", lambda: started.append(True))
    app = create_app(Settings(database_url=own_db.url, env="test"), engine=own_db.engine)
    async with app.router.lifespan_context(app):
        pass
    await asyncio.sleep(service.app.WARM_UP_AFTER_S + 0.2)
    assert started == []
