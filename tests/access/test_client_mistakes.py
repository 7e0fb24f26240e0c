"""A client's mistake is named as one, with a code, and logged as one; only the service's own faults are masked
and logged as alerts. Reproductions from issue 10 (items 6, 7, 8 and 10)."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

import schema.access
from service.app import create_app
from service.config import Settings
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient

CREATE = "mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id } } }"
DRAFT = {
    "kind": "PROJECT",
    "title": "污水处理厂提标改造",
    "jurisdiction": "panzhihua",
    "sponsoringDepartment": "panzhihua.tourism-bureau",
}


@pytest.fixture
async def http(screening_db: DatabaseUnderTest) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=screening_db.url, env="production"), engine=screening_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        yield client


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        (CREATE, {"input": {**DRAFT, "constructionStart": "2024-02-30"}}, "day is out of range for month"),
        (CREATE, {"input": {**DRAFT, "kind": "NOPE"}}, "Value 'NOPE' does not exist in 'ProposalKind' enum"),
        (CREATE, {"input": {**DRAFT, "investmentYuan": 9007199254740993}}, "would lose precision"),
        ("query($n: Int) { departments(first: $n) { totalCount } }", {"n": "abc"}, "non-integer value: 'abc'"),
        ("query($n: Int!) { departments(first: $n) { totalCount } }", {}, "non-null type 'Int!' to be provided"),
    ],
)
async def test_a_variable_its_type_refuses_is_a_bad_user_input(
    anonymous_screening_api: GraphQLClient, query: str, variables: dict[str, Any], expected: str
) -> None:
    errors = await anonymous_screening_api.errors(query, variables)
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert errors[0]["message"].startswith("Variable '$")
    assert expected in errors[0]["message"]


async def test_numbers_json_does_not_have_are_refused_as_bad_json(http: httpx.AsyncClient) -> None:
    for number in (b"NaN", b"Infinity"):
        body = b'{"query": "query($f: Float) { viewer { role } }", "variables": {"f": ' + number + b"}}"
        response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"] == {"code": "INVALID_JSON"}
    # 1e999 is JSON; as a Float it is out of range, which the type says
    body = b'{"query": "query($f: Float) { viewer { role } }", "variables": {"f": 1e999}}'
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("raw", ["Jurisdiction:²", "Jurisdiction:99999999999", "Jurisdiction:-1", "Proposal:٣"])
async def test_odd_digits_in_a_global_id_find_nothing(screening_api: GraphQLClient, raw: str) -> None:
    data = await screening_api.data("query($id: ID!) { node(id: $id) { id } }", {"id": global_id(raw)})
    assert data == {"node": None}


async def test_an_odd_proposal_id_in_a_mutation_is_not_found(screening_api: GraphQLClient) -> None:
    mutation = """mutation($id: ID!) { submitProposal(input: {id: $id, idempotencyKey: "odd-id"}) {
        userErrors { field message code } } }"""
    body = await screening_api.post(mutation, {"id": global_id("Proposal:99999999999")})
    assert "errors" not in body, body
    assert body["data"]["submitProposal"]["userErrors"][0]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"query": "{ viewer { role } }", "variables": {"v": ' + b"[" * 5000 + b"]" * 5000 + b"}}", "JSON_TOO_DEEP"),
        (b'{"query": "{ viewer { role } }", "variables": ' + b'{"a": ' * 100 + b"1" + b"}" * 101, "JSON_TOO_DEEP"),
        (b'{"query": "{ viewer { role \xff\xfe } }"}', "INVALID_ENCODING"),
        (b'{"query": ', "INVALID_JSON"),
    ],
)
async def test_a_body_that_is_not_json_gets_a_json_error(http: httpx.AsyncClient, body: bytes, code: str) -> None:
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"] == {"code": code}


async def test_json_as_deep_as_a_real_input_is_still_read(http: httpx.AsyncClient) -> None:
    body = {"query": "{ viewer { role } }", "variables": {"v": json.loads("[" * 30 + "]" * 30)}}
    response = await http.post("/graphql", json=body)
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"role": None}}}


@pytest.mark.parametrize(
    ("expires", "signature"),
    [("4102444800", "签名"), ("9" * 5000, "ab"), ("²", "ab")],
)
async def test_a_bad_report_link_is_refused_in_json(http: httpx.AsyncClient, expires: str, signature: str) -> None:
    response = await http.get("/reports/P-1.html", params={"expires": expires, "signature": signature})
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


async def test_a_database_that_is_down_during_token_lookup_is_a_503_to_retry() -> None:
    app = create_app(Settings(database_url="postgresql+asyncpg://postgres@127.0.0.1:1/hia", env="production"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        response = await client.post(
            "/graphql", json={"query": "{ viewer { role } }"}, headers={"authorization": "Bearer hia_x"}
        )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["errors"][0]["extensions"] == {"code": "DATABASE_UNAVAILABLE"}


@pytest.mark.parametrize(
    "title",
    [
        "生活垃圾\u3000焚烧发电项目",  # ideographic space
        "Route\u00a0G5 widening",  # no-break space
        "第一段\u2028第二段",  # line separator
        "\ufeff关于加强控烟工作的通知",  # byte-order mark pasted from Word
        "家庭医生签约 \U0001f468\u200d\U0001f469\u200d\U0001f467",  # emoji joined with ZWJ
    ],
)
async def test_chinese_typography_and_emoji_are_accepted(screening_api: GraphQLClient, title: str) -> None:
    mutation = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
        proposal { title } userErrors { field message } } }"""
    payload = (await screening_api.data(mutation, {"input": {**DRAFT, "title": title, "summary": title}}))[
        "createProposal"
    ]
    assert payload["userErrors"] == []
    assert payload["proposal"]["title"] == title.strip()


