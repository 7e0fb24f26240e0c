"""Shared fixtures. One catalog database per test session (read-only tests share it); tests that write
get their own fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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


@asynccontextmanager
async def screening_database(tmp_dir: Path, on: str | None = None) -> AsyncIterator[DatabaseUnderTest]:
    """A loaded catalog with the mini test checklist published as the latest `hiap-screening` version, so API
    tests exercise screening mechanics independently of the default checklist's content."""
    from db.session import transaction
    from service.screening import checklists
    from tests.hia_rules.conftest import MINI

    async with fresh_database(tmp_dir, load=True, on=on) as db:
        text = MINI.read_text(encoding="utf-8").replace("id: mini-screening", "id: hiap-screening", 1)
        text = text.replace("version: 1\n", "version: 1000\n", 1)
        async with transaction(db.factory) as session:
            await checklists.publish(session, text, "tests")
        yield db


@asynccontextmanager
async def client_for(db: DatabaseUnderTest) -> AsyncIterator[GraphQLClient]:
    app = create_app(Settings(database_url=db.url, env="test"), engine=db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as http:
        yield GraphQLClient(http)


async def issue_token(
    db: DatabaseUnderTest,
    role: str,
    jurisdiction: str | None = None,
    department: str | None = None,
    user: str | None = None,
    days: int | None = 30,
) -> str:
    """A real API token, issued the way `hia token create` does."""
    from db.session import transaction
    from service.auth import tokens

    async with transaction(db.factory) as session:
        issued = await tokens.create(
            session,
            user or f"{role.lower()}-{jurisdiction or department or 'all'}",
            role,
            jurisdiction,
            department,
            days,
        )
    return issued.token


@pytest.fixture(scope="session")
async def screening_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with screening_database(tmp_path_factory.mktemp("screening")) as db:
        yield db


@pytest.fixture(scope="session")
async def anonymous_screening_api(screening_db: DatabaseUnderTest) -> AsyncIterator[GraphQLClient]:
    async with client_for(screening_db) as client:
        yield client


@pytest.fixture(scope="session")
async def screening_api(screening_db: DatabaseUnderTest, anonymous_screening_api: GraphQLClient) -> GraphQLClient:
    """Acting as the committee secretary of Panzhihua (drafts for any of its departments, sees all of its
    proposals); tests of other places or roles switch tokens with `as_`."""
    return anonymous_screening_api.as_(await issue_token(screening_db, "COMMITTEE_SECRETARY", "panzhihua"))


@pytest.fixture
async def own_screening_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    """A screening database of the test's own, for tests that publish checklist versions."""
    async with screening_database(tmp_path) as db:
        yield db


@pytest.fixture
async def own_screening_api(own_screening_db: DatabaseUnderTest) -> AsyncIterator[GraphQLClient]:
    """The committee chair of Panzhihua (publishes and replays; drafts through its secretary's token)."""
    async with client_for(own_screening_db) as client:
        yield client.as_(await issue_token(own_screening_db, "COMMITTEE_CHAIR", "panzhihua"))
