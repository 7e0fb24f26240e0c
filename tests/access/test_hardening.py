"""The endpoint refuses what a public GraphQL endpoint must refuse, naming the limit each time."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from db.session import DEFAULT_BUSY_TIMEOUT_MS, create_engine
from schema.limits import MAX_ALIASES, MAX_COST, MAX_DEPTH, MAX_TOKENS
from service.app import create_app
from service.config import Settings
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest, backend


@pytest.fixture
async def http(screening_db: DatabaseUnderTest) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=screening_db.url, env="test"), engine=screening_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        yield client


async def errors_of(http: httpx.AsyncClient, query: str) -> list[dict]:
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 200
    errors: list[dict] = response.json()["errors"]
    return errors


async def test_depth_20_is_refused(http: httpx.AsyncClient) -> None:
    nested = "parent { " * 19 + "code" + " }" * 19
    errors = await errors_of(http, f'{{ jurisdiction(code: "panzhihua.renhe") {{ {nested} }} }}')
    assert f"exceeds maximum operation depth of {MAX_DEPTH}" in errors[0]["message"]


async def test_50_aliases_are_refused_also_through_fragments(http: httpx.AsyncClient) -> None:
    direct = " ".join(f'a{i}: jurisdiction(code: "wuzhong") {{ code }}' for i in range(50))
    assert f"Allowed: {MAX_ALIASES}" in (await errors_of(http, f"{{ {direct} }}"))[0]["message"]
    spread = " ".join(f"a{i}: code" for i in range(50))
    fragments = f'{{ jurisdiction(code: "wuzhong") {{ ...F }} }} fragment F on Jurisdiction {{ {spread} }}'
    assert f"Allowed: {MAX_ALIASES}" in (await errors_of(http, fragments))[0]["message"]


async def test_too_many_tokens_are_refused(http: httpx.AsyncClient) -> None:
    query = "{ viewer { " + " ".join(["role"] * (MAX_TOKENS + 10)) + " } }"
    errors = await errors_of(http, query)
    assert f"{MAX_TOKENS}" in errors[0]["message"]


async def test_a_query_that_could_return_too_many_nodes_is_refused(http: httpx.AsyncClient) -> None:
    query = """query Wide { departments(first: 100) { nodes { jurisdiction {
        departments(first: 100) { nodes { code portfolios { code } } } } } } }"""
    errors = await errors_of(http, query)
    assert (
        errors[0]["message"] == f"'Wide' could return 40,100 nodes; the limit is {MAX_COST:,} (ask for smaller pages)"
    )
    # a page size given as a variable counts at the maximum
    with_variable = """query($n: Int) { departments(first: $n) { nodes { jurisdiction {
        departments(first: 100) { nodes { code portfolios { code } } } } } } }"""
    assert "could return 40,100 nodes" in (await errors_of(http, with_variable))[0]["message"]


async def test_an_oversized_body_is_refused(http: httpx.AsyncClient) -> None:
    body = json.dumps({"query": "{ viewer { role } }", "padding": "x" * (3 * 1024 * 1024)})
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "over the limit of 2,097,152 bytes" in response.json()["errors"][0]["message"]


async def test_form_encoded_posts_are_refused(http: httpx.AsyncClient, screening_db: DatabaseUnderTest) -> None:
    token = await issue_token(screening_db, "COMMITTEE_SECRETARY", "panzhihua", user="csrf")
    mutation = (
        'mutation { createProposal(input: {kind: POLICY, title: "csrf", jurisdiction: "panzhihua",'
        ' sponsoringDepartment: "panzhihua.tourism-bureau"}) { proposal { id } } }'
    )
    response = await http.post("/graphql", data={"query": mutation}, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_queries_and_mutations_over_get_are_refused(http: httpx.AsyncClient) -> None:
    mutation = 'mutation { publishChecklist(input: {yaml: "x"}) { userErrors { code } } }'
    for operation in (mutation, "{ viewer { role } }"):
        response = await http.get("/graphql", params={"query": operation}, headers={"accept": "application/json"})
        assert response.status_code >= 400
        assert "data" not in response.text or '"publishChecklist"' not in response.text


async def test_production_turns_off_introspection_graphiql_and_hints(screening_db: DatabaseUnderTest) -> None:
    settings = Settings(database_url=screening_db.url, env="production")
    app = create_app(settings, engine=screening_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        introspection = (await client.post("/graphql", json={"query": "{ __schema { types { name } } }"})).json()
        assert "introspection" in introspection["errors"][0]["message"].lower()
        typo = (await client.post("/graphql", json={"query": '{ jurisdicton(code: "x") { code } }'})).json()
        assert "Did you mean" not in typo["errors"][0]["message"]
        ide = await client.get("/graphql", headers={"accept": "text/html"})
        assert ide.status_code >= 400
    # and in development, the hint is there to help
    dev = create_app(replace(settings, env="development"), engine=screening_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=dev), base_url="http://hia.test") as client:
        typo = (await client.post("/graphql", json={"query": '{ jurisdicton(code: "x") { code } }'})).json()
        assert "Did you mean" in typo["errors"][0]["message"]


async def test_a_request_over_its_time_limit_is_stopped(screening_db: DatabaseUnderTest) -> None:
    app = create_app(
        Settings(database_url=screening_db.url, env="test", request_timeout_s=0.000_001), engine=screening_db.engine
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        response = await client.post("/graphql", json={"query": "{ jurisdictions(first: 100) { totalCount } }"})
    assert response.status_code == 503
    assert "took longer than the limit" in response.json()["errors"][0]["message"]


async def test_postgres_sessions_carry_a_statement_timeout(screening_db: DatabaseUnderTest) -> None:
    settings = Settings(database_url=screening_db.url, env="test", statement_timeout_ms=1234)
    engine = create_engine(settings.database_url, statement_timeout_ms=settings.statement_timeout_ms)
    try:
        from sqlalchemy import text

        async with engine.connect() as connection:
            if backend() == "postgresql":
                assert (await connection.execute(text("SHOW statement_timeout"))).scalar() == "1234ms"
            else:  # SQLite has no statement timeout; its busy timeout bounds waits for another process's lock
                assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() == DEFAULT_BUSY_TIMEOUT_MS
    finally:
        await engine.dispose()


async def websocket_exchange(app: object, origin: str, protocol: str, send_first: dict | None) -> list[dict]:
    """Open a WebSocket on /graphql at the ASGI level; what the server sent back."""
    incoming: asyncio.Queue[dict] = asyncio.Queue()
    sent: list[dict] = []
    await incoming.put({"type": "websocket.connect"})
    if send_first is not None:
        await incoming.put({"type": "websocket.receive", "text": json.dumps(send_first)})

    async def receive() -> dict:
        return await incoming.get()

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "websocket.send" or message["type"] == "websocket.close":
            await incoming.put({"type": "websocket.disconnect", "code": 1000})

    scope = {
        "type": "websocket",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "headers": [
            (b"host", b"hia.test"),
            (b"origin", origin.encode()),
            (b"sec-websocket-protocol", protocol.encode()),
        ],
        "subprotocols": [protocol],
        "scheme": "ws",
        "server": ("hia.test", 80),
        "client": ("127.0.0.1", 5000),
        "root_path": "",
        "asgi": {"version": "3.0"},
        "state": {},
    }
    await asyncio.wait_for(app(scope, receive, send), 10)  # type: ignore[operator]
    return sent


async def test_websockets_from_other_origins_and_the_legacy_protocol_are_refused(
    screening_db: DatabaseUnderTest,
) -> None:
    app = create_app(Settings(database_url=screening_db.url, env="test"), engine=screening_db.engine)
    other_origin = await websocket_exchange(app, "https://evil.example", "graphql-transport-ws", None)
    assert other_origin[-1] == {"type": "websocket.close", "code": 4403, "reason": "origin not allowed"}
    legacy = await websocket_exchange(app, "http://hia.test", "graphql-ws", None)
    # strawberry accepts the socket without a subprotocol, then closes it: the legacy protocol is not spoken
    assert legacy[-1] == {"type": "websocket.close", "code": 4406, "reason": "Subprotocol not acceptable"}
    same_origin = await websocket_exchange(app, "http://hia.test", "graphql-transport-ws", {"type": "connection_init"})
    assert same_origin[0]["type"] == "websocket.accept"
    assert json.loads(same_origin[1]["text"])["type"] == "connection_ack"


async def test_the_access_log_names_principal_operation_and_outcome_but_no_token(
    http: httpx.AsyncClient, screening_db: DatabaseUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    token = await issue_token(screening_db, "VIEWER", user="logged")
    with caplog.at_level(logging.INFO, logger="hia.access"):
        await http.post(
            "/graphql", json={"query": "query Who { viewer { role } }"}, headers={"authorization": f"Bearer {token}"}
        )
    line = json.loads([r for r in caplog.records if r.name == "hia.access"][-1].getMessage())
    assert line["user"] == "logged"
    assert line["role"] == "VIEWER"
    assert line["operation"] == "Who"
    assert line["outcome"] == "ok"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert token not in json.dumps(line)
    assert line["token"] == token[:12]


async def test_control_characters_get_clean_answers_not_internal_errors(
    screening_db: DatabaseUnderTest, http: httpx.AsyncClient
) -> None:
    # NUL cannot even be sent to PostgreSQL: codes holding one are simply unknown, text holding one is refused
    token = await issue_token(screening_db, "COMMITTEE_SECRETARY", "panzhihua", user="nul")
    headers = {"authorization": f"Bearer {token}"}
    lookup = await http.post("/graphql", json={"query": '{ jurisdiction(code: "wu\\u0000zhong") { code } }'})
    assert lookup.json() == {"data": {"jurisdiction": None}}
    create = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
        proposal { id } userErrors { field code } } }"""
    bad_code = {"kind": "POLICY", "title": "t", "jurisdiction": "\u0000", "sponsoringDepartment": "x"}
    body = (
        await http.post("/graphql", json={"query": create, "variables": {"input": bad_code}}, headers=headers)
    ).json()
    assert body["data"]["createProposal"]["userErrors"] == [{"field": ["input", "jurisdiction"], "code": "NOT_FOUND"}]
    bad_text = {
        "kind": "POLICY",
        "title": "a\u0000b",
        "jurisdiction": "panzhihua",
        "sponsoringDepartment": "panzhihua.tourism-bureau",
        "summary": "line one\nline two",
    }
    body = (
        await http.post("/graphql", json={"query": create, "variables": {"input": bad_text}}, headers=headers)
    ).json()
    assert body["data"]["createProposal"]["userErrors"] == [{"field": ["input", "title"], "code": "INVALID"}]
    search = (
        await http.post(
            "/graphql", json={"query": '{ departments(first: 1, filter: {search: "\\u0000"}) { totalCount } }'}
        )
    ).json()
    assert search["errors"][0]["extensions"]["field"] == ["filter", "search"]
