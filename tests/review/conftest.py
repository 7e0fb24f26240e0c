"""The review tests' database and people: each test module gets a screening database of its own (module
scope: modules change committee state the others must not see) and the cast of `tests.review.cast`, talking to
the app in process. Modules that need a live server define their own `cast` over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import client_for, screening_database
from tests.fixtures.database import DatabaseUnderTest
from tests.review.cast import Cast, cast_for


@pytest.fixture(scope="module")
async def review_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DatabaseUnderTest]:
    async with screening_database(Path(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))) as db:
        yield db


@pytest.fixture(scope="module")
async def cast(review_db: DatabaseUnderTest) -> AsyncIterator[Cast]:
    async with client_for(review_db) as anonymous:
        yield await cast_for(review_db, anonymous)
