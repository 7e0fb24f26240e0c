"""Writers on the embedded SQLite default queue instead of failing: the service's own writers take turns in the
event loop, and a write that finds the database locked by another process past the busy timeout gets a BUSY
userError with nothing changed, never a masked unexpected error. SQLite only: PostgreSQL's row locks queue
writers by themselves."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.session import create_engine, create_session_factory, transaction
from service.app import create_app
from service.config import Settings
from tests.conftest import issue_token, screening_database
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_proposals_api import AIR_PROJECT, CREATE

COUNT_PROPOSALS = "{ proposals(first: 1) { totalCount } }"


async def test_concurrent_writers_take_turns_instead_of_failing_on_the_lock(tmp_path: Path) -> None:
    # given an engine whose SQLite busy timeout (100 ms) is far shorter than the first writer's transaction
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'turns.sqlite3'}", busy_timeout_ms=100)
    factory = create_session_factory(engine)
    try:
        async with transaction(factory) as session:
            await session.execute(text("CREATE TABLE written (who TEXT)"))

        async def write(who: str, hold_s: float) -> None:
            async with transaction(factory) as session:
                await session.execute(text("INSERT INTO written VALUES (:who)"), {"who": who})
                await asyncio.sleep(hold_s)

        # when five writers start together, the first holding its transaction for 600 ms
        await asyncio.gather(write("slow", 0.6), *(write(f"w{i}", 0.0) for i in range(4)))
        # then every one of them committed
        async with factory() as session:
            written = sorted((await session.execute(text("SELECT who FROM written"))).scalars())
        assert written == ["slow", "w0", "w1", "w2", "w3"]
    finally:
        await engine.dispose()


async def test_a_write_blocked_by_another_process_is_a_busy_user_error_and_stores_nothing(tmp_path: Path) -> None:
    async with screening_database(tmp_path, on="sqlite") as db:
        officer = await issue_token(db, "DEPARTMENT_OFFICER", department=AIR_PROJECT["sponsoringDepartment"])
        # a service whose busy timeout is short, so the test need not wait out the default
        engine = create_engine(db.url, busy_timeout_ms=200)
        app = create_app(Settings(database_url=db.url, env="test"), engine=engine)
        path = make_url(db.url).database
        assert path is not None
        other_process = sqlite3.connect(path, isolation_level=None)
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as http:
                client = GraphQLClient(http, officer)
                before = (await client.data(COUNT_PROPOSALS))["proposals"]["totalCount"]
                # given another process (the CLI, a second server) holding SQLite's write lock
                other_process.execute("BEGIN IMMEDIATE")
                # when a proposal is created
                payload = (await client.data(CREATE, {"input": AIR_PROJECT}))["createProposal"]
                # then the caller is told the database is busy and to retry, and nothing was stored
                assert payload["proposal"] is None
                [error] = payload["userErrors"]
                assert error["code"] == "BUSY"
                assert "try again" in error["message"]
                other_process.execute("ROLLBACK")
                assert (await client.data(COUNT_PROPOSALS))["proposals"]["totalCount"] == before
                # and once the lock is gone the same request succeeds
                retried = (await client.data(CREATE, {"input": AIR_PROJECT}))["createProposal"]
                assert retried["userErrors"] == []
        finally:
            other_process.close()
            await engine.dispose()


@pytest.mark.parametrize("clients", [12])
async def test_many_clients_creating_and_submitting_at_once_all_succeed(tmp_path: Path, clients: int) -> None:
    async with screening_database(tmp_path, on="sqlite") as db:
        officer = await issue_token(db, "DEPARTMENT_OFFICER", department=AIR_PROJECT["sponsoringDepartment"])
        app = create_app(Settings(database_url=db.url, env="test"), engine=db.engine)
        submit = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
          proposal { status } userErrors { code message } } }"""
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as http:
            client = GraphQLClient(http, officer)

            async def create_and_submit(i: int) -> str:
                created = (await client.data(CREATE, {"input": {**AIR_PROJECT, "title": f"并发{i}"}}))["createProposal"]
                assert created["userErrors"] == [], created
                done = (await client.data(submit, {"id": created["proposal"]["id"], "key": f"k{i}"}))["submitProposal"]
                assert done["userErrors"] == [], done
                status: str = done["proposal"]["status"]
                return status

            statuses = await asyncio.gather(*(create_and_submit(i) for i in range(clients)))
        assert statuses == ["IN_REVIEW"] * clients