@pytest.mark.parametrize(
    ("text", "named"),
    [("a\x00b", "U+0000 at character 2"), ("ab\u202ecba", "U+202E at character 3"), ("x\x85", "U+0085")],
)
async def test_controls_and_bidi_overrides_are_refused_by_name(
    screening_api: GraphQLClient, text: str, named: str
) -> None:
    mutation = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
        proposal { id } userErrors { field message } } }"""
    payload = (await screening_api.data(mutation, {"input": {**DRAFT, "summary": text}}))["createProposal"]
    assert payload["proposal"] is None
    assert payload["userErrors"][0]["field"] == ["input", "summary"]
    assert "must not contain control characters" in payload["userErrors"][0]["message"]
    assert named in payload["userErrors"][0]["message"]


async def test_client_errors_are_logged_without_a_traceback_and_faults_with_one(
    screening_db: DatabaseUnderTest,
    anonymous_screening_api: GraphQLClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    viewer_only = anonymous_screening_api.as_(await issue_token(screening_db, "VIEWER", "panzhihua", user="logs"))
    with caplog.at_level(logging.INFO):
        await anonymous_screening_api.errors("{ proposals(first: 1) { totalCount } }")  # UNAUTHENTICATED
        await viewer_only.errors("{ departments(first: 1000) { totalCount } }")  # PAGE_SIZE_LIMIT
        await viewer_only.errors("query($n: Int!) { departments(first: $n) { totalCount } }")  # BAD_USER_INPUT
    records = [r for r in caplog.records if r.name.startswith(("hia.graphql", "strawberry"))]
    assert [r.levelno for r in records] == [logging.INFO] * 3, [r.getMessage() for r in records]
    assert all(r.exc_info is None for r in records)
    assert [r.getMessage().split(": ")[1].split()[0] for r in records] == [
        "UNAUTHENTICATED",
        "PAGE_SIZE_LIMIT",
        "BAD_USER_INPUT",
    ]

    def broken_viewer(**_: Any) -> None:
        raise RuntimeError("a fault of the service's own")

    monkeypatch.setattr(schema.access, "Viewer", broken_viewer)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        errors = await viewer_only.errors("{ viewer { role } }")
    assert errors[0]["message"] == "Unexpected error; it has been logged."
    faults = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(faults) == 1
    assert faults[0].exc_info is not None
    assert "a fault of the service's own" in str(faults[0].exc_info[1])
