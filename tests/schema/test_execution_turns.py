"""Turns to execute (HIA_CONCURRENT_REQUESTS): a process runs at most that many GraphQL requests at once, the rest
wait their turn, and a client that sends its body slowly holds no turn while it does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.app import HiaGraphQL, create_app
from service.config import ConfigError, Settings
from tests.fixtures.database import DatabaseUnderTest, fresh_database

QUERY = {"query": "{ departments(first: 3) { nodes { code } } }"}


@pytest.fixture
async def own_db(tmp_path: Path) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(tmp_path, load=True) as db:
        yield db


def app_with(db: DatabaseUnderTest, turns: int) -> Any:
    # The response cache is off so that every request executes.
    settings = Settings(database_url=db.url, env="test", response_cache_entries=0, concurrent_requests=turns)
    return create_app(settings, engine=db.engine)


async def most_at_once(db: DatabaseUnderTest, turns: int, monkeypatch: pytest.MonkeyPatch, clients: int) -> int:
    inside = 0
    most = 0
    original = HiaGraphQL.execute_single

    async def counted(self: HiaGraphQL, *args: Any, **kwargs: Any) -> Any:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        try:
            await asyncio.sleep(0.05)  # long enough for every other client to arrive meanwhile
            return await original(self, *args, **kwargs)
        finally:
            inside -= 1

    monkeypatch.setattr(HiaGraphQL, "execute_single", counted)
    transport = httpx.ASGITransport(app=app_with(db, turns))
    async with httpx.AsyncClient(transport=transport, base_url="http://hia.test") as http:
        answers = await asyncio.gather(*(http.post("/graphql", json=QUERY) for _ in range(clients)))
    assert all(a.status_code == 200 and len(a.json()["data"]["departments"]["nodes"]) == 3 for a in answers)
    return most


async def test_no_more_requests_execute_at_once_than_the_process_has_turns(
    own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await most_at_once(own_db, 2, monkeypatch, clients=10) == 2


async def test_zero_turns_means_no_bound(own_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    assert await most_at_once(own_db, 0, monkeypatch, clients=10) == 10


async def test_a_client_sending_its_body_slowly_holds_no_turn(own_db: DatabaseUnderTest) -> None:
    # given a process with one turn, and a client that sent half its body and then nothing more
    app = app_with(own_db, 1)
    never = asyncio.Event()
    first_part_sent = False

    async def slow_receive() -> dict[str, Any]:
        nonlocal first_part_sent
        if not first_part_sent:
            first_part_sent = True
            return {"type": "http.request", "body": b'{"query": "{ depa', "more_body": True}
        await never.wait()
        return {"type": "http.disconnect"}

    async def ignore(_message: dict[str, Any]) -> None:
        return None

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"hia.test"), (b"content-type", b"application/json"), (b"content-length", b"100")],
        "client": ("127.0.0.1", 50000),
        "server": ("hia.test", 80),
    }
    async with app.router.lifespan_context(app):
        slow = asyncio.create_task(app(scope, slow_receive, ignore))
        await asyncio.sleep(0.1)
        try:
            # when another client asks, then it is answered while the slow one is still sending
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hia.test") as http:
                answer = await asyncio.wait_for(http.post("/graphql", json=QUERY), timeout=10)
            assert answer.status_code == 200
            assert not slow.done()
        finally:
            slow.cancel()
            await asyncio.gather(slow, return_exceptions=True)


def test_the_number_of_turns_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIA_CONCURRENT_REQUESTS", raising=False)
    assert Settings.from_env().concurrent_requests == 4
    monkeypatch.setenv("HIA_CONCURRENT_REQUESTS", "3")
    assert Settings.from_env().concurrent_requests == 3
    monkeypatch.setenv("HIA_CONCURRENT_REQUESTS", "-1")
    with pytest.raises(ConfigError, match="HIA_CONCURRENT_REQUESTS"):
        Settings.from_env()
