"""Kept responses (service/response_cache.py): a repeated read is served without running it again, and never
shows older data than the database holds, another reader's answer, or yesterday's overdue flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from db.data_version import CATALOG_TABLES, DataVersion, Versions, tables_named
from db.session import create_engine, create_session_factory, transaction
from service import response_cache
from service.app import create_app
from service.config import Settings
from service.response_cache import KeptBody, ResponseCache, is_read
from service.review import settings as review_settings
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest, fresh_database, write_outside_the_groups
from tests.fixtures.graphql import GraphQLClient, count_statements

DEPARTMENT = """query($code: String!) { department(code: $code) { code nameEn } }"""
VIEWER = "{ viewer { user role } }"


FIXED = Versions(overall="1", catalog="1", access="1")


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path, load=True) as db:
        yield db


async def client(db: DatabaseUnderTest, entries: int = 512) -> tuple[GraphQLClient, httpx.AsyncClient, ResponseCache]:
    app = create_app(Settings(database_url=db.url, env="test", response_cache_entries=entries), engine=db.engine)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test")
    return GraphQLClient(http), http, app.state.responses


async def a_department(db: DatabaseUnderTest) -> str:
    async with db.factory() as session:
        return str((await session.execute(text("SELECT code FROM department ORDER BY id LIMIT 1"))).scalar_one())


async def test_a_repeated_read_is_served_without_running_it_again(own_db: DatabaseUnderTest) -> None:
    graphql, http, responses = await client(own_db)
    code = await a_department(own_db)
    async with http:
        with count_statements(own_db.engine) as first:
            answer = await graphql.data(DEPARTMENT, {"code": code})
        with count_statements(own_db.engine) as again:
            repeated = await graphql.data(DEPARTMENT, {"code": code})
    assert repeated == answer
    assert responses.hits == 1
    # only the data version is read (on PostgreSQL, through the pool; SQLite's has a connection of its own)
    assert again.count <= 1 < first.count


async def test_a_write_committed_by_another_connection_is_seen_at_once(own_db: DatabaseUnderTest) -> None:
    # given a read kept in the cache
    graphql, http, _responses = await client(own_db)
    code = await a_department(own_db)
    async with http:
        before = await graphql.data(DEPARTMENT, {"code": code})
        # when another process (its own engine) renames the department
        other = create_engine(own_db.url)
        try:
            async with transaction(create_session_factory(other)) as session:
                await session.execute(
                    text("UPDATE department SET name_en = 'Renamed Bureau' WHERE code = :code"), {"code": code}
                )
        finally:
            await other.dispose()
        # then the same read shows the new name
        after = await graphql.data(DEPARTMENT, {"code": code})
    assert before["department"]["nameEn"] != "Renamed Bureau"
    assert after["department"]["nameEn"] == "Renamed Bureau"


async def test_a_catalog_read_stays_kept_while_other_tables_are_written(own_db: DatabaseUnderTest) -> None:
    # given a read of the catalog and a read of proposals, each kept
    graphql, http, responses = await client(own_db)
    token = await issue_token(own_db, "COMMITTEE_SECRETARY", jurisdiction="wuzhong", user="secretary")
    code = await a_department(own_db)
    proposals = "{ proposals(first: 1) { totalCount } }"
    async with http:
        await graphql.data(DEPARTMENT, {"code": code})
        await graphql.as_(token).data(proposals)
        # when another process writes outside the catalog
        await write_outside_the_groups(own_db.url)
        # then the catalog read is still served as kept, and the read of proposals runs again
        with count_statements(own_db.engine) as catalog_again:
            await graphql.data(DEPARTMENT, {"code": code})
        with count_statements(own_db.engine) as proposals_again:
            await graphql.as_(token).data(proposals)
    assert responses.hits == 1
    assert catalog_again.count <= 1 < proposals_again.count


def test_a_read_is_as_wide_as_the_tables_its_statements_name() -> None:
    assert tables_named('SELECT department.code FROM department JOIN "plan" ON true') == {"department", "plan"}
    assert tables_named("SELECT count(*) FROM proposal WHERE proposal.sponsor_id = ?") == {"proposal"}
    assert not tables_named("SELECT 1")
    assert not tables_named("BEGIN")
    assert "proposal" not in CATALOG_TABLES
    assert {"department", "indicator", "target"} <= CATALOG_TABLES


async def test_readers_never_share_a_kept_response(own_db: DatabaseUnderTest) -> None:
    graphql, http, _responses = await client(own_db)
    token = await issue_token(own_db, "VIEWER", user="dashboard")
    async with http:
        anonymous = await graphql.data(VIEWER)
        signed_in = await graphql.as_(token).data(VIEWER)
        anonymous_again = await graphql.data(VIEWER)
    assert anonymous["viewer"] == {"user": None, "role": None}
    assert signed_in["viewer"] == {"user": "dashboard", "role": "VIEWER"}
    assert anonymous_again == anonymous


async def test_a_new_day_runs_the_read_again(own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    # overdue flags compare due dates with today: a response kept yesterday is not served today
    graphql, http, responses = await client(own_db)
    code = await a_department(own_db)
    async with http:
        await graphql.data(DEPARTMENT, {"code": code})
        tomorrow = review_settings.today() + dt.timedelta(days=1)
        monkeypatch.setattr(review_settings, "today", lambda: tomorrow)
        await graphql.data(DEPARTMENT, {"code": code})
    assert responses.hits == 0


async def test_errors_and_mutations_are_never_kept(own_db: DatabaseUnderTest) -> None:
    graphql, http, responses = await client(own_db)
    async with http:
        for _ in range(2):
            await graphql.errors('{ department(code: "no-such-department") { code } nodes(ids: ["x"]) { id } }')
    assert responses.hits == 0
    # a document's mutation is not a read, whichever operation is named
    document = 'query A { viewer { user } } mutation B { revokeToken(prefix: "x") { userErrors { code } } }'
    assert is_read(document, "A")
    assert not is_read(document, "B")
    assert not is_read(document, None)  # two operations and none named: the executor refuses it
    assert not is_read("subscription { proposalEvents { kind } }", None)
    assert not is_read("{ not valid", None)


async def test_the_cache_can_be_turned_off(own_db: DatabaseUnderTest) -> None:
    graphql, http, responses = await client(own_db, entries=0)
    code = await a_department(own_db)
    async with http:
        await graphql.data(DEPARTMENT, {"code": code})
        with count_statements(own_db.engine) as again:
            await graphql.data(DEPARTMENT, {"code": code})
    assert (responses.hits, responses.enabled) == (0, False)
    assert again.count > 1


async def test_the_least_recently_used_response_makes_room() -> None:
    responses = ResponseCache(entries=2)
    lookups = [responses.lookup("{ a }", None, {"n": n}, "reader", FIXED) for n in range(3)]
    for lookup in lookups:
        assert lookup is not None
        responses.put(lookup, KeptBody("{}"), {"department"})
    assert lookups[0] is not None
    assert lookups[2] is not None
    assert responses.get(lookups[0]) is None
    assert responses.get(lookups[2]) == "{}"


async def test_an_in_memory_database_has_no_data_version() -> None:
    engine = create_engine("sqlite+aiosqlite:///:memory:")
    try:
        assert await DataVersion(engine).current() is None
    finally:
        await engine.dispose()


async def test_what_a_client_sends_cannot_grow_the_cache_past_its_bounds() -> None:
    responses = ResponseCache(entries=10)
    # a query longer than integrators write is not kept (nor parsed a second time)
    long_query = "{ " + "a " * response_cache.MAX_KEPT_QUERY_CHARS + "}"
    assert responses.lookup(long_query, None, None, "reader", FIXED) is None
    # a key holds a digest of the request, not the request
    lookup = responses.lookup("{ viewer { user } }", None, {"x": "y" * 10_000}, "reader", FIXED)
    assert lookup is not None
    assert len(repr(lookup)) < 500
    # a body over the limit is sent, not kept
    responses.put(lookup, KeptBody("x" * (response_cache.MAX_BODY_BYTES + 1)), set())
    assert responses.get(lookup) is None


async def test_a_data_version_that_cannot_be_read_leaves_the_request_to_run(
    own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    graphql, http, responses = await client(own_db)

    async def unreadable(_self: DataVersion) -> Versions | None:
        raise OSError("the database is restarting")

    monkeypatch.setattr(DataVersion, "current", unreadable)
    async with http:
        first = await graphql.data(VIEWER)
        again = await graphql.data(VIEWER)
    assert first == again == {"viewer": {"user": None, "role": None}}
    assert responses.hits == 0
