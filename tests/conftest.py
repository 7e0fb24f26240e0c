"""Shared fixtures. One catalog database per test session (read-only tests share it); tests that write
get their own fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from tests.fixtures.database import DatabaseUnderTest, backend, fresh_database
from tests.fixtures.graphql import GraphQLClient


def pytest_report_header() -> str:
    return f"hia test database backend: {backend()}"


@pytest.fixture(scope="session")
async def catalog_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path_factory.mktemp("db"), load=True) as db:
        yield db


@pytest.fixture
async def empty_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    """A migrated database with no catalog, for tests that load or break things."""
    async with fresh_database(tmp_path) as db:
        yield db


@pytest.fixture(scope="session")
async def graphql(catalog_db: DatabaseUnderTest) -> AsyncIterator[GraphQLClient]:
    app = create_app(Settings(database_url=catalog_db.url, env="test"), engine=catalog_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as http:
        yield GraphQLClient(http)
