"""Generated operations (hypothesis-graphql) against the real endpoint, as several roles: no 5xx, no
unexpected (masked) error, and nothing returned under a denial."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
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
        @given(operations)
        def run(query: str) -> None:
            # hypothesis drives synchronously; each operation runs on the test's event loop
            response = asyncio.run_coroutine_threadsafe(client.post("/graphql", json={"query": query}), loop)
            try:
                check(response.result(timeout=60))
            except AssertionError as exc:
                raise AssertionError(f"{exc}\nquery: {query}") from None

        await asyncio.to_thread(run)
