"""A token's principal is reused without reading the token again (service/auth/known_tokens.py) only while no
user or token has changed and the token has not expired: a token revoked by another process is refused at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from db.session import create_engine, create_session_factory, transaction
from service.app import create_app
from service.auth import tokens
from service.config import Settings
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest, fresh_database
from tests.fixtures.graphql import GraphQLClient, count_statements

VIEWER = "{ viewer { user role tokenProblem } }"


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path, load=True) as db:
        yield db


def service(db: DatabaseUnderTest) -> tuple[GraphQLClient, httpx.AsyncClient]:
    # without kept responses: every request runs, so what is measured is the principal's lookup
    app = create_app(Settings(database_url=db.url, env="test", response_cache_entries=0), engine=db.engine)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test")
    return GraphQLClient(http), http


def token_reads(statements: list[str]) -> int:
    return sum("FROM api_token" in statement for statement in statements)


async def test_a_known_token_is_not_read_again(own_db: DatabaseUnderTest) -> None:
    graphql, http = service(own_db)
    token = await issue_token(own_db, "VIEWER", user="dashboard")
    async with http:
        with count_statements(own_db.engine) as first:
            answer = await graphql.as_(token).data(VIEWER)
        with count_statements(own_db.engine) as again:
            repeated = await graphql.as_(token).data(VIEWER)
    assert answer == repeated == {"viewer": {"user": "dashboard", "role": "VIEWER", "tokenProblem": None}}
    assert (token_reads(first.statements), token_reads(again.statements)) == (1, 0)


async def test_a_token_revoked_by_another_process_is_refused_at_once(own_db: DatabaseUnderTest) -> None:
    graphql, http = service(own_db)
    token = await issue_token(own_db, "VIEWER", user="dashboard")
    async with http:
        assert (await graphql.as_(token).data(VIEWER))["viewer"]["role"] == "VIEWER"
        # `hia token revoke` run elsewhere: its own engine, its own transaction
        other = create_engine(own_db.url)
        try:
            async with transaction(create_session_factory(other)) as session:
                await tokens.revoke(session, token[:12])
        finally:
            await other.dispose()
        refused = await graphql.as_(token).data(VIEWER)
    assert refused["viewer"]["role"] is None
    assert refused["viewer"]["tokenProblem"]


async def test_a_known_token_that_has_since_expired_is_refused(
    own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    graphql, http = service(own_db)
    token = await issue_token(own_db, "VIEWER", user="dashboard", days=1)
    async with http:
        assert (await graphql.as_(token).data(VIEWER))["viewer"]["role"] == "VIEWER"
        later = tokens.now() + dt.timedelta(days=2)
        monkeypatch.setattr(tokens, "now", lambda: later)
        expired = await graphql.as_(token).data(VIEWER)
    assert expired["viewer"]["role"] is None
    assert expired["viewer"]["tokenProblem"]


async def test_refused_tokens_are_never_kept(own_db: DatabaseUnderTest) -> None:
    graphql, http = service(own_db)
    async with http:
        for n in range(3):
            with count_statements(own_db.engine) as seen:
                answer = await graphql.as_(f"hia_not-a-token-{n}").data(VIEWER)
            assert answer["viewer"]["role"] is None
            assert token_reads(seen.statements) == 1
