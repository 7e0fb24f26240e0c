"""What a service process holds for its whole life (the schema, the models, the checklists) is moved out of the
cyclic collector's reach once it has started, so full collections do not walk it while requests wait."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from service.app import create_app
from service.config import Settings
from tests.fixtures.database import DatabaseUnderTest, fresh_database


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path) as db:
        yield db


async def test_what_the_service_built_at_start_is_frozen(own_db: DatabaseUnderTest) -> None:
    gc.unfreeze()
    try:
        app = create_app(Settings(database_url=own_db.url, env="test"), engine=own_db.engine)
        assert gc.get_freeze_count() == 0
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
