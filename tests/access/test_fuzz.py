"""Generated operations (hypothesis-graphql) against the real endpoint, as several roles: no 5xx, no
unexpected (masked) error, and nothing returned under a denial. Half of the operations carry their argument
values in `variables` instead of inline, some of them spoiled with values their types refuse: variable values
take a different path through graphql-core (coercion before execution) from inline literals (validation)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Any

import httpx
import pytest
from graphql import (
    ArgumentNode,
    DocumentNode,
    NameNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    parse,
    parse_type,
    print_ast,
    value_from_ast_untyped,
    visit,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from hypothesis_graphql import strategies as gql

from schema import build_schema
from service.app import create_app
from service.config import Settings
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest

SDL = build_schema().as_str()
SCALARS = {
    "Date": st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)).map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat())),
    "JSON": st.just(nodes.String("{}")),
}
ROLES = {
    "ANONYMOUS": None,
    "VIEWER": ("VIEWER", "panzhihua", None),
    "DEPARTMENT_OFFICER": ("DEPARTMENT_OFFICER", None, "panzhihua.urban-management-bureau"),
    "COMMITTEE_SECRETARY": ("COMMITTEE_SECRETARY", "panzhihua", None),
    "ADMIN": ("ADMIN", None, None),
}
PER_ROLE = 420  # five roles: over 2,000 operations
SCHEMA = build_schema()._schema
# Values a type refuses or a service must read carefully, put in place of a generated leaf value.
SPOILERS: list[Any] = [
    "abc",
    -1,
    2**31,
    9007199254740993,
    1e308,
    "2024-02-30",
    "²",
    "",
    None,
    [],
    {},
    "a\x00b",
    "生活垃圾\u3000焚烧",
    "\u202edesrever",
    "x" * 5000,
]


class _ToVariables(Visitor):
    """Turns every argument's literal value into a variable of the argument's declared type."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.definitions: list[VariableDefinitionNode] = []
        self.values: dict[str, Any] = {}

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        argument = self.type_info.get_argument()
        if argument is None or isinstance(node.value, VariableNode):
            return None
        name = f"v{len(self.definitions)}"
        self.definitions.append(
            VariableDefinitionNode(
                variable=VariableNode(name=NameNode(value=name)), type=parse_type(str(argument.type)), directives=()
            )
        )
        self.values[name] = value_from_ast_untyped(node.value)
        return ArgumentNode(name=node.name, value=VariableNode(name=NameNode(value=name)))


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [path]


def _spoil(values: dict[str, Any], spoilers: list[tuple[int, Any]]) -> None:
    leaves = _leaves(values)
    for position, spoiler in spoilers:
        if not leaves:
            return
        *parents, last = leaves[position % len(leaves)]
        holder: Any = values
        for step in parents:
            holder = holder[step]
        holder[last] = spoiler


def with_variables(query: str, spoilers: list[tuple[int, Any]]) -> dict[str, Any]:
    """The request body for `query` with its argument values moved into `variables` (some spoiled)."""
    document = parse(query)
    type_info = TypeInfo(SCHEMA)
    collector = _ToVariables(type_info)
    rewritten: DocumentNode = visit(document, TypeInfoVisitor(type_info, collector))
    operation = rewritten.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    declared = dataclasses.replace(operation, variable_definitions=tuple(collector.definitions))
    _spoil(collector.values, spoilers)
    return {"query": print_ast(DocumentNode(definitions=(declared,))), "variables": collector.values}


def _at(data: Any, path: list[Any]) -> Any:
    for step in path:
        if data is None:
            return None
        data = data[step]
    return data


def check(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text[:500]
    body = response.json()
    for error in body.get("errors") or []:
        assert "Unexpected error" not in error["message"], (error, body)
        code = (error.get("extensions") or {}).get("code")
        if code in ("FORBIDDEN", "UNAUTHENTICATED") and error.get("path"):
            assert _at(body.get("data"), error["path"]) is None, ("denied data returned", body)


@pytest.mark.parametrize("role", list(ROLES))
async def test_generated_operations_never_crash_or_leak(screening_db: DatabaseUnderTest, role: str) -> None:
    headers = {}
    if ROLES[role] is not None:
        kind, jurisdiction, department = ROLES[role]  # type: ignore[misc]
        token = await issue_token(screening_db, kind, jurisdiction, department, user=f"fuzz-{role}")
        headers["authorization"] = f"Bearer {token}"
    # A short time limit: an operation that hangs fails the test (as a 503) instead of stalling it.
    app = create_app(
        Settings(database_url=screening_db.url, env="test", request_timeout_s=5), engine=screening_db.engine
    )
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://hia.test", headers=headers
    ) as client:
        operations = st.one_of(gql.queries(SDL, custom_scalars=SCALARS), gql.mutations(SDL, custom_scalars=SCALARS))

        @settings(
            max_examples=PER_ROLE,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            operations,
            st.booleans(),
            st.lists(st.tuples(st.integers(0, 50), st.sampled_from(SPOILERS)), max_size=3),
        )
        def run(query: str, as_variables: bool, spoilers: list[tuple[int, Any]]) -> None:
            body = with_variables(query, spoilers) if as_variables else {"query": query}
            # hypothesis drives synchronously; each operation runs on the test's event loop
            response = asyncio.run_coroutine_threadsafe(client.post("/graphql", json=body), loop)
            try:
                check(response.result(timeout=60))
            except AssertionError as exc:
                raise AssertionError(f"{exc}\nrequest: {body}") from None

        await asyncio.to_thread(run)
